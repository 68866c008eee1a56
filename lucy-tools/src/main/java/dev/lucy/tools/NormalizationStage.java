package dev.lucy.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ToolInterceptor;
import java.util.List;

/**
 * Shapes answers for the model: JSON is compacted, long answers are cut with a marker saying how much is missing,
 * and a paginated answer (the handler said so, or the JSON carries a next-page cursor) says it is one page, so
 * the model does not claim it has seen everything.
 */
final class NormalizationStage implements ToolInterceptor {
    static final String PAGE_NOTE =
            "\n[one page of several: more results exist; fetch the next page before saying this is everything]";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CURSOR_FIELDS =
            List.of("next_cursor", "nextCursor", "next_page_token", "nextPageToken", "next_page", "next");

    private final ResultLimits limits;

    NormalizationStage(ResultLimits limits) {
        this.limits = limits;
    }

    @Override
    public ToolResult intercept(Chain chain) {
        ToolResult result = chain.proceed(chain.request());
        return switch (result) {
            case ToolResult.Success success -> normalise(success);
            case ToolResult.Failure failure ->
                failure.message().length() > limits.maxChars()
                        ? ToolResult.failure(failure.error(), failure.message().substring(0, limits.maxChars()) + "...")
                        : failure;
        };
    }

    private ToolResult.Success normalise(ToolResult.Success success) {
        String content = success.content();
        boolean hasMore = success.hasMore();
        String trimmed = content.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode node = JSON.readTree(trimmed);
                content = JSON.writeValueAsString(node);
                hasMore = hasMore || hasCursor(node);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // Not JSON after all: keep the text as it is.
            }
        }
        boolean truncated = success.truncated();
        String note = hasMore ? PAGE_NOTE : "";
        int room = limits.maxChars() - note.length();
        if (content.length() > room) {
            int omitted = content.length() - room;
            String marker = "...[truncated: " + omitted + " more characters not shown; ask for less]";
            content = content.substring(0, Math.max(0, room - marker.length())) + marker;
            truncated = true;
        }
        return new ToolResult.Success(content + note, truncated, hasMore);
    }

    private static boolean hasCursor(JsonNode node) {
        if (!node.isObject()) {
            return false;
        }
        if (node.path("has_more").asBoolean(false) || node.path("hasMore").asBoolean(false)) {
            return true;
        }
        for (String field : CURSOR_FIELDS) {
            JsonNode cursor = node.get(field);
            if (cursor != null && !cursor.isNull() && !cursor.asText().isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
