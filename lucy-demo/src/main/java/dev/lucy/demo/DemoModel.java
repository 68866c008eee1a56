package dev.lucy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.core.model.Message;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.Script;
import dev.lucy.testkit.model.Turn;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scripted model behind {@code ./lucy demo}: it answers the demo's questions the way a real model would,
 * from what Lucy sends it (the recalled facts in the prompt, the tools offered, the tool results), so the demo
 * shows Lucy's own behaviour and not canned text. Thread safe (stateless).
 */
final class DemoModel implements Script {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern Q1_TARGET = Pattern.compile("(?i)Q1 target is (\\$?[0-9][0-9.,]*[KkMm]?)");

    /** How long the simulated model "researches" in the background task. */
    private final Duration researchTime;

    DemoModel(Duration researchTime) {
        this.researchTime = researchTime;
    }

    @Override
    public Turn next(ModelRequest request) {
        String asked = request.lastUserText().orElse("").toLowerCase(Locale.ROOT);
        if (asked.contains("remember")) {
            return Reply.text("Noted, I'll keep that in mind for the team.");
        }
        if (asked.contains("q1 target")) {
            return Reply.text(recalled(request, Q1_TARGET)
                    .map(target -> "Our Q1 target is **" + target + "**, as the team told me earlier.")
                    .orElse("I don't know our Q1 target yet. Tell me and I'll remember it."));
        }
        if (asked.contains("every weekday")) {
            return toolThen(
                    request,
                    "create_schedule",
                    "{\"instruction\":\"post the open tasks of Launch\",\"cron\":\"0 9 * * MON-FRI\"}",
                    r -> "Scheduled: " + r.path("summary").asText() + ".");
        }
        if (asked.contains("in a few seconds")) {
            String at = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)
                    .plusSeconds(3)
                    .withNano(0)
                    .toString();
            return toolThen(
                    request,
                    "create_schedule",
                    "{\"instruction\":\"post the open tasks of Launch\",\"at\":\"" + at + "\"}",
                    r -> "Scheduled: " + r.path("summary").asText() + ".");
        }
        if (asked.contains("open tasks")) {
            return toolThen(request, "get_projects", "{}", DemoModel::projects);
        }
        if (asked.contains("add a task")) {
            return toolThen(
                    request,
                    "create_task",
                    "{\"project\":\"Launch\",\"title\":\"Write the launch notes\"}",
                    r -> "Added *" + r.path("title").asText() + "* to **"
                            + r.path("project").asText() + "** (task #"
                            + r.path("id").asInt() + ").");
        }
        if (asked.contains("projects")) {
            return toolThen(request, "get_projects", "{}", DemoModel::projects);
        }
        if (asked.contains("delete task")) {
            return toolThen(
                    request,
                    "delete_task",
                    "{\"id\":1}",
                    r -> r.has("title")
                            ? "Deleted task #1, *" + r.path("title").asText() + "*."
                            : "I did not delete task #1: " + r.path("message").asText("it was not approved") + ".");
        }
        if (asked.contains("research")) {
            return research(request);
        }
        return Reply.text("I can help with projects, tasks and ideas, and I remember what the team tells me.");
    }

    private Turn research(ModelRequest request) {
        if (request.toolResults().isEmpty()) {
            return Reply.toolCall("get_ideas", "{}");
        }
        try {
            Thread.sleep(researchTime); // the model "thinks" while the thread stays free for side questions
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Reply.text("""
                ## Summary
                The launch plan is on track. One open task remains in **Launch**.

                ## Next steps
                - Write the launch notes
                - Share them in #general before Friday""");
    }

    /** Calls {@code tool} until the conversation holds its result, then answers from the result. */
    private static Turn toolThen(
            ModelRequest request, String tool, String arguments, java.util.function.Function<JsonNode, String> answer) {
        for (Message.Tool result : request.toolResults()) {
            if (result.name().equals(tool)) {
                return Reply.text(answer.apply(parse(result.content())));
            }
        }
        return Reply.toolCall(tool, arguments);
    }

    private static String projects(JsonNode result) {
        JsonNode projects = result.isArray() ? result : result.path("result");
        if (!projects.isArray() || projects.isEmpty()) {
            return "There are no projects yet.";
        }
        StringBuilder text = new StringBuilder("## Projects\n");
        for (JsonNode project : projects) {
            text.append("- **").append(project.path("name").asText()).append("**: ");
            List<String> tasks = new java.util.ArrayList<>();
            for (JsonNode task : project.path("tasks")) {
                tasks.add("#" + task.path("id").asInt() + " "
                        + task.path("title").asText() + (task.path("done").asBoolean() ? " (done)" : ""));
            }
            text.append(tasks.isEmpty() ? "no tasks" : String.join(", ", tasks)).append('\n');
        }
        return text.toString().strip();
    }

    private static Optional<String> recalled(ModelRequest request, Pattern fact) {
        for (Message message : request.messages()) {
            Matcher matcher = fact.matcher(message.content() == null ? "" : message.content());
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    private static JsonNode parse(String content) {
        try {
            return JSON.readTree(content);
        } catch (Exception notJson) {
            return JSON.createObjectNode().put("message", content);
        }
    }
}
