package dev.lucy.tools;

import dev.lucy.core.spi.ToolResult;
import java.util.concurrent.atomic.AtomicInteger;

/** Tools the executor and agent tests share: a weather lookup, a Zendesk ticket reader and a destructive delete. */
final class SampleTools {
    private SampleTools() {}

    /** Read-only, no provider: the weather in the city asked for, always {@code sky}. */
    static Tool weather(String sky) {
        return Tool.builder("get_weather")
                .description("Current weather and forecast (rain, sun, temperature) for a city")
                .schema("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                        + "\"required\":[\"city\"],\"additionalProperties\":false}")
                .tags("forecast", "rain")
                .handler((caller, args) -> ToolResult.success(
                        "{ \"city\": \"" + args.path("city").asText() + "\", \"sky\": \"" + sky + "\" }"))
                .build();
    }

    /** Needs a connection to {@code zendesk}: the ticket asked for, open. */
    static Tool ticketTool() {
        return Tool.builder("zendesk_get_ticket")
                .description("Get a support ticket from Zendesk by id")
                .provider("zendesk")
                .schema("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}},\"required\":[\"id\"]}")
                .tags("support", "ticket", "helpdesk")
                .handler((caller, args) ->
                        ToolResult.success("{\"id\":" + args.path("id").asInt() + ",\"status\":\"open\"}"))
                .build();
    }

    /** Destructive, so it waits for approval; counts each deletion that really ran. */
    static Tool deleteTask(AtomicInteger deletions, String... tags) {
        return Tool.builder("delete_task")
                .description("Delete a task for good")
                .schema("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}},\"required\":[\"id\"]}")
                .tags(tags)
                .sideEffect(SideEffect.DESTRUCTIVE)
                .handler((caller, args) -> {
                    deletions.incrementAndGet();
                    return ToolResult.success("{\"deleted\":" + args.path("id").asInt() + "}");
                })
                .build();
    }
}
