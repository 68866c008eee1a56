package dev.lucy.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.app.cli.Values;
import dev.lucy.store.Database;
import dev.lucy.store.JdbcScheduleStore;
import dev.lucy.tools.Schedule;
import dev.lucy.tools.ScheduleStore;
import dev.lucy.tools.ScheduleTiming;
import java.io.PrintStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code ./lucy schedules next|list|show|pause|resume|delete ...}: check a cron expression's next times, and see or
 * change the schedules people made, against the configured database (as {@code ./lucy memory}).
 */
@Command(
        name = "schedules",
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Check when a cron expression runs; list, show, pause, resume and delete the schedules people made.",
            OperatorCommand.DATABASE_HELP
        },
        subcommands = HelpCommand.class)
final class SchedulesCommand extends OperatorCommand {
    static final int MAX_COUNT = 1000;

    SchedulesCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        super(out, err, env);
    }

    @Command(
            name = "next",
            description =
                    "Print as JSON the next times a cron expression runs in a time zone, daylight saving included.")
    int next(
            @Parameters(
                            paramLabel = "CRON",
                            description = "Five fields: minute hour day-of-month month day-of-week, such as"
                                    + " '0 9 * * MON-FRI'.")
                    String cron,
            @Option(
                            names = "--tz",
                            paramLabel = "ZONE",
                            required = true,
                            converter = Values.NonBlank.class,
                            description = "IANA time zone, such as Europe/Lisbon.")
                    String tz,
            @Option(
                            names = "--from",
                            paramLabel = "ISO",
                            converter = Values.NonBlank.class,
                            description = "Start after this moment (2026-03-28T12:00:00Z, or a local time in ZONE)."
                                    + " Default: now.")
                    String from,
            @Option(
                            names = "--count",
                            paramLabel = "N",
                            defaultValue = "5",
                            converter = Values.Positive.class,
                            description =
                                    "How many times to print, at most " + MAX_COUNT + ". Default: ${DEFAULT-VALUE}.")
                    int count) {
        ZoneId zone = zone(tz);
        ScheduleTiming timing;
        try {
            timing = ScheduleTiming.cron(cron, zone);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (count > MAX_COUNT) {
            throw new ParameterException(spec.commandLine(), "--count: at most " + MAX_COUNT + ", got " + count);
        }
        Instant start = from == null ? Instant.now() : instant(from, zone);
        ObjectNode result = json.createObjectNode();
        result.put("cron", ((ScheduleTiming.Cron) timing).expression());
        result.put("zone", zone.getId());
        result.put("description", timing.describe());
        result.put("from", iso(start.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), zone));
        var next = result.putArray("next");
        for (Instant at : timing.next(start, count)) {
            next.add(at.atZone(zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
        out.println(result.toPrettyString());
        return Main.OK;
    }

    @Command(name = "list", description = "Print the stored schedules, one JSON line each, oldest first.")
    int list(
            @Option(
                            names = "--workspace",
                            paramLabel = "ID",
                            converter = Values.NonBlank.class,
                            description = "Only this Slack workspace's (team ID).")
                    String workspace) {
        return withStore(store -> {
            List<Schedule> schedules = workspace == null ? store.all() : store.list(workspace);
            schedules.forEach(s -> out.println(json(s)));
            return Main.OK;
        });
    }

    @Command(name = "show", description = "Print one schedule as JSON, with its next times.")
    int show(@Parameters(paramLabel = "ID", description = "The schedule's id.") String id) {
        return withStore(store -> found(store, id)
                .map(s -> {
                    ObjectNode node = json(s);
                    var next = node.putArray("next");
                    if (s.state() == Schedule.State.ACTIVE) {
                        s.timing()
                                .next(Instant.now(), 5)
                                .forEach(at -> next.add(iso(at, s.timing().zone())));
                    }
                    out.println(node.toPrettyString());
                    return Main.OK;
                })
                .orElse(Main.FAILED));
    }

    @Command(name = "pause", description = "Pause a schedule until it is resumed.")
    int pause(@Parameters(paramLabel = "ID", description = "The schedule's id.") String id) {
        return change(id, s -> s.withState(Schedule.State.PAUSED), "paused");
    }

    @Command(name = "resume", description = "Resume a paused schedule from its next time after now.")
    int resume(@Parameters(paramLabel = "ID", description = "The schedule's id.") String id) {
        return change(
                id,
                s -> s.withState(Schedule.State.ACTIVE).withNextRun(s.timing().nextAfter(Instant.now())),
                "resumed");
    }

    @Command(name = "delete", description = "Delete a schedule for good.")
    int delete(@Parameters(paramLabel = "ID", description = "The schedule's id.") String id) {
        return withStore(store -> {
            if (!store.delete(id)) {
                err.println("lucy schedules delete: there is no schedule " + id);
                return Main.FAILED;
            }
            out.println("deleted schedule " + id);
            return Main.OK;
        });
    }

    private int change(String id, java.util.function.UnaryOperator<Schedule> change, String done) {
        return withStore(store -> {
            for (int attempt = 0; attempt < 5; attempt++) {
                Optional<Schedule> current = found(store, id);
                if (current.isEmpty()) {
                    return Main.FAILED;
                }
                if (store.replace(current.get(), change.apply(current.get())).isPresent()) {
                    out.println(done + " schedule " + id);
                    return Main.OK;
                }
            }
            err.println("lucy schedules: schedule " + id + " kept changing; try again");
            return Main.FAILED;
        });
    }

    private Optional<Schedule> found(ScheduleStore store, String id) {
        Optional<Schedule> s = store.find(id);
        if (s.isEmpty()) {
            err.println("lucy schedules: there is no schedule " + id + " (./lucy schedules list shows them)");
        }
        return s;
    }

    private ObjectNode json(Schedule s) {
        ObjectNode node = json.createObjectNode();
        node.put("id", s.id());
        node.put("workspace", s.workspaceId());
        node.put("creator", s.creatorId());
        node.put("routine", dev.lucy.tools.Routines.isRoutine(s)); // switched on in config, not made by a person
        node.put("conversation", s.conversationId());
        node.put("instruction", s.instruction());
        switch (s.timing()) {
            case ScheduleTiming.Cron cron -> node.put("cron", cron.expression());
            case ScheduleTiming.Once once -> node.put("at", iso(once.at(), once.zone()));
        }
        node.put("zone", s.timing().zone().getId());
        node.put("description", s.timing().describe());
        node.put("state", s.state().name().toLowerCase(Locale.ROOT));
        node.put("missedRuns", s.missedRuns().name().toLowerCase(Locale.ROOT));
        node.put("failures", s.failures());
        s.nextRunAt().ifPresent(at -> node.put("nextRunAt", iso(at, s.timing().zone())));
        return node;
    }

    private static String iso(Instant at, ZoneId zone) {
        return at.atZone(zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private int withStore(Function<ScheduleStore, Integer> action) {
        try (Database db = Database.open(databaseConfig())) {
            return action.apply(JdbcScheduleStore.open(db, "operator"));
        }
    }

    private ZoneId zone(String tz) {
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw new ParameterException(
                    spec.commandLine(), "--tz: unknown time zone '" + tz + "'; use an IANA name such as Europe/Lisbon");
        }
    }

    private Instant instant(String text, ZoneId zone) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--from: '" + text + "' is not a date and time such as 2026-03-28T12:00:00Z");
            }
        }
    }
}
