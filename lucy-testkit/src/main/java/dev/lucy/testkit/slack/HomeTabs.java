package dev.lucy.testkit.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Home tabs of a workspace: {@code views.publish} checked as Slack checks it, and the last view published for
 * each person. Not thread safe: the {@link Workspace} calls it under its lock.
 */
final class HomeTabs {
    /** Slack's limits for a Home tab view. */
    static final int MAX_BLOCKS = 100;

    static final int MAX_SECTION_TEXT = 3_000;
    static final int MAX_HEADER_TEXT = 150;
    static final int MAX_BUTTON_TEXT = 75;
    static final int MAX_ACTION_VALUE = 2_000;
    static final int MAX_PRIVATE_METADATA = 3_000;

    private final Map<String, HomeView> views = new HashMap<>();

    /**
     * {@code views.publish}: the view for {@code userId}, who must be a person of the workspace; answers Slack's
     * errors for a view Slack would refuse.
     */
    ObjectNode publish(String userId, Args args, String teamId, Workspace.App app, String viewId) {
        String json = args.get("view").orElseThrow(() -> ApiError.missing("view"));
        JsonNode view = Json.parse(json).filter(JsonNode::isObject).orElseThrow(() -> invalid("view is not JSON"));
        if (!"home".equals(view.path("type").asText())) {
            throw invalid("view type must be home");
        }
        JsonNode blocks = view.path("blocks");
        if (!blocks.isArray()) {
            throw invalid("view has no blocks");
        }
        if (blocks.size() > MAX_BLOCKS) {
            throw new ApiError("too_many_blocks");
        }
        for (JsonNode block : blocks) {
            check(block);
        }
        if (view.path("private_metadata").asText("").length() > MAX_PRIVATE_METADATA) {
            throw invalid("private_metadata is too long");
        }
        HomeView previous = views.get(userId);
        String hash = args.get("hash").orElse("");
        if (!hash.isEmpty() && previous != null && !hash.equals(hash(previous))) {
            throw new ApiError("hash_conflict");
        }
        String id = previous == null ? viewId : previous.viewId();
        int version = previous == null ? 1 : previous.version() + 1;
        ObjectNode stored = Json.object()
                .put("id", id)
                .put("team_id", teamId)
                .put("type", "home")
                .put("private_metadata", view.path("private_metadata").asText(""))
                .put("callback_id", view.path("callback_id").asText(""))
                .put("external_id", view.path("external_id").asText(""));
        stored.set("blocks", blocks.deepCopy());
        stored.putObject("state").putObject("values");
        stored.put("hash", id + "." + version)
                .put("app_id", app.appId())
                .put("bot_id", app.botId())
                .put("root_view_id", id)
                .putNull("previous_view_id");
        HomeView published = new HomeView(userId, id, version, Json.write(stored));
        views.put(userId, published);
        ObjectNode answer = Json.ok();
        answer.set("view", stored);
        return answer;
    }

    Optional<HomeView> view(String userId) {
        return Optional.ofNullable(views.get(userId));
    }

    private static String hash(HomeView view) {
        return view.viewId() + "." + view.version();
    }

    private static void check(JsonNode block) {
        if (!block.isObject() || !block.path("type").isTextual()) {
            throw invalid("a block without a type");
        }
        switch (block.path("type").asText()) {
            case "section" -> {
                if (block.path("text").path("text").asText("").length() > MAX_SECTION_TEXT) {
                    throw invalid("section text longer than " + MAX_SECTION_TEXT);
                }
                if (block.has("accessory")) {
                    element(block.get("accessory"));
                }
            }
            case "header" -> {
                JsonNode text = block.path("text");
                if (!"plain_text".equals(text.path("type").asText())
                        || text.path("text").asText("").length() > MAX_HEADER_TEXT) {
                    throw invalid("header text must be plain_text of at most " + MAX_HEADER_TEXT);
                }
            }
            case "actions" -> {
                if (block.path("elements").size() > 25) {
                    throw invalid("more than 25 elements in an actions block");
                }
                block.path("elements").forEach(HomeTabs::element);
            }
            case "context", "divider", "image", "rich_text", "markdown", "input", "video", "file", "table" -> {
                // Lucy's Home uses none of these beyond context and divider; accepted as Slack accepts them.
            }
            default -> throw invalid("unknown block type " + block.path("type").asText());
        }
    }

    private static void element(JsonNode element) {
        if ("button".equals(element.path("type").asText())) {
            if (element.path("text").path("text").asText("").length() > MAX_BUTTON_TEXT
                    || element.path("value").asText("").length() > MAX_ACTION_VALUE
                    || element.path("action_id").asText("").isEmpty()) {
                throw invalid("a button with too long a label or value, or no action_id");
            }
        }
    }

    private static ApiError invalid(String why) {
        return ApiError.invalid("[ERROR] " + why + " [json-pointer:/view]");
    }
}
