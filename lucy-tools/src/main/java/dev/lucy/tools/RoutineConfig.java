package dev.lucy.tools;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * The proactive routines a team switches on: a digest of the projects and open tasks of the built-in tools, posted to
 * a channel, and a reminder the day before a task is due. Both are off by default. Immutable; {@link #defaults()} or
 * {@link #builder()}; the builder checks the cron expressions.
 *
 * @param digestChannel the channel the digest goes to (an id, or a name with or without {@code #}); empty: no digest
 * @param digestCron when the digest is posted (five fields, read in {@code zone})
 * @param dueReminders whether reminders the day before a due date are sent
 * @param dueRemindersCron when the reminders are looked for (read in {@code zone}); each goes out once
 * @param zone the time zone both routines' times are read in
 */
public record RoutineConfig(
        Optional<String> digestChannel, String digestCron, boolean dueReminders, String dueRemindersCron, ZoneId zone) {
    /** Mondays at 09:00. */
    public static final String DEFAULT_DIGEST_CRON = "0 9 * * MON";
    /** Every day at 09:00. */
    public static final String DEFAULT_DUE_REMINDERS_CRON = "0 9 * * *";

    public RoutineConfig {
        Objects.requireNonNull(digestChannel, "digestChannel");
        Objects.requireNonNull(zone, "zone");
        if (digestChannel.isPresent() && digestChannel.get().isBlank()) {
            throw new IllegalArgumentException("digestChannel must not be blank");
        }
        checkCron(digestCron, zone, "digestCron");
        checkCron(dueRemindersCron, zone, "dueRemindersCron");
    }

    /** Both routines off. */
    public static RoutineConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder()
                .digestCron(digestCron)
                .dueReminders(dueReminders)
                .dueRemindersCron(dueRemindersCron)
                .zone(zone);
        digestChannel.ifPresent(b::digestChannel);
        return b;
    }

    private static void checkCron(String cron, ZoneId zone, String name) {
        Objects.requireNonNull(cron, name);
        try {
            ScheduleTiming.cron(cron, zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    /** Builds a {@link RoutineConfig}; every field starts at its default. */
    public static final class Builder {
        private Optional<String> digestChannel = Optional.empty();
        private String digestCron = DEFAULT_DIGEST_CRON;
        private boolean dueReminders;
        private String dueRemindersCron = DEFAULT_DUE_REMINDERS_CRON;
        private ZoneId zone = ZoneId.of("UTC");

        private Builder() {}

        /** Turns the digest on, into this channel (an id such as C0123, or a name such as #launch). */
        public Builder digestChannel(String channel) {
            this.digestChannel =
                    Optional.of(Objects.requireNonNull(channel, "channel").strip());
            return this;
        }

        public Builder digestCron(String cron) {
            this.digestCron = cron;
            return this;
        }

        public Builder dueReminders(boolean on) {
            this.dueReminders = on;
            return this;
        }

        public Builder dueRemindersCron(String cron) {
            this.dueRemindersCron = cron;
            return this;
        }

        public Builder zone(ZoneId zone) {
            this.zone = zone;
            return this;
        }

        public RoutineConfig build() {
            return new RoutineConfig(digestChannel, digestCron, dueReminders, dueRemindersCron, zone);
        }
    }
}
