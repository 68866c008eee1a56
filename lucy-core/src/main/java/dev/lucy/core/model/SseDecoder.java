package dev.lucy.core.model;

import java.util.Optional;

/**
 * Server-sent events, line by line: joins the {@code data:} lines of one event and hands the event's data out at
 * the blank line that ends it. Comments ({@code : OPENROUTER PROCESSING}) and other fields are skipped. Not thread
 * safe: one per stream.
 */
final class SseDecoder {
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    /** Feeds one line (without its terminator); returns the data of an event this line completed. */
    Optional<String> line(String line) {
        if (line.isEmpty()) {
            return flush();
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        if (!field.equals("data")) {
            return Optional.empty();
        }
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (hasData) {
            data.append('\n');
        }
        data.append(value);
        hasData = true;
        return Optional.empty();
    }

    /** The data of an event the stream ended without a blank line after. */
    Optional<String> flush() {
        if (!hasData) {
            return Optional.empty();
        }
        String event = data.toString();
        data.setLength(0);
        hasData = false;
        return Optional.of(event);
    }
}
