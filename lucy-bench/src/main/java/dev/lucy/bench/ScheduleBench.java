package dev.lucy.bench;

import dev.lucy.app.LucyApp;
import dev.lucy.app.cli.Values;
import dev.lucy.core.runtime.RuntimeConfig;
import dev.lucy.demo.Simulated;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.store.JdbcScheduleStore;
import dev.lucy.testkit.ScratchDirectory;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.testkit.slack.ApiCall;
import dev.lucy.testkit.slack.SlackSimulator;
import dev.lucy.tools.Schedule;
import dev.lucy.tools.ScheduleRunner;
import dev.lucy.tools.ScheduleStore;
import dev.lucy.tools.ScheduleTiming;
import dev.lucy.tools.Scheduler;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Option;

/**
 * {@code ./lucy bench schedules [--schedules N] [--due N] [--idle SECONDS] [--channels N]}: with N active schedules in
 * SQLite, what the scheduler costs per minute while none is due (CPU of its looks, on the looking thread, the
 * database's work included since SQLite runs in the process), then, in the whole bot against the Slack simulator and
 * the scripted model, the delay from the due time of schedules due together to their first Slack call (the run's
 * headline, {@code chat.postMessage}, as the simulator received it).
 */
final class ScheduleBench extends OptionsBench<ScheduleBench.Options> {
    private final Logger flywayLog = Logger.getLogger("org.flywaydb");

    record Options(int schedules, int due, int idleSeconds, int channels) {}

    /** The options of {@code ./lucy bench schedules}. */
    static final class Args implements BenchArgs<Options> {
        @Option(
                names = "--schedules",
                paramLabel = "N",
                defaultValue = "10000",
                converter = Values.Positive.class,
                description = "Active schedules stored, none due while idle.")
        int schedules;

        @Option(
                names = "--due",
                paramLabel = "N",
                defaultValue = "200",
                converter = Values.Positive.class,
                description = "Schedules due at the same moment, for the delay.")
        int due;

        @Option(
                names = "--idle",
                paramLabel = "SECONDS",
                defaultValue = "30",
                converter = Values.Positive.class,
                description = "How long the idle scheduler is watched.")
        int idleSeconds;

        @Option(
                names = "--channels",
                paramLabel = "N",
                defaultValue = "100",
                converter = Values.Positive.class,
                description = "Channels the due schedules post in.")
        int channels;

        @Override
        public Options settings() {
            return new Options(schedules, due, idleSeconds, channels);
        }
    }

    ScheduleBench() {
        super(
                "schedules",
                Args::new,
                "Schedules: the scheduler's cost per minute at idle over N active schedules, and the delay from due"
                        + " time to the first Slack call.");
    }

    @Override
    int measure(Options o, PrintStream out, PrintStream err) throws InterruptedException {
        flywayLog.setLevel(Level.WARNING);
        try (ScratchDirectory data = ScratchDirectory.create("lucy-bench-schedules-")) {
            Idle idle;
            try (Database db = Database.open(DatabaseConfig.sqlite(data.path()))) {
                ScheduleStore store = JdbcScheduleStore.open(db, "bench");
                store(store, o.schedules(), "idle");
                idle = idle(store, o.idleSeconds());
            }
            Delays delays = delays(o, data.path());
            out.printf(
                    "idle: %d active schedules, %d looks in %d s: CPU %.1f ms per minute; a look takes p50 %.2f ms,"
                            + " p99 %.2f ms%n",
                    o.schedules(), idle.looks(), o.idleSeconds(), idle.cpuMsPerMinute(), idle.p50Ms(), idle.p99Ms());
            out.printf(
                    "due: %d schedules due together (beside %d idle ones): due time to first Slack call p50 %d ms,"
                            + " p99 %d ms, max %d ms; %d posted%n",
                    o.due(),
                    o.schedules(),
                    delays.p(50),
                    delays.p(99),
                    delays.p(100),
                    delays.millis().size());
            out.printf(
                    "{\"bench\":\"schedules\",\"schedules\":%d,\"idleCpuMsPerMinute\":%.1f,\"lookP99Ms\":%.2f,"
                            + "\"due\":%d,\"posted\":%d,\"delayP50Ms\":%d,\"delayP99Ms\":%d,\"delayMaxMs\":%d}%n",
                    o.schedules(),
                    idle.cpuMsPerMinute(),
                    idle.p99Ms(),
                    o.due(),
                    delays.millis().size(),
                    delays.p(50),
                    delays.p(99),
                    delays.p(100));
            return delays.millis().size() == o.due() ? BenchMain.OK : BenchMain.FAILED;
        } catch (RuntimeException e) {
            err.println("lucy bench schedules: failed: " + e);
            return BenchMain.FAILED;
        }
    }

    /** Daily schedules at an hour twelve hours away, so none is due while measured. */
    private static void store(ScheduleStore store, int count, String prefix) {
        Instant now = Instant.now();
        int hour = (now.atZone(ZoneOffset.UTC).getHour() + 12) % 24;
        for (int i = 0; i < count; i++) {
            store.create(Schedule.create(
                    prefix + i,
                    "T0LUCYSIM1",
                    "U" + (i % 500),
                    "C" + (i % 1000) + ":1.0",
                    "idle routine " + i,
                    ScheduleTiming.cron((i % 60) + " " + hour + " * * *", ZoneOffset.UTC),
                    Schedule.MissedRuns.RUN_LATEST,
                    now));
        }
    }

    record Idle(int looks, double cpuMsPerMinute, double p50Ms, double p99Ms) {}

    /** The scheduler's looks once a second, as its loop makes them, timed on this (platform) thread. */
    private static Idle idle(ScheduleStore store, int seconds) throws InterruptedException {
        AtomicInteger fired = new AtomicInteger();
        Scheduler scheduler = Scheduler.builder(store, new ScheduleRunner() {
                    @Override
                    public Started fire(Firing firing) {
                        fired.incrementAndGet();
                        return new Started.Yes();
                    }

                    @Override
                    public void tell(Schedule schedule, String text) {}
                })
                .clock(Clock.systemUTC())
                .build();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20; i++) { // warm-up
            scheduler.check();
            store.earliest();
        }
        List<Long> looks = new ArrayList<>();
        long cpu = 0;
        for (int i = 0; i < seconds; i++) {
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long before = System.nanoTime();
            scheduler.check();
            store.earliest(); // the loop reads the earliest next time after each look
            looks.add(System.nanoTime() - before);
            cpu += threads.getCurrentThreadCpuTime() - cpuBefore;
            Thread.sleep(1000);
        }
        scheduler.close();
        if (fired.get() != 0) {
            throw new IllegalStateException(fired.get() + " schedules fired while none was due");
        }
        List<Long> sorted = looks.stream().sorted().toList();
        return new Idle(
                looks.size(),
                cpu / 1e6 / seconds * 60,
                sorted.get(sorted.size() / 2) / 1e6,
                sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(0.99 * sorted.size()) - 1)) / 1e6);
    }

    /**
     * The {@code i}th one-off schedule due {@code at}: ids and instructions numbered after their prefix, created by
     * alice or bob in turn, posting in thread {@code thread} of one of the {@link Options#channels()} channels.
     */
    private static Schedule once(
            SlackSimulator slack, Options o, int i, String idPrefix, String thread, String instruction, Instant at) {
        return Schedule.create(
                idPrefix + i,
                slack.teamId(),
                slack.user(i % 2 == 0 ? "alice" : "bob").id(),
                slack.channelId("routines-" + (i % o.channels())) + ":" + thread,
                instruction + i,
                ScheduleTiming.once(at, ZoneOffset.UTC),
                Schedule.MissedRuns.RUN_LATEST,
                Instant.now());
    }

    record Delays(List<Long> millis) {
        long p(int percentile) {
            if (millis.isEmpty()) {
                return -1;
            }
            List<Long> sorted = millis.stream().sorted().toList();
            return sorted.get(Math.max(
                    0, Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1)));
        }
    }

    /** The bot, on the database holding the idle schedules, with {@code due} more due together in a few seconds. */
    private static Delays delays(Options o, Path data) throws InterruptedException {
        SlackSimulator.Builder workspace =
                SlackSimulator.builder().user("alice").user("bob");
        for (int i = 0; i < o.channels(); i++) {
            workspace.channel("routines-" + i);
        }
        try (SlackSimulator slack = workspace.start();
                ScriptedModelServer model = ScriptedModelServer.builder()
                        .script(request -> Reply.text("Done."))
                        .start();
                LucyApp lucy = LucyApp.builder()
                        .slack(Simulated.slack(slack))
                        .model(Simulated.model(model).build())
                        .runtimeConfig(RuntimeConfig.builder()
                                .userEventsPerMinute(1_000_000)
                                .workspaceEventsPerMinute(1_000_000)
                                .build())
                        .dataDirectory(data)
                        .build()
                        .start()) {
            ScheduleStore store = lucy.engine().schedules();
            // A warm-up round first, so the measured one does not pay for class loading and first compilations.
            Instant warm = Instant.now().plusSeconds(2);
            for (int i = 0; i < Math.min(20, o.due()); i++) {
                store.create(once(slack, o, i, "warm", "2.0", "warm-up check ", warm));
            }
            Instant due = warm.plusSeconds(4);
            for (int i = 0; i < o.due(); i++) {
                store.create(once(slack, o, i, "due", "1.0", "bench check ", due));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<ApiCall> headlines = List.of();
            while (System.nanoTime() < deadline) {
                headlines = slack.calls("chat.postMessage").stream()
                        .filter(c -> c.argument("text").orElse("").contains("Scheduled: bench check"))
                        .toList();
                if (headlines.size() >= o.due()) {
                    break;
                }
                Thread.sleep(50);
            }
            List<Long> millis = headlines.stream()
                    .map(c -> Duration.between(due, c.at()).toMillis())
                    .toList();
            return new Delays(millis);
        }
    }
}
