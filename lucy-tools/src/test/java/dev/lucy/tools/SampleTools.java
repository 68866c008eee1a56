package dev.lucy.tools;

import dev.lucy.core.spi.ToolResult;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Tools the executor, gate and agent tests share. */
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

    /** Destructive, so it waits for approval: deletes a project (nothing really). */
    static final Tool DELETE_PROJECT = Tool.builder("delete_project")
            .description("Delete a project and its tasks")
            .sideEffect(SideEffect.DESTRUCTIVE)
            .handler((caller, args) -> ToolResult.success("gone"))
            .build();

    /** Read-only, no provider, no arguments: always answers {@code result}. */
    static Tool answering(String name, String description, String result, String... tags) {
        return Tool.builder(name)
                .description(description)
                .tags(tags)
                .handler((caller, args) -> ToolResult.success(result))
                .build();
    }

    /** {@code slow_report}: never answers within its 200 ms budget; counts {@code interrupted} down when cut. */
    static Tool slowReport(String description, CountDownLatch interrupted, String... tags) {
        return Tool.builder("slow_report")
                .description(description)
                .timeout(Duration.ofMillis(200))
                .tags(tags)
                .handler((caller, args) -> {
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                    return ToolResult.success("late");
                })
                .build();
    }
}
