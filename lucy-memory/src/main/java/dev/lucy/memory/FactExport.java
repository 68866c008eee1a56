package dev.lucy.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A workspace's facts for another program: JSON (one object with the facts in an array) or CSV (a header line, one
 * fact a line). Every fact, superseded ones too, with its tier, subject, category, owner, source (who said it, in
 * which conversation, when) and history (when it held, what replaced it). Times are ISO-8601 UTC.
 */
final class FactExport {
    static final List<String> COLUMNS = List.of(
            "id",
            "tier",
            "subject",
            "text",
            "category",
            "target",
            "owner",
            "stated_by",
            "conversation",
            "said_at",
            "valid_from",
            "valid_to",
            "superseded_by",
            "occurrences",
            "last_seen_at");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FactExport() {}

    static String json(String workspaceId, List<Fact> facts, Instant now) {
        ObjectNode root = JSON.createObjectNode();
        root.put("workspace", workspaceId);
        root.put("exportedAt", now.toString());
        ArrayNode array = root.putArray("facts");
        for (Fact f : facts) {
            ObjectNode o = array.addObject();
            List<String> values = values(f);
            for (int i = 0; i < COLUMNS.size(); i++) {
                String column = camel(COLUMNS.get(i));
                String value = values.get(i);
                if (column.equals("occurrences")) {
                    o.put(column, f.occurrences());
                } else if (value.isEmpty() && optional(column)) {
                    o.putNull(column);
                } else {
                    o.put(column, value);
                }
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a memory export could not be written as JSON", e);
        }
    }

    /**
     * RFC 4180 CSV. A cell that a spreadsheet would read as a formula ({@code = + - @} first) is led by an apostrophe,
     * so a remembered sentence never runs as one.
     */
    static String csv(List<Fact> facts) {
        StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (Fact f : facts) {
            List<String> values = values(f);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(cell(values.get(i)));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    private static List<String> values(Fact f) {
        return List.of(
                f.id(),
                lower(f.tier()),
                f.subject(),
                f.text(),
                lower(f.category()),
                lower(f.target()),
                f.owner().orElse(""),
                f.source().userId(),
                f.source().conversationId(),
                f.source().at().toString(),
                f.validFrom().toString(),
                f.validTo().map(Instant::toString).orElse(""),
                f.supersededBy().orElse(""),
                Integer.toString(f.occurrences()),
                f.lastSeenAt().toString());
    }

    private static boolean optional(String column) {
        return column.equals("owner") || column.equals("validTo") || column.equals("supersededBy");
    }

    private static String cell(String value) {
        String v = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\""
                : v;
    }

    private static String camel(String column) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
