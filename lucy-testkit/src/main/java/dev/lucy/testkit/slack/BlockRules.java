package dev.lucy.testkit.slack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Slack's rules for Block Kit blocks in a message: valid JSON, at most 50 blocks, and the size limits. */
final class BlockRules {
    private static final int MAX_BLOCKS = 50;
    private static final int MAX_SECTION_TEXT = 3_000;
    private static final int MAX_SECTION_FIELDS = 10;
    private static final int MAX_FIELD_TEXT = 2_000;
    private static final int MAX_HEADER_TEXT = 150;
    private static final int MAX_MARKDOWN_TEXT = 12_000;
    private static final int MAX_TABLE_ROWS = 100;
    private static final int MAX_TABLE_CELLS = 20;
    private static final int MAX_TABLE_TEXT = 10_000;
    private static final int MAX_ALL_BLOCK_TEXT = 13_000;

    private BlockRules() {}

    /** Parses a {@code blocks} argument; empty when absent, {@link ApiError} when Slack would refuse it. */
    static Optional<JsonNode> parse(Optional<String> raw) {
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        JsonNode blocks = Json.parse(raw.get()).orElseThrow(() -> new ApiError("invalid_blocks_format"));
        if (!blocks.isArray()) {
            throw new ApiError("invalid_blocks_format");
        }
        if (blocks.size() > MAX_BLOCKS) {
            throw new ApiError("invalid_blocks");
        }
        for (JsonNode block : blocks) {
            if (!block.isObject() || !block.path("type").isTextual()) {
                throw new ApiError("invalid_blocks");
            }
        }
        checkBlockLimits(blocks);
        return Optional.of(blocks);
    }

    /** Slack's size rules for blocks (see SLACK-PLATFORM.md); breaking one fails the whole message, as in Slack. */
    private static void checkBlockLimits(JsonNode blocks) {
        int markdown = 0;
        int all = 0;
        for (JsonNode block : blocks) {
            switch (block.path("type").asText()) {
                case "section" -> {
                    int text = block.path("text").path("text").asText("").length();
                    JsonNode fields = block.path("fields");
                    if (text > MAX_SECTION_TEXT || fields.size() > MAX_SECTION_FIELDS) {
                        throw new ApiError("invalid_blocks");
                    }
                    for (JsonNode field : fields) {
                        if (field.path("text").asText("").length() > MAX_FIELD_TEXT) {
                            throw new ApiError("invalid_blocks");
                        }
                    }
                    all += text + textLength(fields);
                }
                case "header" -> {
                    JsonNode text = block.path("text");
                    if (!"plain_text".equals(text.path("type").asText())
                            || text.path("text").asText("").length() > MAX_HEADER_TEXT) {
                        throw new ApiError("invalid_blocks");
                    }
                    all += text.path("text").asText("").length();
                }
                case "markdown" -> {
                    int text = block.path("text").asText("").length();
                    markdown += text;
                    all += text;
                }
                case "table" -> {
                    JsonNode rows = block.path("rows");
                    if (rows.size() > MAX_TABLE_ROWS) {
                        throw new ApiError("invalid_blocks");
                    }
                    for (JsonNode row : rows) {
                        if (row.size() > MAX_TABLE_CELLS) {
                            throw new ApiError("invalid_blocks");
                        }
                    }
                    int cells = textLength(rows);
                    if (cells > MAX_TABLE_TEXT) {
                        throw new ApiError("invalid_blocks");
                    }
                    all += cells;
                }
                default -> all += textLength(block);
            }
        }
        if (markdown > MAX_MARKDOWN_TEXT) {
            throw new ApiError("invalid_blocks");
        }
        if (all > MAX_ALL_BLOCK_TEXT) {
            throw new ApiError("msg_blocks_too_long");
        }
    }

    /** The characters in every {@code text} string under a node. */
    private static int textLength(JsonNode node) {
        int sum = 0;
        if (node.isObject()) {
            JsonNode text = node.get("text");
            if (text != null && text.isTextual()) {
                sum += text.asText().length();
            }
            for (JsonNode child : node) {
                if (child.isContainerNode()) {
                    sum += textLength(child);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                sum += textLength(child);
            }
        }
        return sum;
    }
}
