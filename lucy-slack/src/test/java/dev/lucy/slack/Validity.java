package dev.lucy.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** What makes formatter output valid for Slack, checked message by message; the list of problems is empty when valid. */
final class Validity {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Validity() {}

    static List<String> problems(List<SlackMessage> messages, FormatOptions options) {
        List<String> problems = new ArrayList<>();
        if (messages.isEmpty()) {
            problems.add("no message");
        }
        for (int m = 0; m < messages.size(); m++) {
            SlackMessage message = messages.get(m);
            String where = "message " + (m + 1) + ": ";
            switch (options.target()) {
                case MRKDWN -> {
                    mrkdwn(message.text(), options.maxTextChars(), options, where, problems);
                    if (message.blocksJson().isPresent()) {
                        problems.add(where + "mrkdwn message has blocks");
                    }
                }
                case BLOCKS -> blocks(message, options, where, problems);
                case MARKDOWN_BLOCK -> markdownBlock(message, options, where, problems);
            }
        }
        return problems;
    }

    private static void mrkdwn(String text, int max, FormatOptions options, String where, List<String> problems) {
        for (String p : SlackOutputCheck.mrkdwnProblems(text, max, options.allowBroadcasts())) {
            problems.add(where + p);
        }
    }

    private static void blocks(SlackMessage message, FormatOptions options, String where, List<String> problems) {
        mrkdwn(message.text(), options.maxTextChars(), options, where + "fallback ", problems);
        if (message.text().isEmpty() && message.blocksJson().isEmpty()) {
            return; // nothing to show: the one empty message an empty answer gives
        }
        JsonNode blocks = parse(message.blocksJson().orElse("null"), where, problems);
        if (blocks == null || !blocks.isArray()) {
            problems.add(where + "blocks is not an array");
            return;
        }
        if (blocks.isEmpty() || blocks.size() > options.maxBlocks()) {
            problems.add(where + blocks.size() + " blocks");
        }
        int total = 0;
        int tables = 0;
        for (JsonNode block : blocks) {
            String type = block.path("type").asText();
            switch (type) {
                case "header" -> {
                    String text = block.path("text").path("text").asText();
                    total += text.length();
                    if (text.isBlank() || text.length() > FormatOptions.MAX_HEADER_CHARS) {
                        problems.add(where + "header of " + text.length() + " characters");
                    }
                    if (!block.path("text").path("type").asText().equals("plain_text")) {
                        problems.add(where + "header text is not plain_text");
                    }
                }
                case "section" -> {
                    String text = block.path("text").path("text").asText();
                    total += text.length();
                    if (text.isBlank() || text.length() > options.maxSectionChars()) {
                        problems.add(where + "section of " + text.length() + " characters");
                    }
                    mrkdwn(text, options.maxSectionChars(), options, where + "section ", problems);
                }
                case "context" -> {
                    String text = block.path("elements").path(0).path("text").asText();
                    total += text.length();
                    mrkdwn(text, options.maxSectionChars(), options, where + "context ", problems);
                }
                case "rich_text" -> {
                    String text = block.path("elements")
                            .path(0)
                            .path("elements")
                            .path(0)
                            .path("text")
                            .asText();
                    total += text.length();
                    if (text.isEmpty() || text.length() > options.maxSectionChars()) {
                        problems.add(where + "rich_text of " + text.length() + " characters");
                    }
                }
                case "table" -> {
                    tables++;
                    JsonNode rows = block.path("rows");
                    if (rows.isEmpty() || rows.size() > BlockKit.TABLE_MAX_ROWS) {
                        problems.add(where + "table of " + rows.size() + " rows");
                    }
                    int width = rows.path(0).size();
                    for (JsonNode row : rows) {
                        if (row.size() != width || width > BlockKit.TABLE_MAX_COLUMNS) {
                            problems.add(where + "ragged or too wide table row");
                        }
                        for (JsonNode cell : row) {
                            total += cell.path("text").asText().length();
                        }
                    }
                }
                case "divider" -> {}
                default -> problems.add(where + "unknown block type " + type);
            }
        }
        if (tables > 1) {
            problems.add(where + tables + " tables in one message");
        }
        if (total > options.maxBlockTextChars()) {
            problems.add(where + total + " characters of block text");
        }
    }

    private static void markdownBlock(
            SlackMessage message, FormatOptions options, String where, List<String> problems) {
        if (message.text().isEmpty() && message.blocksJson().isEmpty()) {
            return; // nothing to show: the one empty message an empty answer gives
        }
        JsonNode blocks = parse(message.blocksJson().orElse("null"), where, problems);
        if (blocks == null
                || blocks.size() != 1
                || !blocks.path(0).path("type").asText().equals("markdown")) {
            problems.add(where + "expected one markdown block");
            return;
        }
        String text = blocks.path(0).path("text").asText();
        if (text.isBlank() && !message.text().isEmpty()) {
            problems.add(where + "empty markdown block");
        }
        if (text.length() > options.maxMarkdownChars()) {
            problems.add(where + "markdown block of " + text.length() + " characters");
        }
        // Fences: every opening fence line has a closing one of the same length or longer.
        String open = null;
        for (String line : text.split("\n", -1)) {
            String s = line.strip();
            while (s.startsWith(">")) {
                s = s.substring(1).strip();
            }
            if (s.startsWith("```")) {
                int ticks = 0;
                while (ticks < s.length() && s.charAt(ticks) == '`') {
                    ticks++;
                }
                if (open == null) {
                    open = "`".repeat(ticks);
                } else if (ticks >= open.length() && s.substring(ticks).isBlank()) {
                    open = null;
                }
            }
        }
        if (open != null) {
            problems.add(where + "unclosed code fence in markdown block");
        }
    }

    private static JsonNode parse(String json, String where, List<String> problems) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            problems.add(where + "invalid JSON: " + e.getMessage());
            return null;
        }
    }
}
