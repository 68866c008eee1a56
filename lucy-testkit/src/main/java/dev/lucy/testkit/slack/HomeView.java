package dev.lucy.testkit.slack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Home tab a person sees, as the app last published it with {@code views.publish}.
 *
 * @param user the person whose Home tab it is
 * @param viewId the view's id, the same across publishes for one person
 * @param version how many times the app published this person's Home (1 for the first)
 * @param json the whole view as Slack keeps it ({@code type}, {@code blocks}, ...)
 */
public record HomeView(String user, String viewId, int version, String json) {

    /** Every piece of text the view shows (headers, sections, context, button labels), in order, one per line. */
    public String text() {
        StringBuilder out = new StringBuilder();
        collect(tree().path("blocks"), out);
        return out.toString();
    }

    /** How many blocks the view has. */
    public int blockCount() {
        return tree().path("blocks").size();
    }

    /** The buttons of the view, in order. */
    public List<Button> buttons() {
        List<Button> buttons = new ArrayList<>();
        for (JsonNode block : tree().path("blocks")) {
            List<JsonNode> elements = new ArrayList<>();
            block.path("elements").forEach(elements::add);
            if (block.has("accessory")) {
                elements.add(block.get("accessory"));
            }
            for (JsonNode e : elements) {
                if ("button".equals(e.path("type").asText())) {
                    buttons.add(new Button(
                            e.path("action_id").asText(),
                            e.path("value").asText(""),
                            e.path("text").path("text").asText("")));
                }
            }
        }
        return List.copyOf(buttons);
    }

    /** The first button with this action id whose value contains {@code valuePart}, if the view has one. */
    public Optional<Button> button(String actionId, String valuePart) {
        return buttons().stream()
                .filter(b -> b.actionId().equals(actionId) && b.value().contains(valuePart))
                .findFirst();
    }

    private JsonNode tree() {
        return Json.parse(json).orElseThrow();
    }

    private static void collect(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            JsonNode text = node.get("text");
            if (text != null && text.isTextual()) {
                out.append(text.asText()).append('\n');
            }
            node.forEach(child -> {
                if (child.isContainerNode()) {
                    collect(child, out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        }
    }

    /**
     * A button in the view.
     *
     * @param actionId its {@code action_id}
     * @param value its {@code value}, empty when it has none
     * @param label the text it shows
     */
    public record Button(String actionId, String value, String label) {}
}
