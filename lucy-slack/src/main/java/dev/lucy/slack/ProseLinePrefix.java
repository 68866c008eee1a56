package dev.lucy.slack;

/** Where the text of a Markdown line starts, after block quote markers, list markers and heading marks. */
final class ProseLinePrefix {

    private ProseLinePrefix() {}

    static int contentStart(String line) {
        int n = line.length();
        int i = skipBlanks(line, 0);
        while (i < n && line.charAt(i) == '>') {
            i = skipBlanks(line, i + 1);
        }
        if (i + 1 < n && "-*+".indexOf(line.charAt(i)) >= 0 && line.charAt(i + 1) == ' ') {
            return taskBox(line, skipBlanks(line, i + 1));
        }
        int digits = i;
        while (digits < n && digits - i < 9 && Character.isDigit(line.charAt(digits))) {
            digits++;
        }
        if (digits > i
                && digits + 1 < n
                && (line.charAt(digits) == '.' || line.charAt(digits) == ')')
                && line.charAt(digits + 1) == ' ') {
            return taskBox(line, skipBlanks(line, digits + 1));
        }
        int hashes = i;
        while (hashes < n && hashes - i < 6 && line.charAt(hashes) == '#') {
            hashes++;
        }
        if (hashes > i && (hashes == n || line.charAt(hashes) == ' ')) {
            return skipBlanks(line, hashes);
        }
        return i;
    }

    private static int taskBox(String line, int i) {
        if (line.startsWith("[ ] ", i) || line.startsWith("[x] ", i) || line.startsWith("[X] ", i)) {
            return skipBlanks(line, i + 3);
        }
        return i;
    }

    private static int skipBlanks(String line, int i) {
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
