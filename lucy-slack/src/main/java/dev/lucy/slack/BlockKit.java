package dev.lucy.slack;

import java.util.ArrayList;
import java.util.List;

/** Turns rendered mrkdwn pieces into Block Kit blocks, each within its own limit. */
final class BlockKit {
    static final int TABLE_MAX_ROWS = 100;
    static final int TABLE_MAX_COLUMNS = 20;
    static final int TABLE_MAX_CHARS = 10_000;

    private final FormatOptions options;

    BlockKit(FormatOptions options) {
        this.options = options;
    }

    List<Packer.Unit> units(Piece piece) {
        int max = options.maxSectionChars();
        List<Packer.Unit> units = new ArrayList<>();
        switch (piece.kind) {
            case HEADING -> {
                if (piece.headingLevel <= 2 && !piece.plain.isBlank()) {
                    String text = truncate(piece.plain.strip().replace('\n', ' '), FormatOptions.MAX_HEADER_CHARS);
                    StringBuilder json =
                            new StringBuilder("{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":");
                    Json.string(json, text);
                    json.append(",\"emoji\":true}}");
                    units.add(new Packer.Unit(Piece.Kind.HEADING, piece.text, json.toString(), text.length(), false));
                } else {
                    sections(piece, max, units);
                }
            }
            case DIVIDER ->
                units.add(new Packer.Unit(Piece.Kind.DIVIDER, piece.text, "{\"type\":\"divider\"}", 0, false));
            case CODE -> code(piece.plain, max, units);
            case TABLE -> {
                if (options.tables() == TableStyle.NATIVE && fitsTableBlock(piece, options.maxBlockTextChars())) {
                    units.add(table(piece));
                } else {
                    sections(piece, max, units);
                }
            }
            case CONTEXT -> {
                if (piece.text.length() <= max) {
                    StringBuilder json =
                            new StringBuilder("{\"type\":\"context\",\"elements\":[{\"type\":\"mrkdwn\",\"text\":");
                    Json.string(json, piece.text);
                    json.append("}]}");
                    units.add(new Packer.Unit(piece.kind, piece.text, json.toString(), piece.text.length(), false));
                } else {
                    sections(piece, max, units);
                }
            }
            case TEXT -> sections(piece, max, units);
        }
        return units;
    }

    /**
     * Joins neighbouring section blocks into one while they fit in a section, so that an answer of many short
     * paragraphs uses a few blocks instead of one each.
     */
    List<Packer.Unit> mergeSections(List<Packer.Unit> units) {
        List<Packer.Unit> merged = new ArrayList<>(units.size());
        for (Packer.Unit unit : units) {
            int last = merged.size() - 1;
            if (last >= 0
                    && isSection(unit)
                    && isSection(merged.get(last))
                    && unit.kind() != Piece.Kind.HEADING
                    && merged.get(last).text().length() + 2 + unit.text().length() <= options.maxSectionChars()) {
                Packer.Unit previous = merged.get(last);
                String text = previous.text() + "\n\n" + unit.text();
                merged.set(last, new Packer.Unit(previous.kind(), text, sectionJson(text), text.length(), false));
            } else {
                merged.add(unit);
            }
        }
        return merged;
    }

    private static boolean isSection(Packer.Unit unit) {
        return unit.blockJson().startsWith("{\"type\":\"section\"");
    }

    private static String sectionJson(String text) {
        StringBuilder json = new StringBuilder(text.length() + 48);
        json.append("{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":");
        Json.string(json, text);
        return json.append("}}").toString();
    }

    private static void sections(Piece piece, int max, List<Packer.Unit> units) {
        for (String part : Splitter.split(piece, max)) {
            StringBuilder json = new StringBuilder(part.length() + 48);
            json.append("{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":");
            Json.string(json, part);
            json.append("}}");
            units.add(new Packer.Unit(piece.kind, part, json.toString(), part.length(), false));
        }
    }

    /** Code goes into rich_text preformatted elements, which show it verbatim with no escaping. */
    private static void code(String code, int max, List<Packer.Unit> units) {
        for (String chunk : chunkLines(code, max)) {
            StringBuilder json = new StringBuilder(chunk.length() + 96);
            json.append("{\"type\":\"rich_text\",\"elements\":[{\"type\":\"rich_text_preformatted\",\"elements\":[")
                    .append("{\"type\":\"text\",\"text\":");
            Json.string(json, chunk);
            json.append("}]}]}");
            String fallback = "```\n" + escape(chunk) + "\n```";
            units.add(new Packer.Unit(Piece.Kind.CODE, fallback, json.toString(), chunk.length(), false));
        }
    }

    static List<String> chunkLines(String code, int max) {
        List<String> chunks = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        for (String line : code.split("\n", -1)) {
            while (line.length() > max) {
                int cut = max;
                if (Character.isLowSurrogate(line.charAt(cut))) {
                    cut--;
                }
                if (!chunk.isEmpty()) {
                    chunks.add(chunk.toString());
                    chunk.setLength(0);
                }
                chunks.add(line.substring(0, cut));
                line = line.substring(cut);
            }
            if (!chunk.isEmpty() && chunk.length() + 1 + line.length() > max) {
                chunks.add(chunk.toString());
                chunk.setLength(0);
            } else if (!chunk.isEmpty()) {
                chunk.append('\n');
            }
            chunk.append(line);
        }
        if (!chunk.isEmpty() || chunks.isEmpty()) {
            chunks.add(chunk.toString());
        }
        chunks.removeIf(String::isEmpty);
        return chunks;
    }

    private static boolean fitsTableBlock(Piece piece, int maxBlockText) {
        if (piece.rows.isEmpty()
                || piece.rows.size() > TABLE_MAX_ROWS
                || piece.alignments.length == 0
                || piece.alignments.length > TABLE_MAX_COLUMNS) {
            return false;
        }
        return cellChars(piece) <= Math.min(TABLE_MAX_CHARS, maxBlockText);
    }

    private static int cellChars(Piece piece) {
        int chars = 0;
        for (List<String> row : piece.rows) {
            for (String cell : row) {
                chars += Math.max(1, cell.length());
            }
        }
        return chars;
    }

    private static Packer.Unit table(Piece piece) {
        int columns = piece.alignments.length;
        StringBuilder json = new StringBuilder("{\"type\":\"table\",\"column_settings\":[");
        for (int c = 0; c < columns; c++) {
            if (c > 0) {
                json.append(',');
            }
            char a = piece.alignments[c];
            json.append("{\"align\":\"")
                    .append(a == 'r' ? "right" : a == 'c' ? "center" : "left")
                    .append("\",\"is_wrapped\":true}");
        }
        json.append("],\"rows\":[");
        for (int r = 0; r < piece.rows.size(); r++) {
            List<String> row = piece.rows.get(r);
            json.append(r > 0 ? ",[" : "[");
            for (int c = 0; c < columns; c++) {
                String cell = c < row.size() ? row.get(c) : "";
                json.append(c > 0 ? ",{\"type\":\"raw_text\",\"text\":" : "{\"type\":\"raw_text\",\"text\":");
                Json.string(json, cell.isEmpty() ? " " : cell);
                json.append('}');
            }
            json.append(']');
        }
        json.append("]}");
        return new Packer.Unit(Piece.Kind.TABLE, piece.text, json.toString(), cellChars(piece), true);
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '`' -> {
                    boolean run = i + 2 < s.length() && s.charAt(i + 1) == '`' && s.charAt(i + 2) == '`';
                    sb.append(run ? "`\u200B" : "`");
                }
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int cut = max - 1;
        if (Character.isLowSurrogate(s.charAt(cut))) {
            cut--;
        }
        return s.substring(0, cut) + "…";
    }
}
