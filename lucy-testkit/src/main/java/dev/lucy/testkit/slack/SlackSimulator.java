package dev.lucy.testkit.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A Slack workspace on loopback: the Web API over HTTP and Socket Mode over WebSocket, faithful enough that the real
 * Bolt {@code SocketModeApp} and {@code MethodsClient} run against it unchanged.
 *
 * <pre>{@code
 * try (SlackSimulator slack = SlackSimulator.builder().user("alice").channel("general").start()) {
 *     SlackConfig config = new SlackConfig();
 *     config.setMethodsEndpointUrlPrefix(slack.methodsUrl());
 *     // start the bot with slack.botToken() and slack.appToken(), then:
 *     SlackMessage question = slack.user("alice").mentionsBot("general", "what is 2 + 2?");
 *     SlackMessage reply = slack.awaitBotReply(question, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Thread safe. Tests read what a user would see ({@link #thread}, {@link #messages}, {@link #assistantThread}),
 * every Web API call ({@link #calls}) and every Socket Mode delivery ({@link #deliveries}); the {@code await...}
 * methods poll such views until a deadline instead of sleeping. Nothing listens beyond 127.0.0.1.
 */
public final class SlackSimulator implements AutoCloseable {
    /** How long the {@code await...} helpers wait when not told. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);
    /** Slack's ack deadline for Socket Mode envelopes. */
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(3);
    /** Slack retries an unacked event immediately, then after about one and five minutes. */
    public static final List<Duration> DEFAULT_RETRY_DELAYS =
            List.of(Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(5));
    /** Events the simulated app subscribes to unless told otherwise. */
    public static final Set<String> DEFAULT_SUBSCRIPTIONS = Set.of(
            "app_mention",
            "message.channels",
            "message.groups",
            "message.im",
            "message.mpim",
            "reaction_added",
            "assistant_thread_started",
            "app_home_opened");

    private final Builder config;
    private final Changes changes = new Changes();
    private final Workspace workspace;
    private final SocketModeServer socketMode;
    private final RateLimiter rateLimiter;
    private final WebApiServer webApi;
    private final OpenIdProvider openId;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private SlackSimulator(Builder b) {
        this.config = b;
        SecureRandom random = new SecureRandom();
        Workspace.App app = new Workspace.App(
                b.appId,
                b.botUserId,
                b.botId,
                b.botName,
                b.botToken.orElseGet(() -> "xoxb-" + digits(random, 12) + "-" + digits(random, 13) + "-"
                        + HexFormat.of().formatHex(random.generateSeed(12))),
                b.appToken.orElseGet(() -> "xapp-1-" + b.appId + "-" + digits(random, 13) + "-"
                        + HexFormat.of().formatHex(random.generateSeed(16))));
        // the first workspace has alice and bob in #general unless told otherwise (other workspaces aside)
        List<Workspace.UserSpec> users = new ArrayList<>(b.users);
        if (b.users.stream()
                .allMatch(u -> u.teamId().filter(b.installable::contains).isPresent())) {
            users.add(0, new Workspace.UserSpec("alice", "Alice", Optional.empty()));
            users.add(1, new Workspace.UserSpec("bob", "Bob", Optional.empty()));
        }
        List<Workspace.ChannelSpec> channels = new ArrayList<>(b.channels);
        if (b.channels.stream().allMatch(c -> c.teamId().isPresent())) {
            channels.add(0, new Workspace.ChannelSpec("general", ChannelType.PUBLIC_CHANNEL, List.of(), true));
        }
        AckRouter acks = new AckRouter();
        this.socketMode = new SocketModeServer(
                new SocketModeServer.Settings(b.ackTimeout, b.retryDelays, b.picking, b.refreshGrace),
                b.appId,
                changes,
                b.clock,
                acks);
        this.workspace = new Workspace(
                b.clock,
                changes,
                socketMode,
                b.subscriptions,
                b.echoBotMessages,
                b.teams,
                app,
                users,
                channels,
                b.installable,
                new Workspace.OAuthSpec(b.clientId, b.clientSecret, b.tokenRotation));
        acks.workspace = workspace;
        this.workspace.agentView(b.agentView);
        this.workspace.socketUrls(socketMode::issueUrl);
        this.rateLimiter = new RateLimiter(b.clock);
        this.rateLimiter.limits(b.rateLimits);
        this.openId = new OpenIdProvider(
                workspace, new Workspace.OAuthSpec(b.clientId, b.clientSecret, b.tokenRotation), b.clock);
        this.webApi = new WebApiServer(workspace, openId, rateLimiter, b.clock, this::control, b.port);
        b.latency.forEach(webApi::latency);
    }

    private static final class AckRouter implements SocketModeServer.AckListener {
        volatile Workspace workspace;

        @Override
        public void acked(String envelopeType, JsonNode envelopePayload, JsonNode ackPayload) {
            workspace.ackPayload(envelopeType, envelopePayload, ackPayload);
        }
    }

    private static String digits(SecureRandom random, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    /** A builder with a workspace of alice and bob in #general with the bot, until told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a simulator with the defaults of {@link #builder()}. */
    public static SlackSimulator create() {
        return builder().start();
    }

    /** Binds both servers to free loopback ports. Returns this, for one-line starts. */
    public SlackSimulator start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the Slack simulator is already started");
        }
        socketMode.startAndWait();
        try {
            webApi.start();
        } catch (RuntimeException e) {
            socketMode.shutdown();
            throw e;
        }
        workspace.baseUrl(baseUrl().toString());
        return this;
    }

    /** Stops both servers, closing every Socket Mode connection. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && started.get()) {
            webApi.stop();
            socketMode.shutdown();
        }
    }

    // ------------------------------------------------------------------ where and who

    /** {@code http://127.0.0.1:PORT/}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + webApi.port() + "/");
    }

    /** The Web API prefix for {@code SlackConfig.setMethodsEndpointUrlPrefix}: {@code http://127.0.0.1:PORT/api/}. */
    public String methodsUrl() {
        return baseUrl() + "api/";
    }

    /** The bot token ({@code xoxb-}) the Web API accepts. */
    public String botToken() {
        return workspace.app().botToken();
    }

    /** The app-level token ({@code xapp-}) that opens Socket Mode connections. */
    public String appToken() {
        return workspace.app().appToken();
    }

    public String teamId() {
        return workspace.team().id();
    }

    public String appId() {
        return workspace.app().appId();
    }

    /** The bot's user id, as in {@code <@U...>} mentions. */
    public String botUserId() {
        return workspace.app().botUserId();
    }

    public String botId() {
        return workspace.app().botId();
    }

    /** A workspace user, by name or id, to act as. */
    // ------------------------------------------------------------------ installs across workspaces (OAuth v2)

    /** Where an app sends a person to install it: {@code oauth/v2/authorize} on this simulator. */
    public URI authorizeUrl() {
        return baseUrl().resolve("/oauth/v2/authorize");
    }

    /** The app's OAuth client id. */
    public String clientId() {
        return config.clientId;
    }

    /** The app's OAuth client secret. */
    public String clientSecret() {
        return config.clientSecret;
    }

    /** Makes the next {@code oauth/v2/authorize} install into workspace {@code teamId}. */
    public void installNextInto(String teamId) {
        workspace.nextInstall(teamId);
    }

    // ------------------------------------------------------------------ Sign in with Slack (OpenID Connect)

    /**
     * Where "Sign in with Slack" lives on this simulator, as {@code https://slack.com/openid/connect/} on Slack:
     * {@code authorize} (the page the browser goes to) and {@code keys} (the key set ID tokens are signed with).
     */
    public URI openIdUrl() {
        return baseUrl().resolve("/openid/connect/");
    }

    /** Makes the next "Sign in with Slack" sign in the person {@code user} (name or id). */
    public void signInNextAs(String user) {
        openId.signInNextAs(user);
    }

    /**
     * An ID token as {@code openid.connect.token} gives one: {@code claims} (JSON: {@code iss}, {@code aud}, {@code
     * exp}, Slack's {@code https://slack.com/team_id}...) signed with RS256 by this simulator's key, for tests of a
     * validator with claims Slack would not issue.
     */
    public String signIdToken(String claims) {
        return openId.sign((com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(claims)
                .filter(com.fasterxml.jackson.databind.JsonNode::isObject)
                .orElseThrow(() -> new IllegalArgumentException("claims must be a JSON object")));
    }

    /** The bot token the app holds now in workspace {@code teamId}, if it is installed there. */
    public Optional<String> botToken(String teamId) {
        return workspace.grant(teamId).map(Workspace.Grant::botToken);
    }

    /** Whether the app is installed in workspace {@code teamId}. */
    public boolean installedIn(String teamId) {
        return workspace.grant(teamId).isPresent();
    }

    /**
     * The workspace removes the app: its tokens stop working, and Slack sends {@code tokens_revoked} and then
     * {@code app_uninstalled} from that workspace.
     */
    public void uninstall(String teamId) {
        workspace.revoke(teamId, true);
    }

    /** The workspace revokes the app's tokens ({@code tokens_revoked}); the app stays listed until reinstalled. */
    public void revokeTokens(String teamId) {
        workspace.revoke(teamId, false);
    }

    public SlackUser user(String nameOrId) {
        Workspace.UserState state = inWorkspace(() -> workspace.userByName(nameOrId));
        return new SlackUser(this, workspace, state.id(), state.name(), state.teamId());
    }

    /** A channel's id, from its name (with or without {@code #}) or id. */
    /** Sets the time zone of a person's profile ({@code users.info} {@code tz}, IANA); the default is Europe/London. */
    public void timeZone(String user, String zone) {
        java.time.ZoneId.of(zone);
        String id = inWorkspace(() -> workspace.userByName(user).id());
        workspace.timeZone(id, zone);
    }

    /** Deactivates a person's account, as when they leave the workspace: {@code users.info} says {@code deleted}. */
    public void deactivate(String user) {
        String id = inWorkspace(() -> workspace.userByName(user).id());
        workspace.deactivate(id);
    }

    /** Makes a person (by name or id) the creator {@code conversations.info} names for a channel (by name or id). */
    public void createdBy(String channel, String user) {
        String id = inWorkspace(() -> workspace.userByName(user).id());
        workspace.createdBy(channel, id);
    }

    /** Archives a channel (by name or id): posting in it answers {@code is_archived}, as Slack does. */
    public void archive(String channel) {
        workspace.archive(channel);
    }

    /** Takes a person (by name or id) out of a channel, as when they leave it or are removed. */
    public void removeFromChannel(String channel, String user) {
        String id = inWorkspace(() -> workspace.userByName(user).id());
        workspace.removeMember(channel, id);
    }

    /** Takes the bot out of a channel, as when someone removes Lucy: posting answers {@code not_in_channel}. */
    public void removeBot(String channel) {
        workspace.removeMember(channel, workspace.app().botUserId());
    }

    public String channelId(String channel) {
        return workspace.channelId(channel);
    }

    /** The id of the direct-message conversation between a user and the bot, opening it if needed. */
    public String imWith(String user) {
        return inWorkspace(() -> workspace.imWithBot(workspace.userByName(user).id()).id);
    }

    private <T> T inWorkspace(Supplier<T> action) {
        workspace.lock.lock();
        try {
            return action.get();
        } finally {
            workspace.lock.unlock();
        }
    }

    // ------------------------------------------------------------------ what users see

    /** The top-level messages of a channel, oldest first; deleted ones are included and flagged. */
    public List<SlackMessage> messages(String channel) {
        return workspace.messages(channel);
    }

    /** A thread as Slack shows it: the parent, then the replies, oldest first. */
    public List<SlackMessage> thread(String channel, String threadTs) {
        return workspace.thread(channel, threadTs);
    }

    /** The thread a message starts or belongs to. */
    public List<SlackMessage> thread(SlackMessage message) {
        return thread(message.channel(), message.threadTs().orElse(message.ts()));
    }

    /** The current state of one message. */
    public Optional<SlackMessage> message(String channel, String ts) {
        return workspace.message(channel, ts);
    }

    /** Ephemeral messages in a channel, each visible to one user only. */
    public List<SlackMessage> ephemeralMessages(String channel) {
        return workspace.ephemeralMessages(channel);
    }

    /** Status, title and suggested prompts of an assistant thread, once the bot set any. */
    public Optional<AssistantThread> assistantThread(String channel, String threadTs) {
        return workspace.assistantThread(channel, threadTs);
    }

    /** The person's Home tab as Lucy last published it, if it published one. */
    public Optional<HomeView> homeView(String user) {
        return workspace.homeView(user);
    }

    /** Waits until the person's Home tab satisfies {@code condition}; returns it. */
    public HomeView awaitHomeView(String user, Predicate<HomeView> condition, Duration timeout) {
        return await(
                "the Home tab of " + user + " to match",
                timeout,
                () -> homeView(user).filter(condition));
    }

    /**
     * The agent view's state of a person's direct message with the bot as a whole (Slack's messages tab): the
     * suggested prompts set without a thread. Threads in it are read with {@link #assistantThread}.
     */
    public Optional<AssistantThread> messagesTab(String user) {
        return workspace.messagesTab(user);
    }

    /**
     * The next {@code times} calls of {@code method} answer {@code ok:false} with {@code error} (Slack's error code,
     * such as {@code not_allowed} or {@code invalid_arguments}), recorded like any other answer.
     */
    public void failNext(String method, String error, int times) {
        workspace.failNext(method, error, times);
    }

    /**
     * Makes every file download answer with Slack's sign-in page (true), as Slack does for a token without
     * {@code files:read}, or serve files again (false).
     */
    public void refuseFileDownloads(boolean refuse) {
        workspace.refuseDownloads(refuse);
    }

    /** How many times the bot downloaded the file with {@code fileId} (with its token, the bytes served). */
    public int fileDownloads(String fileId) {
        return workspace.downloads(fileId);
    }

    /** The bytes uploaded for a file. */
    public Optional<byte[]> fileContent(String fileId) {
        return workspace.fileContent(fileId);
    }

    // ------------------------------------------------------------------ what the bot did

    /** Every Web API call answered so far, in arrival order. */
    public List<ApiCall> calls() {
        return workspace.calls();
    }

    /** The calls of one method. */
    public List<ApiCall> calls(String method) {
        return calls().stream().filter(c -> c.method().equals(method)).toList();
    }

    // ------------------------------------------------------------------ Socket Mode

    /** Open Socket Mode connections, oldest first. */
    public List<SocketConnection> connections() {
        return socketMode.connections();
    }

    /** Every delivery attempt so far, in order. */
    public List<Delivery> deliveries() {
        return socketMode.deliveries();
    }

    /** How many envelopes still wait for an ack (or for a connection to go out on). */
    public int unackedEnvelopes() {
        return socketMode.unacked();
    }

    /** Sends {@code disconnect} with reason {@code refresh_requested}, as Slack does regularly. */
    public void requestRefresh(String connectionId) {
        socketMode.disconnect(connectionId, "refresh_requested");
    }

    /** Sends {@code disconnect} with any reason Slack uses ({@code warning}, {@code link_disabled}, ...). */
    public void sendDisconnect(String connectionId, String reason) {
        socketMode.disconnect(connectionId, reason);
    }

    /**
     * Makes a connection half-open: both ends still think it is up, but nothing crosses it any more (no
     * envelopes, acks or pongs). Envelopes sent into it time out and are redelivered like unacked ones.
     */
    public void silenceConnection(String connectionId) {
        socketMode.silence(connectionId);
    }

    /** Cuts a connection without a close handshake, as a network failure would. */
    public void dropConnection(String connectionId) {
        socketMode.drop(connectionId);
    }

    /**
     * Delivers an Events API event the test built itself (the inner {@code event} object, as JSON), wrapped in an
     * {@code event_callback} with a fresh {@code event_id}.
     */
    public void emitEvent(String eventJson) {
        JsonNode event = Json.parse(eventJson)
                .filter(JsonNode::isObject)
                .orElseThrow(() -> new IllegalArgumentException("the event must be a JSON object"));
        workspace.emitRawEvent((ObjectNode) event);
    }

    // ------------------------------------------------------------------ faults

    /** Switches rate limiting, for the rest of the test. Counting starts afresh. */
    public void rateLimits(RateLimits limits) {
        rateLimiter.limits(Objects.requireNonNull(limits, "limits"));
    }

    /** Web API calls answered with 429 since rate limiting was last switched. */
    public long rateLimitedCalls() {
        return rateLimiter.counts().refused();
    }

    /**
     * Web API calls that came again for a rate-limited method (in the same workspace, or channel where Slack counts
     * per channel) before the {@code Retry-After} of its last 429 had passed: 0 when the caller honours every 429.
     */
    public long callsBeforeRetryAfter() {
        return rateLimiter.counts().early();
    }

    /**
     * Delays every answer of one method ({@code "*"} for every method without its own delay); {@link Duration#ZERO}
     * removes the delay.
     */
    public void latency(String method, Duration delay) {
        requireNonNegative(delay, "delay");
        webApi.latency(method, delay);
    }

    /** Removes every configured delay. */
    public void clearLatency() {
        webApi.clearLatency();
    }

    // ------------------------------------------------------------------ waiting

    /**
     * Polls {@code probe} until it yields a value; fails the test with {@code what} when {@code timeout} passes.
     * Wakes on every change in the simulator, and at least every 20 ms.
     */
    public <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe) {
        return changes.await(timeout, probe)
                .orElseThrow(() -> new AssertionError("timed out after " + timeout + " waiting for " + what));
    }

    /** Waits until {@code condition} holds. */
    public void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        await(what, timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /** Waits until at least {@code count} Socket Mode connections are open; returns them. */
    public List<SocketConnection> awaitConnections(int count, Duration timeout) {
        return await(count + " open Socket Mode connection(s)", timeout, () -> {
            List<SocketConnection> open = connections();
            return open.size() >= count ? Optional.of(open) : Optional.empty();
        });
    }

    /**
     * Waits for the first bot message in the thread of {@code message}, whole: a streamed message once its stream has
     * stopped, with its final text, as a posted one would be.
     */
    public SlackMessage awaitBotReply(SlackMessage message, Duration timeout) {
        return await(
                "a bot reply in the thread of " + message.ts(),
                timeout,
                () -> thread(message).stream()
                        .filter(m -> m.fromBot() && !m.ts().equals(message.ts()))
                        .findFirst()
                        .filter(m -> !m.streaming()));
    }

    /** Waits until {@code channel} holds {@code count} ephemeral messages; returns the last of those, the countth. */
    public SlackMessage awaitEphemeral(String channel, int count, Duration timeout) {
        return await(count + " ephemeral message(s) in " + channel, timeout, () -> {
            List<SlackMessage> shown = ephemeralMessages(channel);
            return shown.size() >= count ? Optional.of(shown.get(count - 1)) : Optional.empty();
        });
    }

    /** Waits until the thread of {@code message} satisfies {@code condition}; returns the thread. */
    public List<SlackMessage> awaitThread(
            SlackMessage message, Predicate<List<SlackMessage>> condition, Duration timeout) {
        return await("the thread of " + message.ts() + " to match", timeout, () -> {
            List<SlackMessage> thread = thread(message);
            return condition.test(thread) ? Optional.of(thread) : Optional.empty();
        });
    }

    /** Waits until no envelope waits for an ack. */
    public void awaitAllAcked(Duration timeout) {
        awaitTrue("every envelope to be acked", timeout, () -> unackedEnvelopes() == 0);
    }

    // ------------------------------------------------------------------ standalone control over HTTP

    private ObjectNode control(String action, Args args) {
        return switch (action) {
            case "post" -> {
                SlackUser user = user(args.get("user").orElseThrow(() -> new IllegalArgumentException("user_missing")));
                String channel = args.get("channel").orElse("@" + config.botName);
                String text = args.get("text").orElseThrow(() -> new IllegalArgumentException("no_text"));
                // an optional file: file_name, file_type (its MIME type), and file_text or file_base64
                List<SharedFile> files = args.get("file_name")
                        .map(name -> List.of(SharedFile.of(
                                name,
                                args.get("file_type").orElse("text/plain"),
                                args.get("file_base64")
                                        .map(b64 ->
                                                java.util.Base64.getDecoder().decode(b64))
                                        .orElseGet(() -> args.get("file_text")
                                                .orElse("")
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))))
                        .orElse(List.of());
                SlackMessage m = workspace.userPosts(user.id(), channel, args.get("thread_ts"), text, files);
                yield Json.ok().put("channel", m.channel()).put("ts", m.ts());
            }
            case "thread" -> {
                String channel =
                        args.get("channel").orElseThrow(() -> new IllegalArgumentException("channel_not_found"));
                String ts = args.get("ts").orElseThrow(() -> new IllegalArgumentException("ts_missing"));
                yield Json.ok().set("messages", messagesJson(thread(channel, ts)));
            }
            case "messages" -> {
                String channel =
                        args.get("channel").orElseThrow(() -> new IllegalArgumentException("channel_not_found"));
                yield Json.ok().set("messages", messagesJson(messages(channel)));
            }
            default -> Json.error("unknown_action");
        };
    }

    private static ArrayNode messagesJson(List<SlackMessage> messages) {
        ArrayNode out = Json.array();
        for (SlackMessage m : messages) {
            ObjectNode json = out.addObject().put("ts", m.ts()).put("text", m.text());
            m.user().ifPresent(u -> json.put("user", u));
            m.threadTs().ifPresent(t -> json.put("thread_ts", t));
            json.put("bot", m.fromBot()).put("edited", m.edited()).put("deleted", m.deleted());
            json.put("streaming", m.streaming());
            if (!m.fileIds().isEmpty()) {
                ArrayNode files = json.putArray("files");
                m.fileIds().forEach(files::add);
            }
        }
        return out;
    }

    private static void requireNonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
    }

    /** Configures a simulator. Not thread safe; build on one thread. */
    public static final class Builder {
        private final List<Workspace.TeamSpec> teams =
                new ArrayList<>(List.of(new Workspace.TeamSpec("T0LUCYSIM1", "Lucy Simulated", "lucy-sim")));
        private final List<Workspace.UserSpec> users = new ArrayList<>();
        private final List<Workspace.ChannelSpec> channels = new ArrayList<>();
        private final Map<String, Duration> latency = new LinkedHashMap<>();
        private final Set<String> installable = new LinkedHashSet<>();
        private String clientId = "1111111111.2222222222";
        private String clientSecret = "simulated-client-secret";
        private Optional<Duration> tokenRotation = Optional.empty();
        private Set<String> subscriptions = DEFAULT_SUBSCRIPTIONS;
        private boolean echoBotMessages = true;
        private boolean agentView;
        private String appId = "A0LUCYSIM1";
        private String botUserId = "U0LUCYBOT1";
        private String botId = "B0LUCYBOT1";
        private String botName = "lucy";
        private Optional<String> botToken = Optional.empty();
        private Optional<String> appToken = Optional.empty();
        private Duration ackTimeout = DEFAULT_ACK_TIMEOUT;
        private List<Duration> retryDelays = DEFAULT_RETRY_DELAYS;
        private SocketPicking picking = SocketPicking.ROUND_ROBIN;
        private Duration refreshGrace = Duration.ofSeconds(10);
        private RateLimits rateLimits = RateLimits.off();
        private Clock clock = Clock.systemUTC();
        private int port;

        private Builder() {}

        /** The workspace the app is installed in. */
        public Builder team(String id, String name, String domain) {
            teams.set(0, new Workspace.TeamSpec(requireId(id, 'T', "team id"), name, domain));
            return this;
        }

        /** Another team, for users from outside (shared channels). */
        public Builder otherTeam(String id, String name, String domain) {
            teams.add(new Workspace.TeamSpec(requireId(id, 'T', "team id"), name, domain));
            return this;
        }

        /**
         * Another workspace, where the app is not installed until someone installs it through OAuth ({@link
         * SlackSimulator#authorizeUrl()}). Its people ({@link #userIn}) and channels ({@link #channelIn}) are its own:
         * a bot token of one workspace finds no channel or person of another.
         */
        public Builder workspace(String id, String name, String domain) {
            teams.add(new Workspace.TeamSpec(requireId(id, 'T', "team id"), name, domain));
            installable.add(id);
            return this;
        }

        /** A person of workspace {@code teamId} (see {@link #workspace}). */
        public Builder userIn(String teamId, String name) {
            users.add(new Workspace.UserSpec(
                    requireName(name, "user name"),
                    Character.toUpperCase(name.charAt(0)) + name.substring(1),
                    Optional.of(teamId)));
            return this;
        }

        /** An admin of workspace {@code teamId} (see {@link #workspace}). */
        public Builder adminIn(String teamId, String name) {
            users.add(new Workspace.UserSpec(
                    requireName(name, "user name"),
                    Character.toUpperCase(name.charAt(0)) + name.substring(1),
                    Optional.of(teamId),
                    true));
            return this;
        }

        /** A public channel of workspace {@code teamId} with its people and the bot. */
        public Builder channelIn(String teamId, String name) {
            channels.add(new Workspace.ChannelSpec(
                    requireName(name, "channel name"),
                    ChannelType.PUBLIC_CHANNEL,
                    List.of(),
                    true,
                    Optional.of(teamId)));
            return this;
        }

        /** The app's OAuth client id and secret. */
        public Builder oauthClient(String clientId, String clientSecret) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
            return this;
        }

        /**
         * Token rotation: tokens granted through OAuth expire after {@code lifetime} and come with a refresh token,
         * exchanged at {@code oauth.v2.access} with {@code grant_type=refresh_token}. Default off.
         */
        public Builder tokenRotation(Duration lifetime) {
            requireNonNegative(lifetime, "tokenRotation");
            this.tokenRotation = Optional.of(lifetime);
            return this;
        }

        /** A user of the workspace. Without any, the workspace has alice and bob. */
        public Builder user(String name) {
            return user(name, Character.toUpperCase(name.charAt(0)) + name.substring(1));
        }

        public Builder user(String name, String realName) {
            users.add(new Workspace.UserSpec(requireName(name, "user name"), realName, Optional.empty()));
            return this;
        }

        /** An admin of the workspace: {@code users.info} answers {@code is_admin: true} for them. */
        public Builder admin(String name) {
            users.add(new Workspace.UserSpec(
                    requireName(name, "user name"),
                    Character.toUpperCase(name.charAt(0)) + name.substring(1),
                    Optional.empty(),
                    true));
            return this;
        }

        /** A user from another team added with {@link #otherTeam}. */
        public Builder externalUser(String name, String teamId) {
            users.add(new Workspace.UserSpec(requireName(name, "user name"), name, Optional.of(teamId)));
            return this;
        }

        /** A public channel with every user and the bot. Without any, the workspace has #general. */
        public Builder channel(String name) {
            return channel(name, ChannelType.PUBLIC_CHANNEL, true);
        }

        /** A channel of any kind; no member names means every user. */
        public Builder channel(String name, ChannelType type, boolean withBot, String... members) {
            Objects.requireNonNull(type, "type");
            if (type == ChannelType.IM) {
                throw new IllegalArgumentException("type: direct messages open on first use, not in the builder");
            }
            channels.add(new Workspace.ChannelSpec(
                    requireName(name, "channel name"), type, Arrays.asList(members), withBot));
            return this;
        }

        /** The bot user's name ({@code lucy} by default). */
        public Builder botName(String name) {
            this.botName = requireName(name, "bot name");
            return this;
        }

        /** The bot's ids: app id {@code A...}, bot user id {@code U...}, bot id {@code B...}. */
        public Builder botIds(String appId, String botUserId, String botId) {
            this.appId = requireId(appId, 'A', "appId");
            this.botUserId = requireId(botUserId, 'U', "botUserId");
            this.botId = requireId(botId, 'B', "botId");
            return this;
        }

        /** Fixed tokens instead of random ones. */
        public Builder tokens(String botToken, String appToken) {
            if (botToken == null || !botToken.startsWith("xoxb-")) {
                throw new IllegalArgumentException("botToken must start with xoxb-");
            }
            if (appToken == null || !appToken.startsWith("xapp-")) {
                throw new IllegalArgumentException("appToken must start with xapp-");
            }
            this.botToken = Optional.of(botToken);
            this.appToken = Optional.of(appToken);
            return this;
        }

        /**
         * An app with the agent view ({@code features.agent_view}), as Slack makes new apps: opening the app sends
         * {@code app_home_opened} with the messages tab (not {@code assistant_thread_started}), moving around sends
         * {@code app_context_changed}, every top-level direct message starts a thread, and
         * {@code assistant.threads.setSuggestedPrompts} naming a thread silently does nothing. Replaces
         * {@code assistant_thread_started} in the subscriptions with {@code app_home_opened} and
         * {@code app_context_changed}.
         */
        public Builder agentView() {
            Set<String> events = new LinkedHashSet<>(subscriptions);
            events.remove("assistant_thread_started");
            events.remove("assistant_thread_context_changed");
            events.add("app_home_opened");
            events.add("app_context_changed");
            this.subscriptions = events;
            this.agentView = true;
            return this;
        }

        /** Event subscriptions, e.g. {@code app_mention}, {@code message.im}. See {@link #DEFAULT_SUBSCRIPTIONS}. */
        public Builder subscriptions(String... events) {
            this.subscriptions = new LinkedHashSet<>(Arrays.asList(events));
            return this;
        }

        /**
         * Whether the bot's own posts, edits and deletions come back as {@code message} events ({@code
         * message_changed}, {@code message_deleted}), as in Slack. Default true.
         */
        public Builder echoBotMessages(boolean echo) {
            this.echoBotMessages = echo;
            return this;
        }

        /** How long a client has to ack an envelope. Default 3 seconds, as in Slack. */
        public Builder ackTimeout(Duration timeout) {
            requireNonNegative(timeout, "ackTimeout");
            if (timeout.isZero()) {
                throw new IllegalArgumentException("ackTimeout must be positive");
            }
            this.ackTimeout = timeout;
            return this;
        }

        /** The pause before each redelivery; the list's size is the number of retries. Default 0 s, 1 min, 5 min. */
        public Builder retryDelays(Duration... delays) {
            for (Duration d : delays) {
                requireNonNegative(d, "retryDelays");
            }
            this.retryDelays = List.of(delays);
            return this;
        }

        public Builder socketPicking(SocketPicking picking) {
            this.picking = Objects.requireNonNull(picking, "picking");
            return this;
        }

        /** How long a connection sent {@code disconnect} stays open before the simulator closes it. Default 10 s. */
        public Builder refreshGrace(Duration grace) {
            requireNonNegative(grace, "refreshGrace");
            this.refreshGrace = grace;
            return this;
        }

        /** Rate limits from the start; switch later with {@link SlackSimulator#rateLimits}. Default off. */
        public Builder rateLimits(RateLimits limits) {
            this.rateLimits = Objects.requireNonNull(limits, "rateLimits");
            return this;
        }

        /** Delays every answer of one method ({@code "*"}: every method without its own delay). */
        public Builder latency(String method, Duration delay) {
            requireNonNegative(delay, "latency");
            latency.put(Objects.requireNonNull(method, "method"), delay);
            return this;
        }

        /** The clock for timestamps, event times and rate-limit windows. Default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The Web API port; 0 (the default) takes a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        public SlackSimulator build() {
            return new SlackSimulator(copy());
        }

        /** Builds and starts, for one-line use in tests. */
        public SlackSimulator start() {
            return build().start();
        }

        private Builder copy() {
            Builder c = new Builder();
            c.teams.clear();
            c.teams.addAll(teams);
            c.users.addAll(users);
            c.channels.addAll(channels);
            c.latency.putAll(latency);
            c.installable.addAll(installable);
            c.clientId = clientId;
            c.clientSecret = clientSecret;
            c.tokenRotation = tokenRotation;
            c.subscriptions = Set.copyOf(subscriptions);
            c.echoBotMessages = echoBotMessages;
            c.appId = appId;
            c.botUserId = botUserId;
            c.botId = botId;
            c.botName = botName;
            c.botToken = botToken;
            c.appToken = appToken;
            c.ackTimeout = ackTimeout;
            c.retryDelays = retryDelays;
            c.picking = picking;
            c.refreshGrace = refreshGrace;
            c.rateLimits = rateLimits;
            c.clock = clock;
            c.port = port;
            return c;
        }

        private static String requireName(String name, String field) {
            if (name == null || name.isBlank() || !name.matches("[a-z0-9._-]+")) {
                throw new IllegalArgumentException(
                        field + " must be lower-case letters, digits, '.', '_' or '-', was " + name);
            }
            return name;
        }

        private static String requireId(String id, char prefix, String field) {
            if (id == null || !id.matches(prefix + "[A-Z0-9]{2,}")) {
                throw new IllegalArgumentException(field + " must look like " + prefix + "0123ABC, was " + id);
            }
            return id;
        }
    }
}
