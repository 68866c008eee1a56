package dev.lucy.bench;

import dev.lucy.app.cli.Values;
import dev.lucy.testkit.ScratchDirectory;
import dev.lucy.testkit.model.Latency;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.RequestOverlaps;
import dev.lucy.testkit.model.Script;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.testkit.model.Turn;
import dev.lucy.testkit.postgres.EmbeddedPostgres;
import dev.lucy.testkit.slack.ChannelType;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import dev.lucy.testkit.slack.SlackUser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * {@code ./lucy bench replicas}: several replicas of the bot ({@code dev.lucy.app.Main}, each in its own JVM with its
 * own {@code LUCY_INSTANCE} and data directory) on one embedded PostgreSQL, each on its own Socket Mode connection to
 * one Slack simulator, answering through one scripted model server. It drives conversations of a mention and
 * follow-ups without a mention (and a few background tasks), redelivers some events, kills one replica with SIGKILL
 * mid-run and starts it again, then counts what people would have seen: answers lost, duplicated or out of order,
 * runs of one conversation at the same moment (at the model server), tasks taken over or run twice, and model
 * requests over the shared budget.
 */
final class ReplicasBench extends OptionsBench<ReplicasBench.Settings> {
    static final String NAME = "replicas";
    private static final Pattern KEY = Pattern.compile("conv-(\\d+)-(\\d+)");
    private static final String MODEL_KEY = "sk-bench-replicas";

    ReplicasBench() {
        super(
                NAME,
                Settings.Args::new,
                "N bot replicas (child JVMs) on one PostgreSQL: lost, duplicated, overlapping runs, a replica killed.",
                "Conversations are a mention and follow-ups without one, a few start background tasks; some events"
                        + " are redelivered.");
    }

    /** The run's settings, from the command line. */
    record Settings(
            int replicas,
            int conversations,
            int followups,
            double rate,
            double redelivery,
            boolean kill,
            int rpm,
            Duration modelLatency,
            Duration taskLatency,
            Duration followupGap,
            int taskEvery,
            Duration deadline,
            long seed) {
        /** The options of {@code ./lucy bench replicas}. */
        static final class Args implements BenchArgs<Settings> {
            @Option(
                    names = "--replicas",
                    paramLabel = "N",
                    defaultValue = "3",
                    converter = Values.Positive.class,
                    description = "Bot replicas, each a JVM of its own.")
            int replicas;

            @Option(
                    names = "--conversations",
                    paramLabel = "N",
                    defaultValue = "1000",
                    converter = Values.Positive.class,
                    description = "Conversations, each a mention and its follow-ups.")
            int conversations;

            @Option(
                    names = "--followups",
                    paramLabel = "N",
                    defaultValue = "2",
                    converter = Values.NonNegative.class,
                    description = "Follow-ups without a mention in each conversation.")
            int followups;

            @Option(
                    names = "--rate",
                    paramLabel = "N",
                    defaultValue = "10",
                    converter = BenchOptions.AboveZero.class,
                    description = "Conversations started per second.")
            double rate;

            @Option(
                    names = "--redelivery",
                    paramLabel = "SHARE",
                    defaultValue = "0",
                    converter = BenchOptions.Share.class,
                    description = "Share of events Slack delivers twice (0 to 1).")
            double redelivery;

            @Option(
                    names = "--kill",
                    paramLabel = "on|off",
                    defaultValue = "on",
                    converter = BenchOptions.OnOff.class,
                    description = "Kill one replica with SIGKILL mid-run and start it again.")
            String kill;

            @Option(
                    names = "--rpm",
                    paramLabel = "N",
                    defaultValue = "1200",
                    converter = Values.Positive.class,
                    description = "Model requests per minute the replicas share.")
            int rpm;

            @Option(
                    names = "--model-latency-ms",
                    paramLabel = "MS",
                    defaultValue = "300",
                    converter = Values.NonNegative.class,
                    description = "How long the scripted model takes to answer.")
            int modelLatencyMs;

            @Option(
                    names = "--task-latency-ms",
                    paramLabel = "MS",
                    defaultValue = "8000",
                    converter = Values.NonNegative.class,
                    description = "How long a background task's model call takes.")
            int taskLatencyMs;

            @Option(
                    names = "--followup-gap-ms",
                    paramLabel = "MS",
                    defaultValue = "100",
                    converter = Values.NonNegative.class,
                    description = "Pause between a conversation's messages.")
            int followupGapMs;

            @Option(
                    names = "--task-every",
                    paramLabel = "N",
                    defaultValue = "10",
                    converter = Values.Positive.class,
                    description = "One conversation in N starts a background task.")
            int taskEvery;

            @Option(
                    names = "--deadline-s",
                    paramLabel = "S",
                    defaultValue = "240",
                    converter = Values.Positive.class,
                    description = "How long the run may take before what is missing counts as lost.")
            int deadlineS;

            @Option(
                    names = "--seed",
                    paramLabel = "N",
                    defaultValue = "1",
                    converter = Values.NonNegative.class,
                    description = "Seed of the redeliveries and the replica killed.")
            int seed;

            @Override
            public Settings settings() {
                return new Settings(
                        replicas,
                        conversations,
                        followups,
                        rate,
                        redelivery,
                        BenchOptions.OnOff.on(kill),
                        rpm,
                        Duration.ofMillis(modelLatencyMs),
                        Duration.ofMillis(taskLatencyMs),
                        Duration.ofMillis(followupGapMs),
                        taskEvery,
                        Duration.ofSeconds(deadlineS),
                        seed);
            }
        }
    }

    /** What one run measured. */
    record Result(
            Settings settings,
            int messages,
            int answered,
            int lost,
            int duplicated,
            int overlappingRuns,
            int outOfOrder,
            int followupsAfterRestart,
            int followupsAnsweredAfterRestart,
            int tasks,
            int tasksTakenOver,
            int tasksRunTwice,
            int tasksCompleted,
            int modelRequests,
            int budgetExceeded,
            int redelivered,
            List<Long> latenciesMs,
            double wallSeconds) {
        long p(int percentile) {
            if (latenciesMs.isEmpty()) {
                return 0;
            }
            List<Long> sorted = new ArrayList<>(latenciesMs);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
        }
    }

    @Override
    int measure(Settings s, PrintStream out, PrintStream err) throws InterruptedException {
        Result r;
        try {
            r = run(s, err);
        } catch (IOException | SQLException | RuntimeException e) {
            err.println("lucy bench replicas: " + e.getMessage());
            return BenchMain.FAILED;
        }
        report(r, out);
        return BenchMain.OK;
    }

    /** One conversation: its thread, and when each of its messages was sent (null: not sent). */
    private static final class Conversation {
        final int id;
        final boolean task;
        final int slot;
        final Instant[] sent;
        /** Its person comes back with the follow-ups only after the replica was killed and started again. */
        boolean late;

        volatile String ts;

        Conversation(int id, boolean task, int slot, int messages) {
            this.id = id;
            this.task = task;
            this.slot = slot;
            this.sent = new Instant[messages];
        }

        String text(int k) {
            if (task) {
                return "conv-" + id + "-0 please do a deep dive on account " + id + " and write a full report";
            }
            return k == 0
                    ? "conv-" + id + "-0 when does project " + id + " ship?"
                    : "conv-" + id + "-" + k + " and what about part " + k + " of it?";
        }
    }

    static Result run(Settings s, PrintStream err) throws IOException, SQLException, InterruptedException {
        int channels = 40;
        SlackSimulator.Builder simulator = SlackSimulator.builder()
                .team("T0REPL", "Replicas", "replicas")
                .retryDelays(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(5));
        for (int i = 0; i < channels; i++) {
            simulator.user("u" + i).channel("c" + i, ChannelType.PUBLIC_CHANNEL, true, "u" + i);
        }
        RequestOverlaps overlaps = RequestOverlaps.by(request ->
                request.lastUserText().map(KEY::matcher).filter(Matcher::find).map(m -> m.group(1)));
        ConcurrentLinkedQueue<Instant> arrivals = new ConcurrentLinkedQueue<>();
        Script script = request -> answer(request, s, arrivals);
        List<Replica> replicas = new ArrayList<>();
        Instant started = Instant.now();
        try (ScratchDirectory scratch = ScratchDirectory.create("lucy-replicas-");
                EmbeddedPostgres postgres = EmbeddedPostgres.start();
                SlackSimulator slack = simulator.start();
                ScriptedModelServer model = ScriptedModelServer.builder()
                        .script(script)
                        .keepRequests(false)
                        // As hosted providers do: a streamed answer's wait is kept alive with comments, so a request
                        // of a killed replica ends when its connection is found gone, not when its answer is due.
                        .keepAliveComments(Duration.ofMillis(250))
                        .start()) {
            model.track(overlaps);
            String url = postgres.createDatabase("lucy_replicas");
            for (int i = 0; i < s.replicas(); i++) {
                replicas.add(Replica.start(scratch.path(), "replica-" + (i + 1), url, slack, model, s));
            }
            slack.awaitConnections(s.replicas(), Duration.ofSeconds(90));
            List<Conversation> conversations = new ArrayList<>();
            for (int i = 0; i < s.conversations(); i++) {
                boolean task = s.taskEvery() > 0 && i % s.taskEvery() == s.taskEvery() / 2;
                conversations.add(new Conversation(i, task, i % channels, task ? 1 : 1 + s.followups()));
            }
            SplittableRandom random = new SplittableRandom(s.seed());
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            int[] redelivered = {0};
            Instant[] killedAt = {null};
            Instant deadline = started.plus(s.deadline());
            int killAt = s.conversations() * 2 / 5;
            CountDownLatch restarted = new CountDownLatch(1);
            for (Conversation c : conversations) {
                c.late = s.kill() && c.id < killAt && c.id % 5 == 1 && !c.task;
            }
            try (ExecutorService drivers = Executors.newVirtualThreadPerTaskExecutor()) {
                long gapNanos = (long) (1_000_000_000L / s.rate());
                long t0 = System.nanoTime();
                for (Conversation c : conversations) {
                    long wait = t0 + c.id * gapNanos - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    if (s.kill() && killedAt[0] == null && c.id >= killAt) {
                        killedAt[0] = Instant.now();
                        Replica victim = replicas.getFirst();
                        victim.kill();
                        replicas.set(0, Replica.start(scratch.path(), "replica-1b", url, slack, model, s));
                        restarted.countDown();
                    }
                    boolean[] redeliver = new boolean[c.sent.length];
                    synchronized (random) {
                        for (int k = 0; k < redeliver.length; k++) {
                            redeliver[k] = random.nextDouble() < s.redelivery();
                        }
                    }
                    drivers.submit(() -> {
                        drive(slack, c, redeliver, latencies, deadline, s.followupGap(), restarted, redelivered);
                        return null;
                    });
                }
            }
            // Late duplicates (redeliveries, a takeover of work already done) would show within a few seconds.
            Thread.sleep(3000);
            Result result = count(
                    s,
                    slack,
                    conversations,
                    overlaps,
                    arrivals,
                    killedAt[0],
                    latencies,
                    redelivered[0],
                    url,
                    started,
                    err);
            if (result.lost() + result.duplicated() + result.overlappingRuns() + result.tasksRunTwice() > 0) {
                printLogs(scratch.path(), killedAt[0], err);
            }
            return result;
        } finally {
            replicas.forEach(replica -> replica.process().destroy());
            for (Replica replica : replicas) {
                replica.destroy();
            }
        }
    }

    /** The scripted model: answers naming the message, after the model latency (a longer one for tasks). */
    private static Turn answer(ModelRequest request, Settings s, ConcurrentLinkedQueue<Instant> arrivals) {
        arrivals.add(Instant.now());
        String asked = request.lastUserText().orElse("");
        Duration latency = asked.contains("deep dive") ? s.taskLatency() : s.modelLatency();
        Matcher m = KEY.matcher(asked);
        return Reply.text(m.find() ? "Answer to " + m.group() + ": all good." : "All good.")
                .withLatency(Latency.fixed(latency));
    }

    /** One person: the mention, then (once answered) the follow-ups in its thread, without a mention. */
    private static void drive(
            SlackSimulator slack,
            Conversation c,
            boolean[] redeliver,
            ConcurrentLinkedQueue<Long> latencies,
            Instant deadline,
            Duration gap,
            CountDownLatch restarted,
            int[] redelivered)
            throws InterruptedException {
        SlackUser user = slack.user("u" + c.slot);
        c.sent[0] = Instant.now();
        SlackMessage mention = user.mentionsBot("c" + c.slot, c.text(0));
        c.ts = mention.ts();
        if (redeliver[0]) {
            redeliver(slack, user, c, 0, mention.ts(), redelivered);
        }
        if (!await(slack, c, 0, latencies, deadline)) {
            return;
        }
        if (c.late && !restarted.await(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS)) {
            return;
        }
        for (int k = 1; k < c.sent.length; k++) {
            if (k > 1 && gap.isPositive()) {
                Thread.sleep(gap);
            }
            c.sent[k] = Instant.now();
            SlackMessage reply = user.repliesTo(mention, c.text(k));
            if (redeliver[k]) {
                redeliver(slack, user, c, k, reply.ts(), redelivered);
            }
        }
        for (int k = 1; k < c.sent.length; k++) {
            if (!await(slack, c, k, latencies, deadline)) {
                return;
            }
        }
    }

    private static boolean await(
            SlackSimulator slack, Conversation c, int k, ConcurrentLinkedQueue<Long> latencies, Instant deadline)
            throws InterruptedException {
        String wanted = "Answer to conv-" + c.id + "-" + k + ":";
        while (Instant.now().isBefore(deadline)) {
            if (answers(slack, c).contains(wanted)) {
                if (!c.task) {
                    latencies.add(Duration.between(c.sent[k], Instant.now()).toMillis());
                }
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Lucy's messages in the conversation's thread, in the order she posted them, as one string per message. */
    private static List<String> botTexts(SlackSimulator slack, Conversation c) {
        if (c.ts == null) {
            return List.of();
        }
        return slack.thread("c" + c.slot, c.ts).stream()
                .filter(m -> m.fromBot() && !m.deleted())
                .map(SlackMessage::text)
                .toList();
    }

    private static String answers(SlackSimulator slack, Conversation c) {
        return String.join("\n", botTexts(slack, c));
    }

    /** Slack delivers the same message once more (same channel, ts, user and text), as a retry does. */
    private static void redeliver(
            SlackSimulator slack, SlackUser user, Conversation c, int k, String ts, int[] redelivered) {
        String channel = slack.channelId("c" + c.slot);
        String text = (k == 0 ? "<@" + slack.botUserId() + "> " : "") + c.text(k);
        String thread = k == 0 ? "" : ",\"thread_ts\":\"" + c.ts + "\"";
        slack.emitEvent("{\"type\":\"" + (k == 0 ? "app_mention" : "message") + "\",\"user\":\"" + user.id()
                + "\",\"text\":\"" + text + "\",\"ts\":\"" + ts + "\"" + thread + ",\"channel\":\"" + channel
                + "\",\"channel_type\":\"channel\",\"event_ts\":\"" + ts + "\",\"team\":\"" + slack.teamId() + "\"}");
        synchronized (redelivered) {
            redelivered[0]++;
        }
    }

    /** What the person saw in a conversation the count found wrong, on the error stream for whoever reads the run. */
    private static void printThread(String what, SlackSimulator slack, Conversation c, PrintStream err) {
        err.println(what + ", thread:");
        slack.thread("c" + c.slot, c.ts)
                .forEach(m -> err.println("  " + (m.fromBot() ? "lucy " : "user ") + m.ts() + " "
                        + m.text().replace("\n", " / ")));
    }

    /** What each bot logged (text lines, no stack frames), when the count found something lost or doubled. */
    private static void printLogs(Path scratch, Instant killedAt, PrintStream err) throws IOException {
        err.println("replica 1 killed at " + killedAt + "; what the bots logged:");
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(scratch)) {
            for (Path dir : dirs) {
                Path log = dir.resolve("bot.log");
                if (Files.isRegularFile(log)) {
                    try (Stream<String> lines = Files.lines(log)) {
                        lines.filter(line -> !line.isBlank() && !line.startsWith("\t") && !line.startsWith(" "))
                                .limit(200)
                                .forEach(line -> err.println("  " + dir.getFileName() + " " + line));
                    }
                }
            }
        }
    }

    private static Result count(
            Settings s,
            SlackSimulator slack,
            List<Conversation> conversations,
            RequestOverlaps overlaps,
            ConcurrentLinkedQueue<Instant> arrivals,
            Instant killedAt,
            ConcurrentLinkedQueue<Long> latencies,
            int redelivered,
            String url,
            Instant started,
            PrintStream err)
            throws SQLException {
        int messages = 0;
        int answered = 0;
        int lost = 0;
        int duplicated = 0;
        int outOfOrder = 0;
        int after = 0;
        int answeredAfter = 0;
        int tasks = 0;
        int tasksRunTwice = 0;
        for (Conversation c : conversations) {
            List<Integer> order = new ArrayList<>();
            for (String text : botTexts(slack, c)) {
                Matcher m =
                        Pattern.compile("Answer to conv-" + c.id + "-(\\d+):").matcher(text);
                while (m.find()) {
                    order.add(Integer.parseInt(m.group(1)));
                }
            }
            for (int k = 0; k < c.sent.length; k++) {
                messages++;
                int times = Collections.frequency(order, k);
                if (times == 0) {
                    lost++;
                } else {
                    answered++;
                    duplicated += times - 1;
                    if (times > 1) {
                        printThread("duplicated: conv-" + c.id + "-" + k, slack, c, err);
                    }
                }
                boolean afterKill = killedAt != null
                        && k > 0
                        && c.sent[k] != null
                        && c.sent[k].isAfter(killedAt)
                        && c.sent[0].isBefore(killedAt);
                if (afterKill) {
                    after++;
                    answeredAfter += times > 0 ? 1 : 0;
                }
            }
            for (int i = 1; i < order.size(); i++) {
                if (order.get(i) < order.get(i - 1)) {
                    if (outOfOrder++ < 3) {
                        printThread("out of order: conv-" + c.id, slack, c, err);
                    }
                    break;
                }
            }
            if (c.task) {
                tasks++;
                tasksRunTwice += Collections.frequency(order, 0) > 1 ? 1 : 0;
            }
        }
        int takenOver = 0;
        int completed = 0;
        try (Connection db = DriverManager.getConnection(url);
                Statement st = db.createStatement();
                ResultSet rows = st.executeQuery("SELECT state, attempt FROM runtime_tasks")) {
            while (rows.next()) {
                takenOver += rows.getInt(2) > 1 ? 1 : 0;
                completed += rows.getString(1).equals("COMPLETED") ? 1 : 0;
            }
        }
        return new Result(
                s,
                messages,
                answered,
                lost,
                duplicated,
                overlaps.overlapping(),
                outOfOrder,
                after,
                answeredAfter,
                tasks,
                takenOver,
                tasksRunTwice,
                completed,
                arrivals.size(),
                overBudget(new ArrayList<>(arrivals), s.rpm()),
                redelivered,
                List.copyOf(latencies),
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }

    /**
     * Requests the model server saw beyond what the shared budget allows: the budget is a bucket of {@code rpm}
     * requests that starts full and refills at {@code rpm} a minute, so the server replays the arrivals through such a
     * bucket. Two requests of slack cover that a request arrives a little after its reservation.
     */
    static int overBudget(List<Instant> arrivals, int rpm) {
        List<Instant> sorted = new ArrayList<>(arrivals);
        Collections.sort(sorted);
        double level = rpm;
        Instant last = null;
        int over = 0;
        for (Instant at : sorted) {
            if (last != null) {
                level = Math.min(rpm, level + Duration.between(last, at).toNanos() * rpm / 60e9);
            }
            last = at;
            level -= 1;
            if (level < -2) {
                over++;
                level = -2;
            }
        }
        return over;
    }

    private static void report(Result r, PrintStream out) {
        Settings s = r.settings();
        out.printf(
                Locale.ROOT,
                "Replicas: %d bots (child JVMs) on one embedded PostgreSQL, %d conversations (%d tasks), %d messages,"
                        + " %.0f%% redelivered, kill %s, budget %d rpm%n",
                s.replicas(),
                s.conversations(),
                r.tasks(),
                r.messages(),
                s.redelivery() * 100,
                s.kill() ? "on" : "off",
                s.rpm());
        out.printf(
                Locale.ROOT,
                "answered %d, lost %d, duplicated %d, overlapping runs %d, out of order %d%n",
                r.answered(),
                r.lost(),
                r.duplicated(),
                r.overlappingRuns(),
                r.outOfOrder());
        out.printf(
                Locale.ROOT,
                "follow-ups after the restart %d (answered %d); tasks taken over %d, run twice %d, completed %d%n",
                r.followupsAfterRestart(),
                r.followupsAnsweredAfterRestart(),
                r.tasksTakenOver(),
                r.tasksRunTwice(),
                r.tasksCompleted());
        out.printf(
                Locale.ROOT,
                "model requests %d, over the budget %d; answer latency p50 %d ms, p95 %d ms; %.1f s%n",
                r.modelRequests(),
                r.budgetExceeded(),
                r.p(50),
                r.p(95),
                r.wallSeconds());
        out.printf(
                Locale.ROOT,
                "{\"bench\":\"replicas\",\"replicas\":%d,\"conversations\":%d,\"messages\":%d,\"answered\":%d,"
                        + "\"lost\":%d,\"duplicated\":%d,\"overlapping_runs\":%d,\"out_of_order\":%d,"
                        + "\"followups_after_restart\":%d,\"followups_answered_after_restart\":%d,\"tasks\":%d,"
                        + "\"tasks_taken_over\":%d,\"tasks_run_twice\":%d,\"tasks_completed\":%d,\"model_requests\":%d,"
                        + "\"budget_rpm\":%d,\"budget_exceeded\":%d,\"redelivery\":%.2f,\"redelivered\":%d,"
                        + "\"kill\":%b,\"p50_ms\":%d,\"p95_ms\":%d,\"wall_s\":%.1f}%n",
                s.replicas(),
                s.conversations(),
                r.messages(),
                r.answered(),
                r.lost(),
                r.duplicated(),
                r.overlappingRuns(),
                r.outOfOrder(),
                r.followupsAfterRestart(),
                r.followupsAnsweredAfterRestart(),
                r.tasks(),
                r.tasksTakenOver(),
                r.tasksRunTwice(),
                r.tasksCompleted(),
                r.modelRequests(),
                s.rpm(),
                r.budgetExceeded(),
                s.redelivery(),
                r.redelivered(),
                s.kill(),
                r.p(50),
                r.p(95),
                r.wallSeconds());
    }

    /** One bot in its own JVM: {@code java -cp <this class path> dev.lucy.app.Main} with its settings. */
    private record Replica(Process process) {
        static Replica start(
                Path scratch, String name, String url, SlackSimulator slack, ScriptedModelServer model, Settings s)
                throws IOException {
            Path dir = Files.createDirectories(scratch.resolve(name));
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder builder = new ProcessBuilder(
                            java.toString(),
                            "-Xmx256m",
                            "-XX:+UseSerialGC",
                            "-XX:TieredStopAtLevel=1",
                            "--enable-native-access=ALL-UNNAMED",
                            "-cp",
                            System.getProperty("java.class.path"),
                            "dev.lucy.app.Main")
                    .redirectOutput(dir.resolve("bot.out").toFile())
                    .redirectError(dir.resolve("bot.log").toFile());
            Map<String, String> env = builder.environment();
            env.keySet()
                    .removeIf(key ->
                            key.startsWith("SLACK_") || key.startsWith("LUCY_") || key.startsWith("OPENROUTER_"));
            env.put("SLACK_BOT_TOKEN", slack.botToken());
            env.put("SLACK_APP_TOKEN", slack.appToken());
            env.put("LUCY_SLACK_API_URL", slack.methodsUrl());
            env.put("LUCY_MODEL_BASE_URL", model.baseUrl());
            env.put("LUCY_MODEL_API_KEY", MODEL_KEY);
            env.put("LUCY_DATA_DIR", dir.resolve("data").toString());
            env.put("LUCY_DATABASE_URL", url);
            env.put("LUCY_INSTANCE", name);
            env.put("LUCY_REPLICA_TIMEOUT", "3s");
            env.put("LUCY_LEASE_TTL", "3s");
            env.put("LUCY_MODEL_RPM", Integer.toString(s.rpm()));
            env.put("LUCY_OPS_PORT", "off");
            env.put("LUCY_CONSOLE_PORT", "off");
            env.put("LUCY_LOG_FORMAT", "text");
            return new Replica(builder.start());
        }

        /** SIGKILL, as the OOM killer or a crash ends a process: no shutdown hook, no goodbye to Slack. */
        void kill() throws IOException, InterruptedException {
            new ProcessBuilder("kill", "-KILL", Long.toString(process.pid()))
                    .start()
                    .waitFor();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        void destroy() {
            if (process.isAlive()) {
                process.destroy(); // a graceful stop at the end; it is not measured
                try {
                    if (!process.waitFor(15, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            }
        }
    }
}
