package dev.lucy.app;

import static dev.lucy.core.Locks.locked;

import dev.lucy.app.files.FileTurns;
import dev.lucy.app.files.FilesConfig;
import dev.lucy.app.files.SharedFiles;
import dev.lucy.app.slack.SlackApprovalPort;
import dev.lucy.app.slack.SlackCallObserver;
import dev.lucy.app.slack.SlackChannels;
import dev.lucy.app.slack.SlackConversation;
import dev.lucy.app.slack.SlackFileTransfer;
import dev.lucy.app.slack.SlackHome;
import dev.lucy.app.slack.SlackIngress;
import dev.lucy.app.slack.SlackManagers;
import dev.lucy.app.slack.SlackOAuthConfig;
import dev.lucy.app.slack.SlackPort;
import dev.lucy.app.slack.SlackThreadHistory;
import dev.lucy.app.slack.SlackTransport;
import dev.lucy.app.slack.SlackTransportConfig;
import dev.lucy.app.slack.SlackUsers;
import dev.lucy.app.slack.SlackWorkspaces;
import dev.lucy.app.slack.ThreadParticipation;
import dev.lucy.core.Caller;
import dev.lucy.core.agent.AgentConfig;
import dev.lucy.core.agent.AgentObserver;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import dev.lucy.core.model.RateBudget;
import dev.lucy.core.model.ResilienceConfig;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.RuntimeConfig;
import dev.lucy.core.runtime.RuntimeObserver;
import dev.lucy.core.runtime.Task;
import dev.lucy.slack.Sanitiser;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.store.Dialect;
import dev.lucy.store.JdbcParticipation;
import dev.lucy.store.JdbcRateBudget;
import dev.lucy.store.SecretBox;
import dev.lucy.tools.Connections;
import dev.lucy.tools.RateLimit;
import dev.lucy.tools.Tool;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lucy as a Slack bot, in one object: Bolt (Socket Mode or HTTP) in front, {@link LucyEngine} behind, Slack's
 * Web API as the conversation port, thread history and approvals through Slack. What an operator runs with
 * {@code ./lucy} and what another team embeds in its own process:
 *
 * <pre>{@code
 * LucyApp lucy = LucyApp.builder()
 *         .slack(SlackTransportConfig.builder().botToken(bot).appToken(app).build())
 *         .model(ModelClientConfig.builder().apiKey(key).build())
 *         .dataDirectory(Path.of("data"))
 *         .build()
 *         .start();
 * Runtime.getRuntime().addShutdownHook(new Thread(lucy::close));
 * }</pre>
 *
 * <p>{@link #start()} opens the database (SQLite in the data directory unless a database is configured), asks
 * Slack who the bot is, wires everything and connects. {@link #close()} stops taking events, lets running answers
 * finish within the shutdown deadline, then closes Slack, the model client and the database. Thread safe.
 */
public final class LucyApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LucyApp.class);
    /** What a shutdown keeps, at most, to close Slack's side, the model client and the database after the drain. */
    private static final Duration CLOSE_MARGIN = Duration.ofMillis(500);

    private final Builder settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<AutoCloseable> owned = new ArrayList<>();
    private SlackTransport transport;
    private SlackIngress ingress;
    private LucyEngine engine;
    private Optional<SlackWorkspaces> workspaces = Optional.empty();
    private boolean closed;

    private LucyApp(Builder settings) {
        this.settings = settings;
    }

    /**
     * Whether the answer to {@code event} streams as it is written: always in a direct message (as before); in a
     * channel, with {@code inChannels}, when it answers a person (a mention or a thread reply, its author and
     * workspace known), since Slack streams there only to a named recipient. A schedule's run is posted once written:
     * nobody is waiting on it, and it would spend {@code chat.startStream}'s Tier 2 permits the people asking need.
     */
    static boolean streams(InboundEvent event, boolean inChannels) {
        if (SlackConversation.parse(event.conversationId()).isDirectMessage()) {
            return true;
        }
        Caller caller = event.caller();
        return inChannels
                && ScheduledRuns.scheduleId(event.eventId()).isEmpty()
                && !caller.userId().isBlank()
                && !caller.workspaceId().isBlank();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Connects to Slack and starts answering. Returns this. A failure leaves nothing open and names the cause. */
    public LucyApp start() {
        return locked(lock, () -> {
            if (engine != null || closed) {
                throw new IllegalStateException("a Lucy app starts once");
            }
            try {
                wire();
            } catch (RuntimeException e) {
                closeOwned();
                throw e;
            }
            return this;
        });
    }

    private void wire() {
        SlackTransportConfig slack = Objects.requireNonNull(settings.slack, "slack settings are required");
        Database database =
                Database.open(settings.database.orElseGet(() -> DatabaseConfig.sqlite(settings.dataDirectory)));
        owned.add(database);
        ChatModel model = settings.model.orElseGet(() -> {
            OpenAiCompatibleChatModel client = OpenAiCompatibleChatModel.create(settings.modelConfig);
            owned.add(client);
            return client;
        });

        transport = SlackTransport.create(slack, settings.slackCalls);
        // the bot token's workspace, when there is one; without, every workspace installed Lucy through OAuth
        Optional<String> firstBot = slack.botToken().map(token -> transport.botUserId());
        workspaces = settings.installs.map(installs -> Installs.workspaces(installs, transport, database, firstBot));
        workspaces.ifPresent(w -> transport.routeTokens(w::tokenFor));
        ThreadParticipation participation = ThreadParticipation.over(
                JdbcParticipation.open(database, ThreadParticipation.DEFAULT_QUIET_PERIOD), settings.clock);
        SlackPort.Builder slackPort = SlackPort.builder(transport.methods(), transport.webApi())
                .participation(participation)
                .observer(settings.slackCalls);
        workspaces.ifPresent(w -> slackPort.workspaces(w::workspaceOf));
        // Slack counts its limits per app and workspace, the model provider per key: replicas on one database share
        // one budget store for both, the one the engine would open for itself
        Optional<RateBudget> shared = database.dialect() == Dialect.POSTGRESQL
                ? Optional.of(JdbcRateBudget.open(database, settings.clock))
                : Optional.empty();
        shared.ifPresent(slackPort::sharedMethodLimits);
        SlackPort port = settings.portSettings.apply(slackPort).build();
        // Slack's 429s hold a method in the workspace they came from: lookups say whose person or channel they read
        java.util.function.Function<String, String> workspaceOf =
                id -> workspaces.flatMap(w -> w.workspaceOf(id)).orElse("");
        SlackUsers users = SlackUsers.create(transport.methods(), workspaceOf);
        SharedFiles sharedFiles = new SharedFiles();
        SlackChannels channels = new SlackChannels(transport.methods(), workspaceOf);
        LucyEngine.Builder engineBuilder = LucyEngine.builder(port, model, database);
        // The Home tab of a person whose task ended is published again; the ingress that does it comes later.
        var taskEnded = new java.util.concurrent.atomic.AtomicReference<java.util.function.Consumer<Task>>(t -> {});
        engineBuilder.taskEnded(task -> taskEnded.get().accept(task));
        shared.ifPresent(engineBuilder::rateBudget);
        engine = settings.engineSettings
                .apply(engineBuilder
                        .history(new SlackThreadHistory(
                                transport.methods(),
                                workspace -> workspaces
                                        .flatMap(w -> w.botUserId(workspace))
                                        .or(() -> firstBot)
                                        .orElse(""),
                                workspaceOf))
                        .userNames(users::displayName)
                        .startsConversation(event -> SlackConversation.parse(event.conversationId())
                                .threadTs()
                                .equals(event.messageId()))
                        .approvals(new SlackApprovalPort(port, Sanitiser.defaults(), users))
                        .workspaceAdmins(users)
                        .personZones((workspace, user) -> users.zoneOf(user))
                        .creatorAccess(new CreatorAccess() {
                            @Override
                            public Optional<String> lost(String workspaceId, String userId) {
                                return users.goneFrom(workspaceId, userId);
                            }

                            @Override
                            public Optional<String> lostChannel(
                                    String workspaceId, String userId, String conversation) {
                                return channels.lostAccess(userId, conversation);
                            }
                        })
                        .scheduleChannels(channels)
                        .scheduleOutlet((schedule, headline) -> {
                            // A new message in the schedule's channel, the run answering in its thread.
                            String conversation = port.startConversation(schedule.conversationId(), headline);
                            return new ScheduleOutlet.Opened(
                                    conversation,
                                    SlackConversation.parse(conversation).threadTs());
                        })
                        .turnFiles(new FileTurns(
                                sharedFiles,
                                workspaces.isPresent()
                                        ? new SlackFileTransfer(transport.methods(), workspaces.get()::tokenFor)
                                        : new SlackFileTransfer(
                                                transport.methods(),
                                                slack.botToken().orElseThrow()),
                                settings.files))
                        .runtimeConfig(settings.runtimeConfig)
                        .streamIn(event -> streams(event, port.streamsInChannels()))
                        .clock(settings.clock))
                .build();
        SlackIngress.Builder in = firstBot.map(bot -> SlackIngress.builder(engine.runtime(), bot))
                .orElseGet(() -> SlackIngress.builder(engine.runtime(), workspaces.orElseThrow()::botUserId))
                .participation(participation)
                .port(port)
                .threadMemory(engine.threads())
                .sharedFiles(sharedFiles)
                .memoryAdmin(engine.memoryAdmin())
                .methods(transport.methods())
                .schedules(engine.scheduleTools())
                .mcpServers(engine.mcpServers())
                .settings(engine.settings(), new SlackManagers(users, channels))
                .clock(settings.clock);
        workspaces.ifPresent(w -> in.botUsers(w::botUserId));
        engine.personalConnections().ifPresent(in::connections);
        if (settings.homeEnabled) {
            in.home(SlackHome.builder(port::publishHome, engine.runtime())
                    .memory(engine.memoryAdmin())
                    .schedules(engine.scheduleTools())
                    .mcpServers(engine.mcpServers())
                    .clock(settings.clock)
                    .build());
        }
        engine.approvals().ifPresent(in::approvals);
        ingress = in.build();
        if (settings.homeEnabled) {
            SlackIngress home = ingress;
            taskEnded.set(task ->
                    home.homeChanged(task.caller().workspaceId(), task.caller().userId(), task.updatedAt()));
        }
        ingress.register(transport.app());
        transport.readEventsFirst(ingress::readEvent);
        workspaces.ifPresent(w -> Installs.listen(w, transport, engine));
        if (firstBot.isPresent()) {
            engine.routines()
                    .install(
                            transport.teamId(),
                            engine.routines().config().digestChannel().flatMap(channels::idOf));
        }
        engine.start();
        transport.start();
        if (firstBot.isPresent()) {
            log.info("Lucy is connected to Slack as {} ({} mode)", firstBot.get(), slack.mode());
        } else {
            SlackWorkspaces served = workspaces.orElseThrow();
            int installed = served.installed().size();
            if (installed == 0) {
                log.info(
                        "Lucy is serving Slack ({} mode), but no workspace installed yet; install at {}",
                        slack.mode(),
                        settings.installs.orElseThrow().installPage());
            } else {
                log.info(
                        "Lucy is serving {} Slack workspace(s) installed through OAuth ({} mode); more install at {}",
                        installed,
                        slack.mode(),
                        settings.installs.orElseThrow().installPage());
            }
        }
    }

    /** True while Slack is connected (Socket Mode) or the events endpoint is serving (HTTP). */
    public boolean ready() {
        return locked(lock, () -> !closed && transport != null && transport.isConnected() && engine.started());
    }

    /** The engine behind the app, for operations and tests. Only after {@link #start()}. */
    public LucyEngine engine() {
        return Objects.requireNonNull(engine, "not started");
    }

    /**
     * The workspaces this Lucy serves and the install flow, when workspaces install it through OAuth ({@link
     * Builder#slackInstalls}). Only after {@link #start()}.
     */
    public Optional<SlackWorkspaces> workspaces() {
        return workspaces;
    }

    /** The Slack side, for operations and tests. Only after {@link #start()}. */
    public SlackTransport transport() {
        return Objects.requireNonNull(transport, "not started");
    }

    /** Stops taking events, finishes what runs within the runtime's shutdown deadline, and closes everything. */
    @Override
    public void close() {
        shutdown(settings.runtimeConfig.shutdownDeadline());
    }

    /**
     * Stops taking events, lets running answers finish within {@code deadline} (they still reach Slack), tells the
     * people whose answers it cuts that Lucy will pick them up when it is back (their messages stay in the inbox),
     * then closes Slack, the model client and the database, all within about {@code deadline}. Later calls do
     * nothing.
     */
    public void shutdown(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (transport != null) {
                transport.close(); // no new events; Slack redelivers what it could not hand over
            }
            if (engine != null) {
                // Answers in flight still go out through the Web API; a little is kept to close the rest in time.
                Duration margin =
                        deadline.dividedBy(10).compareTo(CLOSE_MARGIN) < 0 ? deadline.dividedBy(10) : CLOSE_MARGIN;
                engine.shutdown(Duration.ofNanos(Math.max(0, end - System.nanoTime() - margin.toNanos())));
            }
            if (ingress != null) {
                ingress.close();
            }
            closeOwned();
        } finally {
            lock.unlock();
        }
    }

    private void closeOwned() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                log.warn("could not close {}: {}", owned.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
        owned.clear();
    }

    /** Settings of the app. Slack settings and a model (or its client settings) are what a real run needs. */
    public static final class Builder {
        private SlackTransportConfig slack;
        private Optional<ChatModel> model = Optional.empty();
        private ModelClientConfig modelConfig = ModelClientConfig.defaults();
        private RuntimeConfig runtimeConfig = RuntimeConfig.defaults();
        private FilesConfig files = FilesConfig.defaults();
        private boolean homeEnabled = true;
        private Path dataDirectory = Path.of("data");
        private Optional<DatabaseConfig> database = Optional.empty();
        private UnaryOperator<SlackPort.Builder> portSettings = UnaryOperator.identity();
        private UnaryOperator<LucyEngine.Builder> engineSettings = UnaryOperator.identity();
        private SlackCallObserver slackCalls = SlackCallObserver.ignoring();
        private Clock clock = Clock.systemUTC();
        private Optional<Installs> installs = Optional.empty();

        private Builder() {}

        /**
         * Serves several Slack workspaces: more install Lucy through Slack's OAuth v2 flow ({@code oauth}), their tokens
         * sealed in the database with {@code box}; Slack's redirect comes back under {@code publicUrl}. The bot token
         * of {@link #slack}, if any, stays the first workspace's; without one, Lucy serves only the workspaces
         * installed this way (none at first). Default: the bot token's workspace only.
         */
        public Builder slackInstalls(
                SlackOAuthConfig oauth, SecretBox box, java.util.function.Supplier<java.net.URI> publicUrl) {
            this.installs = Optional.of(new Installs(
                    Objects.requireNonNull(oauth, "oauth"),
                    Objects.requireNonNull(box, "box"),
                    Objects.requireNonNull(publicUrl, "publicUrl"),
                    installs.map(Installs::clock).orElse(Optional.empty())));
            return this;
        }

        /** The clock token expiry is read on (for token rotation); default the app's clock. */
        public Builder tokenClock(Clock tokenClock) {
            Objects.requireNonNull(tokenClock, "tokenClock");
            this.installs = installs.map(i -> new Installs(i.oauth(), i.box(), i.publicUrl(), Optional.of(tokenClock)));
            return this;
        }

        /** How to reach Slack: tokens, Socket Mode or HTTP, the Web API's address. Required. */
        public Builder slack(SlackTransportConfig slack) {
            this.slack = Objects.requireNonNull(slack, "slack");
            return this;
        }

        /** The model endpoint's settings; the app creates the client and closes it. */
        public Builder model(ModelClientConfig modelConfig) {
            this.modelConfig = Objects.requireNonNull(modelConfig, "modelConfig");
            this.model = Optional.empty();
            return this;
        }

        /** A model endpoint of your own; the app does not close it. */
        public Builder model(ChatModel model) {
            this.model = Optional.of(model);
            return this;
        }

        /** Model tiers and fallbacks, retries, circuit breakers and budgets. */
        public Builder resilience(ResilienceConfig resilience) {
            Objects.requireNonNull(resilience, "resilience");
            return engine(engine -> engine.resilience(resilience));
        }

        public Builder agentConfig(AgentConfig agentConfig) {
            Objects.requireNonNull(agentConfig, "agentConfig");
            return engine(engine -> engine.agentConfig(agentConfig));
        }

        /** What Lucy reads of shared files and when an answer goes out as a file. Default {@link FilesConfig#defaults()}. */
        public Builder files(FilesConfig files) {
            this.files = Objects.requireNonNull(files, "files");
            return this;
        }

        /** Whether Lucy publishes its App Home tab when a person opens it. Default true. */
        public Builder homeEnabled(boolean enabled) {
            this.homeEnabled = enabled;
            return this;
        }

        public Builder runtimeConfig(RuntimeConfig runtimeConfig) {
            this.runtimeConfig = Objects.requireNonNull(runtimeConfig, "runtimeConfig");
            return this;
        }

        /** Where the embedded SQLite database lives when no database is configured. Default: {@code ./data}. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        /** A database of your own (PostgreSQL for several replicas). Default: SQLite in the data directory. */
        public Builder database(DatabaseConfig database) {
            this.database = Optional.of(database);
            return this;
        }

        public Builder connections(Connections connections) {
            Objects.requireNonNull(connections, "connections");
            return engine(engine -> engine.connections(connections));
        }

        /** Calls per period to each external API, by the provider its tools name; shared by replicas on PostgreSQL. */
        public Builder toolRateLimits(Map<String, RateLimit> limitsByProvider) {
            Map<String, RateLimit> limits = Map.copyOf(limitsByProvider);
            return engine(engine -> engine.toolRateLimits(limits));
        }

        /** Tools beside the built-in ones. */
        public Builder tools(List<Tool> tools) {
            List<Tool> added = List.copyOf(tools);
            return engine(engine -> engine.tools(added));
        }

        public Builder agentObserver(AgentObserver observer) {
            Objects.requireNonNull(observer, "observer");
            return engine(engine -> engine.agentObserver(observer));
        }

        public Builder runtimeObserver(RuntimeObserver observer) {
            Objects.requireNonNull(observer, "observer");
            return engine(engine -> engine.runtimeObserver(observer));
        }

        /** Hears about every request to Slack's Web API, for metrics. Default: {@link SlackCallObserver#ignoring()}. */
        public Builder slackCalls(SlackCallObserver observer) {
            this.slackCalls = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** Adjusts the Slack port's settings (pacing, retries, streaming) before it is built. */
        public Builder slackPort(UnaryOperator<SlackPort.Builder> settings) {
            this.portSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Adjusts anything else of the engine (system prompt, memory, reactions) before it is built. Adjustments
         * apply in the order given, after the app's own wiring; the setters above are shorthands for common ones.
         */
        public Builder engine(UnaryOperator<LucyEngine.Builder> settings) {
            Objects.requireNonNull(settings, "settings");
            UnaryOperator<LucyEngine.Builder> before = engineSettings;
            this.engineSettings = engine -> settings.apply(before.apply(engine));
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public LucyApp build() {
            if (slack == null) {
                throw new IllegalStateException("Slack settings are required: call slack(...)");
            }
            if (slack.botToken().isEmpty() && installs.isEmpty()) {
                throw new IllegalStateException("Slack needs a bot token (SLACK_BOT_TOKEN) or the OAuth install flow"
                        + " (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, with Lucy's HTTP endpoint on): call"
                        + " slackInstalls(...)");
            }
            return new LucyApp(this);
        }
    }
}
