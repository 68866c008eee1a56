package dev.lucy.tools;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * When a schedule fires: once at a moment, or on a cron expression (five fields, Unix style: minute, hour, day of
 * month, month, day of week), read in an IANA time zone.
 *
 * <p>Times are wall-clock times of the zone, and each wall-clock time fires at most once. Daylight saving time has
 * two defined outcomes: a time that does not exist that day (the spring gap, such as 01:30 in Lisbon or 02:30 in New
 * York on the day clocks go forward) fires once, shifted forward by the gap (02:30 in Lisbon, 03:30 in New York); a
 * time that happens twice (the autumn overlap) fires once, the first time. Immutable and thread safe.
 */
public sealed interface ScheduleTiming {
    /** The zone the times are read in. */
    ZoneId zone();

    /** The first time strictly after {@code after} at which this fires; empty when it never fires again. */
    Optional<Instant> nextAfter(Instant after);

    /** How a person reads it, without the next times: "Every weekday at 09:00 Lisbon time". */
    String describe();

    /** The next {@code count} times strictly after {@code after}, fewer when it ends before. */
    default List<Instant> next(Instant after, int count) {
        List<Instant> times = new ArrayList<>();
        Instant at = after;
        while (times.size() < count) {
            Optional<Instant> next = nextAfter(at);
            if (next.isEmpty()) {
                break;
            }
            times.add(next.get());
            at = next.get();
        }
        return List.copyOf(times);
    }

    /** Fires once, at {@code at}. */
    static Once once(Instant at, ZoneId zone) {
        return new Once(at, zone);
    }

    /**
     * Fires on {@code expression} in {@code zone}.
     *
     * @throws IllegalArgumentException naming what is wrong with the expression, in words a person can act on
     */
    static Cron cron(String expression, ZoneId zone) {
        return new Cron(expression, zone);
    }

    /** A one-off time. */
    record Once(Instant at, ZoneId zone) implements ScheduleTiming {
        public Once {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(zone, "zone");
        }

        @Override
        public Optional<Instant> nextAfter(Instant after) {
            return at.isAfter(after) ? Optional.of(at) : Optional.empty();
        }

        @Override
        public String describe() {
            return "Once, on " + ScheduleTiming.when(at, zone) + " " + ScheduleTiming.zoneName(zone) + " time";
        }
    }

    /** A cron expression; built only when it parses. */
    record Cron(String expression, ZoneId zone) implements ScheduleTiming {
        private static final CronParser PARSER =
                new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
        /**
         * Wall-clock times that fall before the asked instant are skipped: only in the second pass of an autumn overlap
         * (at most two hours of them, for a cron firing every minute).
         */
        private static final int MAX_SKIPPED = 2 * 60 + 1;

        public Cron {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(zone, "zone");
            expression = expression.strip().replaceAll("\\s+", " ");
            try {
                PARSER.parse(expression).validate();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + expression + "' is not a cron expression of five fields"
                        + " (minute hour day-of-month month day-of-week), such as '0 9 * * MON-FRI': "
                        + Objects.requireNonNullElse(e.getMessage(), "it does not parse"));
            }
        }

        @Override
        public Optional<Instant> nextAfter(Instant after) {
            // cron-utils walks wall-clock times in a zone without daylight saving (UTC); each wall-clock time is then
            // placed in the real zone, where ofLocal shifts a time in a gap forward and takes the earlier of two.
            ExecutionTime times = ExecutionTime.forCron(PARSER.parse(expression));
            LocalDateTime wall = LocalDateTime.ofInstant(after, zone);
            for (int skipped = 0; skipped <= MAX_SKIPPED; skipped++) {
                Optional<ZonedDateTime> next = times.nextExecution(ZonedDateTime.of(wall, ZoneOffset.UTC));
                if (next.isEmpty()) {
                    return Optional.empty();
                }
                wall = next.get().toLocalDateTime();
                Instant at = ZonedDateTime.ofLocal(wall, zone, null).toInstant();
                if (at.isAfter(after)) {
                    return Optional.of(at);
                }
            }
            return Optional.empty();
        }

        @Override
        public String describe() {
            return plainWords().orElseGet(() -> {
                        String words = CronDescriptor.instance(Locale.UK).describe(PARSER.parse(expression));
                        return words.isEmpty()
                                ? "On '" + expression + "'"
                                : Character.toUpperCase(words.charAt(0)) + words.substring(1) + ",";
                    })
                    + " " + ScheduleTiming.zoneName(zone) + " time";
        }

        /** The common shapes in the words people use ("Every weekday at 09:00"); others are left to cron-utils. */
        private Optional<String> plainWords() {
            String[] f = expression.split(" ");
            if (f.length != 5) {
                return Optional.empty();
            }
            if (f[0].startsWith("*/") && f[1].equals("*") && f[2].equals("*") && f[3].equals("*") && f[4].equals("*")) {
                return Optional.of("Every " + f[0].substring(2) + " minutes,");
            }
            if (!f[0].matches("\\d{1,2}") || !f[1].matches("\\d{1,2}") || !f[3].equals("*")) {
                return Optional.empty();
            }
            String at = "at %02d:%02d".formatted(Integer.parseInt(f[1]), Integer.parseInt(f[0]));
            String days = f[4].toUpperCase(Locale.ROOT);
            if (!f[2].equals("*")) {
                return f[2].matches("\\d{1,2}") && days.equals("*")
                        ? Optional.of("On day " + f[2] + " of every month " + at)
                        : Optional.empty();
            }
            return switch (days) {
                case "*" -> Optional.of("Every day " + at);
                case "MON-FRI", "1-5" -> Optional.of("Every weekday " + at);
                case "SAT,SUN", "SUN,SAT", "0,6", "6,0" -> Optional.of("Every weekend day " + at);
                default -> dayName(days).map(day -> "Every " + day + " " + at);
            };
        }

        private static Optional<String> dayName(String day) {
            List<String> names = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
            int index = names.indexOf(day);
            if (index < 0 && day.matches("[0-7]")) {
                index = Integer.parseInt(day) % 7;
            }
            return index < 0
                    ? Optional.empty()
                    : Optional.of(
                            java.time.DayOfWeek.of(index == 0 ? 7 : index).getDisplayName(TextStyle.FULL, Locale.UK));
        }
    }

    /** "Mon 6 Apr 09:00" in the zone. */
    static String when(Instant at, ZoneId zone) {
        return DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.UK).format(at.atZone(zone));
    }

    /** "Lisbon" for Europe/Lisbon, "New York" for America/New_York, "UTC" for UTC. */
    static String zoneName(ZoneId zone) {
        String id = zone.getId();
        int slash = id.lastIndexOf('/');
        if (slash < 0) {
            return zone.getDisplayName(TextStyle.SHORT, Locale.UK);
        }
        return id.substring(slash + 1).replace('_', ' ');
    }
}
