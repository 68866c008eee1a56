package dev.lucy.app.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Cuts what does not belong in a chat message out of an answer: a Markdown table of more than
 * {@link FilesConfig#tableFileRows()} rows becomes a CSV file (its first rows stay as a preview), a fenced code block
 * longer than {@link FilesConfig#codeFileChars()} a text snippet, and an answer still longer than
 * {@link FilesConfig#answerFileChars()} a Markdown file with its opening kept as the message. Each cut leaves a short
 * line naming the file. Stateless and thread safe.
 */
final class LongAnswers {
    static final int PREVIEW_ROWS = 5;
    /** What of a very long answer stays in the message. */
    static final int OPENING_CHARS = 600;

    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("python", "py"),
            Map.entry("py", "py"),
            Map.entry("java", "java"),
            Map.entry("javascript", "js"),
            Map.entry("js", "js"),
            Map.entry("typescript", "ts"),
            Map.entry("ts", "ts"),
            Map.entry("sql", "sql"),
            Map.entry("json", "json"),
            Map.entry("yaml", "yaml"),
            Map.entry("yml", "yaml"),
            Map.entry("bash", "sh"),
            Map.entry("sh", "sh"),
            Map.entry("shell", "sh"),
            Map.entry("go", "go"),
            Map.entry("ruby", "rb"),
            Map.entry("kotlin", "kt"),
            Map.entry("html", "html"),
            Map.entry("css", "css"),
            Map.entry("xml", "xml"),
            Map.entry("csv", "csv"));

    private final FilesConfig config;

    LongAnswers(FilesConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The message to post and the files to deliver with it; no files when the answer fits a message. */
    record Split(String message, List<FileTransfer.OutFile> files) {}

    Split split(String answer) {
        List<FileTransfer.OutFile> files = new ArrayList<>();
        List<String> lines = answer.lines().toList();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.startsWith("```")) {
                int end = i + 1;
                while (end < lines.size() && !lines.get(end).strip().startsWith("```")) {
                    end++;
                }
                String code = String.join("\n", lines.subList(i + 1, Math.min(end, lines.size())));
                if (code.length() > config.codeFileChars()) {
                    String lang = trimmed.substring(3).strip().toLowerCase(Locale.ROOT);
                    String name = "snippet-" + (files.size() + 1) + "." + EXTENSIONS.getOrDefault(lang, "txt");
                    files.add(new FileTransfer.OutFile(name, name, code + "\n"));
                    out.append("_(The code, ")
                            .append(code.lines().count())
                            .append(" lines, is in the attached file `")
                            .append(name)
                            .append("`.)_\n");
                } else {
                    for (int k = i; k <= Math.min(end, lines.size() - 1); k++) {
                        out.append(lines.get(k)).append('\n');
                    }
                }
                i = end + 1;
                continue;
            }
            if (isRow(trimmed)
                    && i + 1 < lines.size()
                    && isSeparator(lines.get(i + 1).strip())) {
                int end = i + 2;
                while (end < lines.size() && isRow(lines.get(end).strip())) {
                    end++;
                }
                int rows = end - i - 2;
                if (rows > config.tableFileRows()) {
                    String name = "table-" + (files.size() + 1) + ".csv";
                    files.add(new FileTransfer.OutFile(name, name, csv(lines.subList(i, end))));
                    for (int k = i; k < i + 2 + PREVIEW_ROWS; k++) {
                        out.append(lines.get(k)).append('\n');
                    }
                    out.append("\n_(The first ")
                            .append(PREVIEW_ROWS)
                            .append(" of ")
                            .append(rows)
                            .append(" rows; the whole table is in the attached file `")
                            .append(name)
                            .append("`.)_\n");
                } else {
                    for (int k = i; k < end; k++) {
                        out.append(lines.get(k)).append('\n');
                    }
                }
                i = end;
                continue;
            }
            out.append(line).append('\n');
            i++;
        }
        String message = out.toString().strip();
        if (message.length() > config.answerFileChars()) {
            String name = "answer.md";
            files.clear();
            files.add(new FileTransfer.OutFile(name, "The full answer", answer.strip() + "\n"));
            message = opening(answer) + "\n\n_(The full answer is in the attached file `" + name + "`.)_";
        }
        return new Split(files.isEmpty() ? answer : message, List.copyOf(files));
    }

    /** The answer's first paragraphs, up to about {@value #OPENING_CHARS} characters, never inside a code block. */
    static String opening(String answer) {
        StringBuilder opening = new StringBuilder();
        for (String paragraph : answer.strip().split("\n\\s*\n")) {
            if (paragraph.strip().startsWith("```") || paragraph.strip().startsWith("|")) {
                break;
            }
            if (opening.length() > 0 && opening.length() + paragraph.length() > OPENING_CHARS) {
                break;
            }
            if (opening.length() > 0) {
                opening.append("\n\n");
            }
            opening.append(
                    paragraph.length() > OPENING_CHARS * 2 ? paragraph.substring(0, OPENING_CHARS) + "..." : paragraph);
        }
        return opening.length() == 0 ? "Here it is." : opening.toString();
    }

    private static boolean isRow(String line) {
        return line.startsWith("|") && line.length() > 1;
    }

    private static boolean isSeparator(String line) {
        return line.startsWith("|") && line.matches("\\|?(\\s*:?-{3,}:?\\s*\\|)+\\s*:?-*:?\\s*\\|?");
    }

    /** A Markdown table (header, separator, rows) as CSV. */
    static String csv(List<String> table) {
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r < table.size(); r++) {
            if (r == 1) {
                continue; // the separator row
            }
            List<String> cells = cells(table.get(r).strip());
            for (int c = 0; c < cells.size(); c++) {
                if (c > 0) {
                    csv.append(',');
                }
                String cell = cells.get(c);
                csv.append(cell.matches(".*[\",\\n].*") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    private static List<String> cells(String row) {
        String inner = row.substring(1, row.endsWith("|") && row.length() > 1 ? row.length() - 1 : row.length());
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && i + 1 < inner.length() && inner.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }
}
