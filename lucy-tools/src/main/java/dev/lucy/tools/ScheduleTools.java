package dev.lucy.tools;

import dev.lucy.core.Caller;
import dev.lucy.core.Secrets;
import dev.lucy.core.spi.ToolError;
import dev.lucy.tools.spi.ToolException;
import dev.lucy.tools.spi.WorkspaceAdmins;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The tools that let the model create, list, change, pause, resume and delete a person's schedules. Lucy checks what
 * the model asks for (a valid cron expression or a future time, a known time zone, the limits of {@link
 * ScheduleConfig}) and answers with the schedule in plain words and its next times, which the model passes on.
 *
 * <p>A schedule posts in the conversation it was made in and runs as its creator. Only the creator or a workspace
 * admin changes one. Without a time zone, the person's own ({@link PersonZones}, from Slack's profile in lucy-app)
 * is used, else UTC. Thread safe; blocks on the store.
 */
public final class ScheduleTools {
    private static final Secrets SECRETS = Secrets.defaults();

    /** How many next times an answer lists. */
    private static final int SHOWN = 3;

    private final ScheduleStore store;
    private final ScheduleConfig config;
    private final PersonZones zones;
    private final WorkspaceAdmins admins;
    private final Clock clock;
    private final Channels channels;

    /** A person's time zone, when known. {@link #unknown()} is the default: none, so times are read in UTC. */
    @FunctionalInterface
    public interface PersonZones {
        Optional<ZoneId> zoneOf(String workspaceId, String userId);

        static PersonZones unknown() {
            return (workspaceId, userId) -> Optional.empty();
        }
    }

    /**
     * Where a schedule may post when the person names another channel ("post it in #launch"): the channel by id or
     * name, checked for the person (a member) and for Lucy (able to post there). {@link #none()} is the default: no
     * other channel, so schedules post where they were made.
     */
    @FunctionalInterface
    public interface Channels {
        /** The conversation to post in for {@code channel} (an id, a name with or without {@code #}, or a mention). */
        Target resolve(String workspaceId, String userId, String channel);

        /** No channel but the one a schedule is made in. */
        static Channels none() {
            return (workspaceId, userId, channel) -> new Target.Refused(
                    "I can only post a schedule's results where it is made here; ask me in that channel instead");
        }
    }

    /** Whether a schedule may post in a named channel. */
    public sealed interface Target {
        /** It may: {@code conversationId} is where its runs post, {@code name} how people call it (#launch). */
        record Found(String conversationId, String name) implements Target {
            public Found {
                Objects.requireNonNull(conversationId, "conversationId");
                Objects.requireNonNull(name, "name");
            }
        }

        /** It may not; {@code why} is a sentence for the person. */
        record Refused(String why) implements Target {
            public Refused {
                Objects.requireNonNull(why, "why");
            }
        }
    }

    /**
     * A schedule as the model sees it.
     *
     * @param id the id to change it with
     * @param summary when it runs and its next times, in words to repeat to the person
     * @param instruction what runs
     * @param state active, paused or done
     * @param creator the person who made it
     * @param channel where its runs post, when not where it was made (such as #launch); empty otherwise
     */
    public record View(String id, String summary, String instruction, String state, String creator, String channel) {
        public View(String id, String summary, String instruction, String state, String creator) {
            this(id, summary, instruction, state, creator, "");
        }
    }

    private ScheduleTools(Builder b) {
        this.store = b.store;
        this.config = b.config;
        this.zones = b.zones;
        this.admins = b.admins;
        this.clock = b.clock;
        this.channels = b.channels;
    }

    public static Builder builder(ScheduleStore store) {
        return new Builder(store);
    }

    @ToolMethod(
            description = "Schedule work for later: Lucy runs the instruction at the given time (one-off, 'at') or"
                    + " on a repeating cron expression ('cron', five fields: minute hour day-of-month month"
                    + " day-of-week, e.g. '0 9 * * MON-FRI' for every weekday at 9), as this person, and posts the"
                    + " result in this conversation, or in the channel given (id or #name). Times are read in the"
                    + " person's time zone unless time_zone is given. Repeat the returned summary to the person.",
            tags = {"schedule", "remind", "reminder", "every", "daily", "weekly", "later", "cron", "recurring"},
            sideEffect = SideEffect.WRITE)
    public View createSchedule(
            Caller caller,
            @Param("What Lucy should do at that time, written as a request to Lucy") String instruction,
            @Param(value = "Cron expression for a repeating schedule", required = false) Optional<String> cron,
            @Param(value = "Date and time of a one-off run, ISO 8601 such as 2026-04-10T16:00", required = false)
                    Optional<String> at,
            @Param(value = "IANA time zone such as Europe/Lisbon", name = "time_zone", required = false)
                    Optional<String> timeZone,
            @Param(
                            value = "What to do with times missed while Lucy was down: run_latest (default) or skip",
                            name = "missed_runs",
                            required = false)
                    Optional<String> missedRuns,
            @Param(
                            value =
                                    "Another channel to post the results in, such as #launch (default: this conversation)",
                            required = false)
                    Optional<String> channel) {
        requireText(instruction, "instruction");
        refuseCredentials(instruction);
        Instant now = clock.instant();
        ZoneId zone = zone(caller, timeZone);
        ScheduleTiming timing = timing(cron, at, zone, now);
        checkInterval(timing, now);
        List<Schedule> existing = store.list(caller.workspaceId()).stream()
                .filter(s -> s.state() != Schedule.State.DONE && !Routines.isRoutine(s))
                .toList();
        if (existing.size() >= config.maxPerWorkspace()) {
            throw invalid("this workspace has " + existing.size() + " schedules, the most it may have; delete one"
                    + " first");
        }
        long own = existing.stream()
                .filter(s -> s.creatorId().equals(caller.userId()))
                .count();
        if (own >= config.maxPerPerson()) {
            throw invalid("this person has " + own + " schedules, the most one person may have; delete one first");
        }
        String conversation = caller.conversationId();
        String where = "";
        Optional<String> named = channel.filter(c -> !c.isBlank()).map(String::strip);
        if (named.isPresent()) {
            switch (channels.resolve(caller.workspaceId(), caller.userId(), named.get())) {
                case Target.Found found -> {
                    conversation = found.conversationId();
                    where = found.name();
                }
                case Target.Refused refused ->
                    throw new ToolException(ToolError.FATAL, refused.why() + "; tell the person so");
            }
        }
        Schedule schedule = Schedule.create(
                UUID.randomUUID().toString().substring(0, 8),
                caller.workspaceId(),
                caller.userId(),
                conversation,
                instruction.strip(),
                timing,
                missed(missedRuns),
                now);
        store.create(schedule);
        View view = view(schedule);
        return where.isEmpty()
                ? view
                : new View(view.id(), view.summary(), view.instruction(), view.state(), view.creator(), where);
    }

    @ToolMethod(
            description =
                    "List this person's schedules with when each runs next (all of the workspace's for an" + " admin).",
            tags = {"schedule", "schedules", "scheduled", "list", "reminders", "routines"})
    public List<View> listSchedules(Caller caller) {
        boolean admin = admins.isAdmin(caller.workspaceId(), caller.userId());
        return store.list(caller.workspaceId()).stream()
                .filter(s -> admin || s.creatorId().equals(caller.userId()))
                .filter(s -> s.state() != Schedule.State.DONE)
                .map(this::view)
                .toList();
    }

    @ToolMethod(
            description = "Change a schedule's instruction or timing (cron or at, time_zone). Only its creator or a"
                    + " workspace admin may.",
            tags = {"schedule", "change", "update", "edit", "reschedule"},
            sideEffect = SideEffect.WRITE)
    public View updateSchedule(
            Caller caller,
            @Param("The schedule id") String id,
            @Param(value = "New instruction", required = false) Optional<String> instruction,
            @Param(value = "New cron expression", required = false) Optional<String> cron,
            @Param(value = "New one-off date and time, ISO 8601", required = false) Optional<String> at,
            @Param(value = "IANA time zone such as Europe/Lisbon", name = "time_zone", required = false)
                    Optional<String> timeZone) {
        Schedule current = changeable(caller, id);
        instruction.ifPresent(ScheduleTools::refuseCredentials);
        Instant now = clock.instant();
        ScheduleTiming timing = current.timing();
        if (cron.isPresent() || at.isPresent() || timeZone.isPresent()) {
            ZoneId zone = timeZone.isPresent()
                    ? zone(caller, timeZone)
                    : current.timing().zone();
            timing = cron.isEmpty() && at.isEmpty() ? rezoned(current.timing(), zone) : timing(cron, at, zone, now);
            checkInterval(timing, now);
        }
        String text = instruction.filter(i -> !i.isBlank()).map(String::strip).orElse(current.instruction());
        return view(replace(current, current.withPlan(text, timing, current.missedRuns(), now)));
    }

    @ToolMethod(
            description = "Pause a schedule until it is resumed. Only its creator or a workspace admin may.",
            tags = {"schedule", "pause", "stop", "hold"},
            sideEffect = SideEffect.WRITE)
    public View pauseSchedule(Caller caller, @Param("The schedule id") String id) {
        Schedule current = changeable(caller, id);
        return view(replace(current, current.withState(Schedule.State.PAUSED)));
    }

    @ToolMethod(
            description = "Resume a paused schedule from its next time. Only its creator or a workspace admin may.",
            tags = {"schedule", "resume", "restart", "unpause"},
            sideEffect = SideEffect.WRITE)
    public View resumeSchedule(Caller caller, @Param("The schedule id") String id) {
        Schedule current = changeable(caller, id);
        Schedule resumed = current.withState(Schedule.State.ACTIVE)
                .withNextRun(current.timing().nextAfter(clock.instant()));
        return view(replace(current, resumed));
    }

    @ToolMethod(
            description = "Delete a schedule for good. Only its creator or a workspace admin may.",
            tags = {"schedule", "delete", "remove", "cancel"},
            sideEffect = SideEffect.WRITE)
    public String deleteSchedule(Caller caller, @Param("The schedule id") String id) {
        Schedule current = changeable(caller, id);
        store.delete(current.id());
        return "Deleted the schedule '" + current.instruction() + "' ("
                + current.timing().describe() + ").";
    }

    /** The schedule in words with its next times, as the tools answer it. */
    public View view(Schedule schedule) {
        String summary = switch (schedule.state()) {
            case ACTIVE -> ScheduleNotices.echo(schedule, schedule.timing().next(clock.instant(), SHOWN));
            case PAUSED -> schedule.timing().describe() + " (paused)";
            case DONE -> schedule.timing().describe() + " (done)";
        };
        return new View(
                schedule.id(),
                summary,
                schedule.instruction(),
                schedule.state().name().toLowerCase(Locale.ROOT),
                schedule.creatorId());
    }

    private Schedule changeable(Caller caller, String id) {
        requireText(id, "id");
        Schedule schedule = store.find(id.strip())
                .filter(s -> s.workspaceId().equals(caller.workspaceId()))
                .orElseThrow(() -> new ToolException(
                        ToolError.NOT_FOUND, "there is no schedule " + id + "; call list_schedules to see the ids"));
        if (!schedule.creatorId().equals(caller.userId()) && !admins.isAdmin(caller.workspaceId(), caller.userId())) {
            throw new ToolException(
                    ToolError.FATAL,
                    "only the person who made this schedule or a workspace admin may change it; tell the person so");
        }
        return schedule;
    }

    private Schedule replace(Schedule current, Schedule changed) {
        return store.replace(current, changed)
                .orElseThrow(() ->
                        new ToolException(ToolError.RETRYABLE, "the schedule changed at the same moment; try again"));
    }

    private ZoneId zone(Caller caller, Optional<String> timeZone) {
        Optional<String> named = timeZone.filter(z -> !z.isBlank()).map(String::strip);
        if (named.isPresent()) {
            try {
                return ZoneId.of(named.get());
            } catch (DateTimeException e) {
                throw invalid("unknown time zone '" + named.get() + "'; use an IANA name such as Europe/Lisbon");
            }
        }
        return zones.zoneOf(caller.workspaceId(), caller.userId()).orElse(ZoneOffset.UTC);
    }

    private static ScheduleTiming timing(Optional<String> cron, Optional<String> at, ZoneId zone, Instant now) {
        Optional<String> expression = cron.filter(c -> !c.isBlank());
        Optional<String> moment = at.filter(a -> !a.isBlank());
        if (expression.isPresent() == moment.isPresent()) {
            throw invalid("give either cron (repeating) or at (one-off), not both and not neither");
        }
        if (expression.isPresent()) {
            try {
                return ScheduleTiming.cron(expression.get(), zone);
            } catch (IllegalArgumentException e) {
                throw invalid(e.getMessage());
            }
        }
        Instant instant = instant(moment.get().strip(), zone);
        if (!instant.isAfter(now)) {
            throw invalid("'" + moment.get() + "' has passed already; it is " + ScheduleTiming.when(now, zone) + " in "
                    + zone.getId());
        }
        return ScheduleTiming.once(instant, zone);
    }

    private static Instant instant(String text, ZoneId zone) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw invalid("'" + text + "' is not a date and time such as 2026-04-10T16:00");
            }
        }
    }

    private static ScheduleTiming rezoned(ScheduleTiming timing, ZoneId zone) {
        return switch (timing) {
            case ScheduleTiming.Cron cron -> ScheduleTiming.cron(cron.expression(), zone);
            case ScheduleTiming.Once once -> ScheduleTiming.once(once.at(), zone);
        };
    }

    private void checkInterval(ScheduleTiming timing, Instant now) {
        List<Instant> next = timing.next(now, 12);
        for (int i = 1; i < next.size(); i++) {
            Duration gap = Duration.between(next.get(i - 1), next.get(i));
            if (gap.compareTo(config.minInterval()) < 0) {
                throw invalid("that runs every " + minutes(gap) + "; schedules may run at most every "
                        + minutes(config.minInterval()));
            }
        }
    }

    private static String minutes(Duration d) {
        long m = d.toMinutes();
        return m == 1 ? "minute" : m + " minutes";
    }

    private static Schedule.MissedRuns missed(Optional<String> policy) {
        String value = policy.map(p -> p.strip().toLowerCase(Locale.ROOT)).orElse("run_latest");
        return switch (value) {
            case "", "run_latest" -> Schedule.MissedRuns.RUN_LATEST;
            case "skip" -> Schedule.MissedRuns.SKIP;
            default -> throw invalid("missed_runs is run_latest or skip, not '" + value + "'");
        };
    }

    private static ToolException invalid(String message) {
        return new ToolException(ToolError.INVALID_ARGUMENTS, message);
    }

    /**
     * An instruction is kept until the schedule is deleted, and runs again and again: one holding a password or key
     * is refused, as memory refuses it, so the person keeps the credential where it can be rotated.
     */
    private static void refuseCredentials(String instruction) {
        List<Secrets.Credential> found = SECRETS.find(instruction);
        if (!found.isEmpty()) {
            throw invalid("the instruction holds a credential ("
                    + found.getFirst().kind().label()
                    + "), and Lucy never stores those; tell the person to leave it out (keep it in the team's secret"
                    + " manager) and, since it was posted, to consider changing it");
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw invalid(name + " must not be empty");
        }
    }

    /** Settings of the schedule tools; the store is required. */
    public static final class Builder {
        private final ScheduleStore store;
        private ScheduleConfig config = ScheduleConfig.defaults();
        private PersonZones zones = PersonZones.unknown();
        private WorkspaceAdmins admins = WorkspaceAdmins.none();
        private Clock clock = Clock.systemUTC();
        private Channels channels = Channels.none();

        private Builder(ScheduleStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** Limits on count and interval. Default: {@link ScheduleConfig#defaults()}. */
        public Builder config(ScheduleConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Where a person's time zone comes from. Default: {@link PersonZones#unknown()} (UTC). */
        public Builder zones(PersonZones zones) {
            this.zones = Objects.requireNonNull(zones, "zones");
            return this;
        }

        /** Who may change anyone's schedule. Default: {@link WorkspaceAdmins#none()}. */
        public Builder admins(WorkspaceAdmins admins) {
            this.admins = Objects.requireNonNull(admins, "admins");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Which other channels a schedule may post in. Default: {@link Channels#none()}. */
        public Builder channels(Channels channels) {
            this.channels = Objects.requireNonNull(channels, "channels");
            return this;
        }

        public ScheduleTools build() {
            return new ScheduleTools(this);
        }
    }
}
