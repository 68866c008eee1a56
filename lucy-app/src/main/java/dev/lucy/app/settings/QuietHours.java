package dev.lucy.app.settings;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A daily time range in a time zone, such as 22:00 to 07:00 in Europe/Paris; it may cross midnight. The start is in
 * it, the end is not.
 */
public record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    public QuietHours {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(zone, "zone");
        if (start.equals(end)) {
            throw new IllegalArgumentException("quiet hours must start and end at different times");
        }
    }

    /**
     * Reads {@code 22:00-07:00 Europe/Paris} (also {@code 22-7 UTC}).
     *
     * @throws IllegalArgumentException with a sentence for the person when it does not read as that
     */
    public static QuietHours parse(String text) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException(
                    "Write quiet hours as a time range and a time zone, for example" + " `22:00-07:00 Europe/Paris`.");
        }
        String[] range = parts[0].split("-");
        if (range.length != 2) {
            throw new IllegalArgumentException(
                    "\"" + parts[0] + "\" is not a time range; write it as start-end, for example `22:00-07:00`.");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(parts[1]);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("\"" + parts[1] + "\" is not a time zone I know; use a name such as"
                    + " Europe/Paris, America/New_York or UTC.");
        }
        LocalTime start = time(range[0]);
        LocalTime end = time(range[1]);
        if (start.equals(end)) {
            throw new IllegalArgumentException("Quiet hours must start and end at different times.");
        }
        return new QuietHours(start, end, zone);
    }

    private static LocalTime time(String text) {
        String t = text.contains(":") ? text : text + ":00";
        if (t.indexOf(':') == 1) {
            t = "0" + t;
        }
        try {
            return LocalTime.parse(t, HH_MM);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "\"" + text + "\" is not a time of day; write it as hours and minutes, such as 22:00 or 7:30.");
        }
    }

    /** Whether {@code at} falls within these hours. */
    public boolean contains(Instant at) {
        LocalTime local = at.atZone(zone).toLocalTime();
        return start.isBefore(end)
                ? !local.isBefore(start) && local.isBefore(end)
                : !local.isBefore(start) || local.isBefore(end);
    }

    /** {@code 22:00-07:00 Europe/Paris}, as {@link #parse} reads it. */
    @Override
    public String toString() {
        return HH_MM.format(start) + "-" + HH_MM.format(end) + " " + zone.getId();
    }
}
