package dev.lucy.testkit.slack;

import static dev.lucy.core.Locks.locked;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated workspace: teams, users, conversations, messages, files and assistant threads, and the Web API
 * methods that read and change them. Every access holds {@link #lock}; events go to the {@link EventSink}, which
 * never calls back in.
 */
final class Workspace {
    /** Receives payloads to wrap in Socket Mode envelopes. */
    interface EventSink {
        void deliver(String envelopeType, ObjectNode payload, boolean acceptsResponsePayload);
    }

    record TeamSpec(String id, String name, String domain) {}

    record UserSpec(String name, String realName, Optional<String> teamId, boolean admin) {
        UserSpec(String name, String realName, Optional<String> teamId) {
            this(name, realName, teamId, false);
        }
    }

    record ChannelSpec(String name, ChannelType type, List<String> members, boolean withBot, Optional<String> teamId) {
        ChannelSpec(String name, ChannelType type, List<String> members, boolean withBot) {
            this(name, type, members, withBot, Optional.empty());
        }
    }

    /** How the app's OAuth install works here: its client, and whether tokens rotate (expire after a while). */
    record OAuthSpec(String clientId, String clientSecret, Optional<java.time.Duration> rotation) {}

    /** Who the app is and the tokens it holds. */
    record App(String appId, String botUserId, String botId, String botName, String botToken, String appToken) {}

    private static final Pattern USER_MENTION = Pattern.compile("<@([A-Z0-9]+)(?:\\|[^>]*)?>");
    private static final int MAX_TEXT = 40_000;
    private static final int MAX_STREAM_TEXT = 12_000;
    private static final String VERIFICATION_TOKEN = "simulated-verification-token";

    final ReentrantLock lock = new ReentrantLock();
    /** Time zones people set in their profile, by user id; the rest are in Europe/London. */
    private final Map<String, String> zones = new java.util.concurrent.ConcurrentHashMap<>();
    /** Users whose account was deactivated (left the workspace), by id. */
    private final Set<String> deactivated = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Clock clock;
    private final Changes changes;
    private final EventSink sink;
    private final Set<String> subscriptions;
    private final boolean echoBotMessages;
    private final AtomicLong ids = new AtomicLong();
    private final TeamSpec team;
    private final Map<String, TeamSpec> teams = new LinkedHashMap<>();
    private final App app;
    private final Map<String, UserState> users = new LinkedHashMap<>();
    private final Map<String, ChannelState> channels = new LinkedHashMap<>();
    /**
     * Users and named channels by name, the first of each name: a load of a thousand people in a thousand channels
     * looks one up for every message and call.
     */
    private final Map<String, UserState> usersByName = new HashMap<>();

    private final Map<String, ChannelState> channelsByName = new HashMap<>();
    private final Map<String, FileState> files = new LinkedHashMap<>();
    private boolean refusedDownloads;
    private final Map<String, AssistantState> assistantThreads = new LinkedHashMap<>();
    private final Map<String, ResponseUrl> responseUrls = new HashMap<>();
    private final HomeTabs homeTabs = new HomeTabs();
    private final List<ApiCall> calls = new ArrayList<>();
    /** Errors the next calls of a method answer with, by method, oldest first. */
    private final Map<String, java.util.ArrayDeque<String>> failures = new HashMap<>();
    /** Whether the app uses the agent view ({@code features.agent_view}) rather than the legacy assistant view. */
    private boolean agentView;

    private long lastTsMicros;
    private Supplier<String> socketUrls = () -> {
        throw new ApiError("internal_error");
    };
    private String baseUrl = "http://127.0.0.1/";
    /** Workspaces other than the first, where the app is installed through OAuth. */
    private final Set<String> installable = new LinkedHashSet<>();

    private final OAuthSpec oauth;
    /** The bot token of each workspace the app is installed in, by team id. */
    private final Map<String, Grant> grants = new LinkedHashMap<>();
    /** Tokens that no longer work, and Slack's error for them. */
    private final Map<String, String> spentTokens = new HashMap<>();
    /** Codes granted at {@code oauth/v2/authorize} and not yet exchanged. */
    private final Map<String, PendingCode> codes = new HashMap<>();
    /** The workspace the next {@code oauth/v2/authorize} installs into; empty: the first not installed. */
    private Optional<String> nextInstall = Optional.empty();

    Workspace(
            Clock clock,
            Changes changes,
            EventSink sink,
            Set<String> subscriptions,
            boolean echoBotMessages,
            List<TeamSpec> teamSpecs,
            App app,
            List<UserSpec> userSpecs,
            List<ChannelSpec> channelSpecs,
            Set<String> installableTeams,
            OAuthSpec oauth) {
        this.clock = clock;
        this.installable.addAll(installableTeams);
        this.oauth = oauth;
        this.changes = changes;
        this.sink = sink;
        this.subscriptions = Set.copyOf(subscriptions);
        this.echoBotMessages = echoBotMessages;
        this.app = app;
        teamSpecs.forEach(t -> teams.put(t.id(), t));
        this.team = teamSpecs.get(0);
        UserState bot = new UserState(app.botUserId(), app.botName(), app.botName(), team.id(), true, false);
        addUser(bot);
        for (String other : installable) {
            // as in Slack, the app's bot is a user of each workspace it is installed in, with an id of that workspace
            UserState otherBot = new UserState(botUserIdIn(other), app.botName(), app.botName(), other, true, false);
            addUser(otherBot);
        }
        for (UserSpec spec : userSpecs) {
            String teamId = spec.teamId().orElse(team.id());
            if (!teams.containsKey(teamId)) {
                throw new IllegalArgumentException("user " + spec.name() + " belongs to unknown team " + teamId);
            }
            UserState user = new UserState(nextId('U'), spec.name(), spec.realName(), teamId, false, spec.admin());
            addUser(user);
        }
        grants.put(team.id(), new Grant(team.id(), app.botToken(), Optional.empty(), Optional.empty()));
        for (ChannelSpec spec : channelSpecs) {
            ChannelState channel = new ChannelState(nextId(spec.type().idPrefix()), spec.name(), spec.type());
            channel.teamId = spec.teamId().orElse(team.id());
            if (spec.members().isEmpty()) {
                // every user who can see the channel: its workspace's, and people from teams outside (shared)
                users.values().stream()
                        .filter(u -> !u.bot())
                        .filter(u -> u.teamId().equals(channel.teamId) || !installable.contains(u.teamId()))
                        .filter(u -> !installable.contains(channel.teamId)
                                || u.teamId().equals(channel.teamId))
                        .forEach(u -> channel.members.add(u.id()));
            } else {
                spec.members()
                        .forEach(name -> channel.members.add(userByName(name).id()));
            }
            if (spec.withBot()) {
                channel.members.add(botIn(channel));
            }
            channels.put(channel.id, channel);
            if (channel.name != null) {
                channelsByName.putIfAbsent(channel.name, channel);
            }
        }
    }

    private void addUser(UserState user) {
        users.put(user.id(), user);
        usersByName.putIfAbsent(user.name(), user);
    }

    void timeZone(String userId, String zone) {
        zones.put(userId, zone);
    }

    void deactivate(String userId) {
        deactivated.add(userId);
    }

    void socketUrls(Supplier<String> issuer) {
        this.socketUrls = issuer;
    }

    void baseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    App app() {
        return app;
    }

    TeamSpec team() {
        return team;
    }

    Optional<TeamSpec> team(String id) {
        return Optional.ofNullable(teams.get(id));
    }

    // ------------------------------------------------------------------ identities

    String nextId(char prefix) {
        return prefix + String.format(Locale.ROOT, "%010d", ids.incrementAndGet());
    }

    private String nextTs() {
        long micros = Math.max(lastTsMicros + 1, clock.millis() * 1000);
        lastTsMicros = micros;
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    private String eventId() {
        return "Ev" + nextId('E').substring(1);
    }

    UserState userByName(String nameOrId) {
        String key = nameOrId.startsWith("@") ? nameOrId.substring(1) : nameOrId;
        UserState byId = users.get(key);
        if (byId != null) {
            return byId;
        }
        UserState byName = usersByName.get(key);
        if (byName == null) {
            throw new IllegalArgumentException("no user named " + nameOrId + " in the workspace");
        }
        return byName;
    }

    private Optional<ChannelState> findChannel(String ref) {
        String key = ref.startsWith("#") ? ref.substring(1) : ref;
        ChannelState byId = channels.get(key);
        if (byId != null) {
            return Optional.of(byId);
        }
        return Optional.ofNullable(channelsByName.get(key));
    }

    ChannelState channelByRef(String ref) {
        return findChannel(ref)
                .orElseThrow(() -> new IllegalArgumentException("no channel " + ref + " in the workspace"));
    }

    /**
     * The bot's user id in workspace {@code teamId}: the app's own in the first, one of that workspace in each other
     * (as Slack gives an app a bot user per workspace it is installed in).
     */
    String botUserIdIn(String teamId) {
        return teamId == null || !installable.contains(teamId) ? app.botUserId() : "UB" + teamId.substring(1);
    }

    private String botIn(ChannelState channel) {
        return botUserIdIn(channel.teamId);
    }

    /** The direct-message conversation between a user and the bot, opened on first use. */
    ChannelState imWithBot(String userId) {
        for (ChannelState c : channels.values()) {
            if (c.type == ChannelType.IM && c.members.contains(userId) && c.members.contains(botIn(c))) {
                return c;
            }
        }
        ChannelState im = new ChannelState(nextId('D'), null, ChannelType.IM);
        UserState person = users.get(userId);
        im.teamId = person == null || !installable.contains(person.teamId()) ? team.id() : person.teamId();
        im.members.add(userId);
        im.members.add(botIn(im));
        channels.put(im.id, im);
        return im;
    }

    // ------------------------------------------------------------------ installations (OAuth v2)

    /** A workspace's bot token, with its refresh token and expiry when tokens rotate. */
    record Grant(
            String teamId, String botToken, Optional<String> refreshToken, Optional<java.time.Instant> expiresAt) {}

    private record PendingCode(String teamId, String redirectUri, String scope, java.time.Instant expiresAt) {}

    /** What a bot token is: the workspace it acts in, or Slack's error for it. */
    sealed interface TokenState permits Valid, Refused {}

    record Valid(String teamId) implements TokenState {}

    record Refused(String error) implements TokenState {}

    TokenState botToken(String token) {
        return locked(lock, () -> {
            for (Grant grant : grants.values()) {
                if (grant.botToken().equals(token)) {
                    if (grant.expiresAt().isPresent()
                            && !clock.instant().isBefore(grant.expiresAt().get())) {
                        return new Refused("token_expired");
                    }
                    return new Valid(grant.teamId());
                }
            }
            return new Refused(spentTokens.getOrDefault(token, "invalid_auth"));
        });
    }

    /** The workspace of a file: its owner's, or the first for the bot's own uploads. */
    private String fileTeam(FileState file) {
        UserState owner = file.owner == null ? null : users.get(file.owner);
        return owner == null || !installable.contains(owner.teamId()) ? team.id() : owner.teamId();
    }

    private String tokenTeam(String token) {
        return botToken(token) instanceof Valid valid ? valid.teamId() : "";
    }

    /** The workspace a channel belongs to, when there is such a channel. */
    Optional<String> teamOfChannel(String ref) {
        return locked(lock, () -> findChannel(ref).map(c -> c.teamId));
    }

    /** The workspace a person belongs to, when it is one the app can be installed in. */
    Optional<String> teamOfUser(String userId) {
        return locked(lock, () -> Optional.ofNullable(users.get(userId)).map(UserState::teamId));
    }

    boolean installableTeam(String teamId) {
        return teamId.equals(team.id()) || installable.contains(teamId);
    }

    Optional<Grant> grant(String teamId) {
        return locked(lock, () -> Optional.ofNullable(grants.get(teamId)));
    }

    void nextInstall(String teamId) {
        locked(lock, () -> {
            if (!installable.contains(teamId) && !teamId.equals(team.id())) {
                throw new IllegalArgumentException("no workspace " + teamId + " to install into");
            }
            nextInstall = Optional.of(teamId);
            return null;
        });
    }

    /**
     * {@code oauth/v2/authorize}: the person installing approves at once, and the browser goes on to the redirect
     * with a code (or with {@code error=invalid_client_id}/{@code bad_redirect_uri} as Slack's page would say).
     */
    String authorize(Args args) {
        return locked(lock, () -> {
            String redirect = args.get("redirect_uri").orElse("");
            String state = args.get("state").orElse("");
            if (!args.get("client_id").orElse("").equals(oauth.clientId())) {
                throw new ApiError("invalid_client_id");
            }
            if (redirect.isEmpty()) {
                throw new ApiError("bad_redirect_uri");
            }
            String teamId = args.get("team")
                    .filter(this::installableTeam)
                    .or(() -> nextInstall)
                    .or(() -> installable.stream()
                            .filter(t -> !grants.containsKey(t))
                            .findFirst())
                    .orElse(team.id());
            String code = "code-" + nextId('X').substring(1);
            codes.put(
                    code,
                    new PendingCode(
                            teamId,
                            redirect,
                            args.get("scope").orElse(""),
                            clock.instant().plusSeconds(600)));
            return redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code + "&state="
                    + java.net.URLEncoder.encode(state, StandardCharsets.UTF_8);
        });
    }

    /** {@code oauth.v2.access}: a code (or, with token rotation, a refresh token) for the workspace's bot token. */
    ObjectNode oauthAccess(Args args, Optional<String[]> basicAuth) {
        lock.lock();
        try {
            String clientId =
                    basicAuth.map(b -> b[0]).or(() -> args.get("client_id")).orElse("");
            String secret =
                    basicAuth.map(b -> b[1]).or(() -> args.get("client_secret")).orElse("");
            if (!clientId.equals(oauth.clientId())) {
                throw new ApiError("invalid_client_id");
            }
            if (!secret.equals(oauth.clientSecret())) {
                throw new ApiError("bad_client_secret");
            }
            String teamId;
            String scope;
            if (args.get("grant_type").orElse("authorization_code").equals("refresh_token")) {
                String refresh = args.get("refresh_token").orElse("");
                Grant old = grants.values().stream()
                        .filter(g -> g.refreshToken().filter(refresh::equals).isPresent())
                        .findFirst()
                        .orElseThrow(() -> new ApiError("invalid_refresh_token"));
                spentTokens.put(old.botToken(), "token_expired");
                teamId = old.teamId();
                scope = "";
            } else {
                PendingCode pending = codes.remove(args.get("code").orElse(""));
                if (pending == null || clock.instant().isAfter(pending.expiresAt())) {
                    throw new ApiError("invalid_code");
                }
                if (!args.get("redirect_uri").orElse(pending.redirectUri()).equals(pending.redirectUri())) {
                    throw new ApiError("bad_redirect_uri");
                }
                teamId = pending.teamId();
                scope = pending.scope();
                Grant before = grants.get(teamId);
                if (before != null && !teamId.equals(team.id())) {
                    spentTokens.put(before.botToken(), "token_revoked");
                }
            }
            Grant grant =
                    teamId.equals(team.id()) && oauth.rotation().isEmpty() ? grants.get(team.id()) : newGrant(teamId);
            grants.put(teamId, grant);
            TeamSpec installed = teams.get(teamId);
            ObjectNode answer = Json.ok()
                    .put("access_token", grant.botToken())
                    .put("token_type", "bot")
                    .put("scope", scope)
                    .put("bot_user_id", botUserIdIn(teamId))
                    .put("app_id", app.appId());
            answer.putObject("team").put("id", installed.id()).put("name", installed.name());
            answer.putNull("enterprise");
            answer.put("is_enterprise_install", false);
            answer.putObject("authed_user").put("id", "");
            grant.expiresAt()
                    .ifPresent(at -> answer.put(
                            "expires_in", oauth.rotation().orElseThrow().toSeconds()));
            grant.refreshToken().ifPresent(r -> answer.put("refresh_token", r));
            return answer;
        } finally {
            lock.unlock();
            changes.signal();
        }
    }

    private Grant newGrant(String teamId) {
        String serial = nextId('K').substring(1);
        if (oauth.rotation().isEmpty()) {
            return new Grant(teamId, "xoxb-" + teamId + "-" + serial, Optional.empty(), Optional.empty());
        }
        return new Grant(
                teamId,
                "xoxe.xoxb-1-" + teamId + "-" + serial,
                Optional.of("xoxe-1-" + teamId + "-" + serial),
                Optional.of(clock.instant().plus(oauth.rotation().get())));
    }

    /**
     * The workspace takes its tokens back ({@code tokens_revoked}); with {@code uninstall} the app is removed too
     * ({@code app_uninstalled} follows), as Slack sends both.
     */
    void revoke(String teamId, boolean uninstall) {
        lock.lock();
        try {
            Grant grant = grants.remove(teamId);
            if (grant == null) {
                throw new IllegalArgumentException("the app is not installed in " + teamId);
            }
            spentTokens.put(grant.botToken(), "token_revoked");
            ObjectNode revoked = Json.object().put("type", "tokens_revoked");
            revoked.putObject("tokens").putArray("bot").add(botUserIdIn(teamId));
            revoked.put("event_ts", nextTs());
            deliverEvent(revoked, teamId);
            if (uninstall) {
                deliverEvent(Json.object().put("type", "app_uninstalled").put("event_ts", nextTs()), teamId);
            }
        } finally {
            lock.unlock();
            changes.signal();
        }
    }

    // ------------------------------------------------------------------ Web API

    /** Records a call with its answer. */
    void record(ApiCall call) {
        lock.lock();
        try {
            calls.add(call);
        } finally {
            lock.unlock();
        }
        changes.signal();
    }

    List<ApiCall> calls() {
        return locked(lock, () -> List.copyOf(calls));
    }

    /** Runs one Web API method; {@link ApiError} carries an {@code ok: false} answer. */
    ObjectNode call(String method, Args args) {
        lock.lock();
        try {
            java.util.ArrayDeque<String> failing = failures.get(method);
            if (failing != null && !failing.isEmpty()) {
                throw new ApiError(failing.poll());
            }
            ObjectNode answer = switch (method) {
                case "auth.test" -> authTest();
                case "apps.connections.open" -> Json.ok().put("url", socketUrls.get());
                case "chat.postMessage" -> postMessage(args);
                case "chat.update" -> update(args);
                case "chat.delete" -> delete(args);
                case "chat.postEphemeral" -> postEphemeral(args);
                case "reactions.add" -> react(args, true);
                case "reactions.remove" -> react(args, false);
                case "conversations.replies" -> replies(args);
                case "conversations.history" -> history(args);
                case "users.info" -> usersInfo(args);
                case "conversations.list" -> conversationsList(args);
                case "conversations.info" -> conversationsInfo(args);
                case "conversations.members" -> conversationsMembers(args);
                case "assistant.threads.setStatus" -> setStatus(args);
                case "assistant.threads.setSuggestedPrompts" -> setSuggestedPrompts(args);
                case "assistant.threads.setTitle" -> setTitle(args);
                case "chat.startStream" -> startStream(args);
                case "chat.appendStream" -> appendStream(args);
                case "chat.stopStream" -> stopStream(args);
                case "files.getUploadURLExternal" -> uploadUrl(args);
                case "files.completeUploadExternal" -> completeUpload(args);
                case "files.info" -> fileInfo(args);
                case "views.publish" -> publishView(args);
                default -> throw new ApiError("unknown_method");
            };
            return answer;
        } finally {
            lock.unlock();
            changes.signal();
        }
    }

    private ObjectNode authTest() {
        return Json.ok()
                .put("url", "https://" + team.domain() + ".slack.com/")
                .put("team", team.name())
                .put("user", app.botName())
                .put("team_id", team.id())
                .put("user_id", app.botUserId())
                .put("bot_id", app.botId())
                .put("is_enterprise_install", false);
    }

    private ChannelState channelArg(Args args, String name) {
        String ref = args.get(name).orElseThrow(() -> new ApiError("channel_not_found"));
        Optional<ChannelState> channel = findChannel(ref);
        if (channel.isEmpty() && users.containsKey(ref)) {
            // Slack accepts a user id as channel and opens the DM with that user.
            return imWithBot(ref);
        }
        ChannelState found = channel.orElseThrow(() -> new ApiError("channel_not_found"));
        if (found.type != ChannelType.PUBLIC_CHANNEL && !found.members.contains(botIn(found))) {
            throw new ApiError("channel_not_found");
        }
        return found;
    }

    private ChannelState postableChannel(Args args) {
        ChannelState channel = channelArg(args, "channel");
        if (channel.archived) {
            throw new ApiError("is_archived");
        }
        if (!channel.members.contains(botIn(channel))) {
            throw new ApiError("not_in_channel");
        }
        return channel;
    }

    private static Optional<JsonNode> blocksArg(Args args) {
        return BlockRules.parse(args.get("blocks"));
    }

    /**
     * The {@code metadata} argument: a JSON object with a string {@code event_type} and an object
     * {@code event_payload}; {@code invalid_metadata_format} when it is not JSON, {@code invalid_metadata_schema} when
     * it is another shape.
     */
    private static Optional<JsonNode> metadataArg(Args args) {
        Optional<String> raw = args.get("metadata");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        JsonNode metadata = Json.parse(raw.get()).orElseThrow(() -> new ApiError("invalid_metadata_format"));
        if (!metadata.path("event_type").isTextual()
                || !metadata.path("event_payload").isObject()) {
            throw new ApiError("invalid_metadata_schema");
        }
        return Optional.of(metadata);
    }

    /** The text a message shows: {@code text}, else {@code markdown_text}; {@code no_text} when there is nothing. */
    private static String contentText(Args args, Optional<JsonNode> blocks) {
        Optional<String> text = args.get("text").or(() -> args.get("markdown_text"));
        if (text.isEmpty() && blocks.isEmpty() && args.get("attachments").isEmpty()) {
            throw new ApiError("no_text");
        }
        String value = text.orElse("");
        return value.length() > MAX_TEXT ? value.substring(0, MAX_TEXT) : value;
    }

    private String threadRoot(ChannelState channel, String threadTs) {
        MessageState parent = channel.messages.get(threadTs);
        return parent != null && parent.threadTs != null ? parent.threadTs : threadTs;
    }

    private MessageState botMessage(ChannelState channel, Optional<String> threadTs) {
        MessageState m = new MessageState(channel.id, nextTs());
        m.user = botIn(channel);
        m.botId = app.botId();
        threadTs.ifPresent(t -> attachToThread(channel, m, threadRoot(channel, t)));
        channel.messages.put(m.ts, m);
        return m;
    }

    private static void attachToThread(ChannelState channel, MessageState reply, String rootTs) {
        reply.threadTs = rootTs;
        MessageState parent = channel.messages.get(rootTs);
        if (parent != null) {
            parent.threadTs = rootTs;
            parent.replies.add(reply.ts);
        }
    }

    private ObjectNode postMessage(Args args) {
        ChannelState channel = postableChannel(args);
        Optional<JsonNode> blocks = blocksArg(args);
        String text = contentText(args, blocks);
        Optional<JsonNode> metadata = metadataArg(args);
        MessageState m = botMessage(channel, args.get("thread_ts"));
        m.text = text;
        m.blocks = blocks.orElse(null);
        m.metadata = metadata.orElse(null);
        echo(channel, m);
        return Json.ok().put("channel", channel.id).put("ts", m.ts).set("message", messageJson(m));
    }

    private void echo(ChannelState channel, MessageState m) {
        if (!echoBotMessages || !subscriptions.contains(channel.type.messageSubscription())) {
            return;
        }
        ObjectNode event = messageJson(m);
        event.put("channel", channel.id).put("event_ts", m.ts).put("channel_type", channel.type.eventName());
        deliverEvent(event);
    }

    private MessageState existing(ChannelState channel, Args args, String tsField) {
        String ts = args.get(tsField).orElseThrow(() -> new ApiError("message_not_found"));
        MessageState m = channel.messages.get(ts);
        if (m == null || m.deleted) {
            throw new ApiError("message_not_found");
        }
        return m;
    }

    private ObjectNode update(Args args) {
        ChannelState channel = channelArg(args, "channel");
        MessageState m = existing(channel, args, "ts");
        if (!botIn(channel).equals(m.user)) {
            throw new ApiError("cant_update_message");
        }
        if (m.streaming) {
            throw new ApiError("streaming_state_conflict");
        }
        Optional<JsonNode> blocks = blocksArg(args);
        String text = contentText(args, blocks);
        Optional<JsonNode> metadata = metadataArg(args);
        ObjectNode previous = messageJson(m);
        m.previousTexts.add(m.text);
        m.text = text;
        if (blocks.isPresent()) {
            m.blocks = blocks.get();
        }
        metadata.ifPresent(md -> m.metadata = md);
        m.editedTs = nextTs();
        if (echoBotMessages) {
            emitChanged(channel, m, previous);
        }
        return Json.ok()
                .put("channel", channel.id)
                .put("ts", m.ts)
                .put("text", m.text)
                .set("message", messageJson(m));
    }

    private ObjectNode delete(Args args) {
        ChannelState channel = channelArg(args, "channel");
        MessageState m = existing(channel, args, "ts");
        if (!botIn(channel).equals(m.user)) {
            throw new ApiError("cant_delete_message");
        }
        ObjectNode previous = messageJson(m);
        m.deleted = true;
        if (echoBotMessages) {
            emitDeleted(channel, m, previous);
        }
        return Json.ok().put("channel", channel.id).put("ts", m.ts);
    }

    private ObjectNode postEphemeral(Args args) {
        ChannelState channel = postableChannel(args);
        String userId = args.get("user").orElseThrow(() -> new ApiError("user_not_in_channel"));
        if (!users.containsKey(userId) || !channel.members.contains(userId)) {
            throw new ApiError("user_not_in_channel");
        }
        Optional<JsonNode> blocks = blocksArg(args);
        MessageState m = new MessageState(channel.id, nextTs());
        m.user = botIn(channel);
        m.botId = app.botId();
        m.text = contentText(args, blocks);
        m.blocks = blocks.orElse(null);
        m.visibleTo = userId;
        args.get("thread_ts").ifPresent(t -> m.threadTs = threadRoot(channel, t));
        channel.ephemerals.add(m);
        return Json.ok().put("message_ts", m.ts);
    }

    private ObjectNode react(Args args, boolean add) {
        if (args.get("channel").isEmpty() || args.get("timestamp").isEmpty()) {
            throw new ApiError("no_item_specified");
        }
        ChannelState channel = channelArg(args, "channel");
        MessageState m = existing(channel, args, "timestamp");
        String name = args.get("name")
                .map(n -> n.replace(":", ""))
                .filter(n -> !n.isBlank())
                .orElseThrow(() -> new ApiError("invalid_name"));
        if (add) {
            if (!m.reactions.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(botIn(channel))) {
                throw new ApiError("already_reacted");
            }
        } else {
            LinkedHashSet<String> who = m.reactions.get(name);
            if (who == null || !who.remove(botIn(channel))) {
                throw new ApiError("no_reaction");
            }
            if (who.isEmpty()) {
                m.reactions.remove(name);
            }
        }
        return Json.ok();
    }

    private ObjectNode replies(Args args) {
        ChannelState channel = channelArg(args, "channel");
        String ts = args.get("ts").orElseThrow(() -> ApiError.missing("ts"));
        MessageState parent = channel.messages.get(ts);
        List<MessageState> thread = new ArrayList<>();
        if (parent != null) {
            String root = parent.threadTs != null ? parent.threadTs : parent.ts;
            MessageState rootMessage = channel.messages.get(root);
            if (rootMessage != null) {
                thread.add(rootMessage);
                rootMessage.replies.stream()
                        .map(channel.messages::get)
                        .filter(r -> !r.deleted)
                        .forEach(thread::add);
            }
        } else {
            // An assistant thread can start without a visible parent; its replies still form the thread.
            channel.messages.values().stream()
                    .filter(r -> ts.equals(r.threadTs) && !r.deleted)
                    .forEach(thread::add);
        }
        if (thread.isEmpty()) {
            throw new ApiError("thread_not_found");
        }
        return page(thread, args, 1000);
    }

    private ObjectNode history(Args args) {
        ChannelState channel = channelArg(args, "channel");
        Optional<String> oldest = args.get("oldest");
        Optional<String> latest = args.get("latest");
        List<MessageState> top = channel.messages.descendingMap().values().stream()
                .filter(m -> !m.deleted && (m.threadTs == null || m.threadTs.equals(m.ts)))
                .filter(m -> oldest.map(o -> m.ts.compareTo(o) > 0).orElse(true))
                .filter(m -> latest.map(l -> m.ts.compareTo(l) < 0).orElse(true))
                .toList();
        return page(top, args, 100).put("pin_count", 0);
    }

    private ObjectNode page(List<MessageState> all, Args args, int defaultLimit) {
        int limit = args.get("limit").map(Workspace::positiveInt).orElse(defaultLimit);
        int offset = args.get("cursor").map(Workspace::decodeCursor).orElse(0);
        int end = Math.min(all.size(), offset + limit);
        ObjectNode answer = Json.ok();
        ArrayNode messages = answer.putArray("messages");
        boolean withMetadata = args.get("include_all_metadata")
                .map(v -> v.equals("1") || v.equalsIgnoreCase("true"))
                .orElse(false);
        for (int i = offset; i < end; i++) {
            MessageState m = all.get(i);
            ObjectNode json = messageJson(m);
            if (withMetadata && m.metadata != null && !m.deleted) {
                json.set("metadata", m.metadata.deepCopy());
            }
            messages.add(json);
        }
        boolean more = end < all.size();
        answer.put("has_more", more);
        answer.putObject("response_metadata").put("next_cursor", more ? encodeCursor(end) : "");
        return answer;
    }

    private static int positiveInt(String value) {
        try {
            int n = Integer.parseInt(value);
            return n > 0 ? n : 1;
        } catch (NumberFormatException e) {
            throw new ApiError("invalid_limit");
        }
    }

    private static String encodeCursor(int offset) {
        return Base64.getEncoder().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
            return Integer.parseInt(text.substring("offset:".length()));
        } catch (RuntimeException e) {
            throw new ApiError("invalid_cursor");
        }
    }

    private ObjectNode usersInfo(Args args) {
        UserState user = args.get("user").map(users::get).orElseThrow(() -> new ApiError("user_not_found"));
        ObjectNode json = Json.object()
                .put("id", user.id())
                .put("team_id", user.teamId())
                .put("name", user.name())
                .put("deleted", deactivated.contains(user.id()))
                .put("real_name", user.realName())
                .put("tz", zones.getOrDefault(user.id(), "Europe/London"))
                .put("tz_label", "Greenwich Mean Time")
                .put("tz_offset", 0)
                .put("is_admin", user.admin())
                .put("is_owner", false)
                .put("is_bot", user.bot())
                .put("is_app_user", false)
                .put("updated", 1_700_000_000L);
        ObjectNode profile = json.putObject("profile")
                .put("real_name", user.realName())
                .put("display_name", user.name())
                .put("team", user.teamId());
        if (user.bot()) {
            profile.put("bot_id", app.botId()).put("api_app_id", app.appId());
        } else {
            profile.put("email", user.name() + "@" + teams.get(user.teamId()).domain() + ".example");
        }
        return Json.ok().set("user", json);
    }

    /**
     * {@code conversations.list}: the public channels, and the private ones the bot is in, of the kinds in
     * {@code types} (default public_channel); archived ones unless {@code exclude_archived}; paged by {@code cursor}.
     */
    private ObjectNode conversationsList(Args args) {
        Set<String> types = Set.of(args.get("types").orElse("public_channel").split(","));
        boolean excludeArchived = args.get("exclude_archived")
                .map(v -> v.equals("1") || v.equalsIgnoreCase("true"))
                .orElse(false);
        List<ChannelState> listed = channels.values().stream()
                .filter(c -> types.contains(listType(c.type)))
                .filter(c -> c.type == ChannelType.PUBLIC_CHANNEL || c.members.contains(botIn(c)))
                .filter(c -> !(excludeArchived && c.archived))
                .toList();
        int limit = args.get("limit").map(Workspace::positiveInt).orElse(100);
        int offset = args.get("cursor")
                .filter(c -> !c.isEmpty())
                .map(Workspace::decodeCursor)
                .orElse(0);
        int end = Math.min(listed.size(), offset + limit);
        ObjectNode answer = Json.ok();
        ArrayNode array = answer.putArray("channels");
        for (int i = offset; i < end; i++) {
            array.add(channelJson(listed.get(i)));
        }
        answer.putObject("response_metadata").put("next_cursor", end < listed.size() ? encodeCursor(end) : "");
        return answer;
    }

    private static String listType(ChannelType type) {
        return switch (type) {
            case PUBLIC_CHANNEL -> "public_channel";
            case PRIVATE_CHANNEL -> "private_channel";
            case IM -> "im";
            case MPIM -> "mpim";
        };
    }

    /** {@code conversations.info}: {@code channel_not_found} for a private channel the bot is not in. */
    private ObjectNode conversationsInfo(Args args) {
        return Json.ok().set("channel", channelJson(channelArg(args, "channel")));
    }

    /** {@code conversations.members}: the member ids, paged by {@code cursor}. */
    private ObjectNode conversationsMembers(Args args) {
        ChannelState channel = channelArg(args, "channel");
        List<String> members = List.copyOf(channel.members);
        int limit = args.get("limit").map(Workspace::positiveInt).orElse(100);
        int offset = args.get("cursor")
                .filter(c -> !c.isEmpty())
                .map(Workspace::decodeCursor)
                .orElse(0);
        int end = Math.min(members.size(), offset + limit);
        ObjectNode answer = Json.ok();
        ArrayNode array = answer.putArray("members");
        members.subList(offset, end).forEach(array::add);
        answer.putObject("response_metadata").put("next_cursor", end < members.size() ? encodeCursor(end) : "");
        return answer;
    }

    private ObjectNode channelJson(ChannelState c) {
        ObjectNode json = Json.object().put("id", c.id);
        if (c.name != null) {
            json.put("name", c.name).put("name_normalized", c.name);
        }
        if (c.creator != null) {
            json.put("creator", c.creator);
        }
        return json.put("is_channel", c.type == ChannelType.PUBLIC_CHANNEL)
                .put("is_group", c.type == ChannelType.PRIVATE_CHANNEL)
                .put("is_im", c.type == ChannelType.IM)
                .put("is_mpim", c.type == ChannelType.MPIM)
                .put("is_private", c.type != ChannelType.PUBLIC_CHANNEL)
                .put("is_archived", c.archived)
                .put("is_member", c.members.contains(botIn(c)))
                .put("num_members", c.members.size());
    }

    /** Archives a channel: nobody can post in it any more ({@code is_archived}). */
    void createdBy(String channelRef, String userId) {
        locked(lock, () -> channelByRef(channelRef).creator = userId);
    }

    void archive(String channelRef) {
        locked(lock, () -> channelByRef(channelRef).archived = true);
    }

    /** Takes a person, or the bot, out of a channel. */
    void removeMember(String channelRef, String userId) {
        locked(lock, () -> channelByRef(channelRef).members.remove(userId));
    }

    /** The next {@code times} calls of {@code method} answer {@code ok:false} with {@code error}. */
    void failNext(String method, String error, int times) {
        lock.lock();
        try {
            java.util.ArrayDeque<String> queue = failures.computeIfAbsent(method, k -> new java.util.ArrayDeque<>());
            for (int i = 0; i < times; i++) {
                queue.add(error);
            }
        } finally {
            lock.unlock();
        }
    }

    void agentView(boolean agentView) {
        locked(lock, () -> this.agentView = agentView);
    }

    /** The agent view's state of a direct message as a whole (its suggested prompts), keyed without a thread. */
    private static String viewKey(String channel) {
        return channel + "|";
    }

    private AssistantState assistantThread(Args args) {
        ChannelState channel = channelArg(args, "channel_id");
        String threadTs = args.get("thread_ts").orElseThrow(() -> ApiError.missing("thread_ts"));
        return assistantThreads.computeIfAbsent(
                channel.id + "|" + threadTs, k -> new AssistantState(channel.id, threadTs));
    }

    private ObjectNode setStatus(Args args) {
        if (!args.values().containsKey("status")) {
            throw ApiError.missing("status");
        }
        AssistantState thread = assistantThread(args);
        String status = args.getOrEmpty("status");
        List<String> loading =
                args.get("loading_messages").map(Workspace::stringList).orElse(List.of());
        if (loading.size() > 10) {
            throw new ApiError("invalid_arguments");
        }
        thread.status = status;
        thread.loadingMessages = status.isEmpty() ? List.of() : loading;
        thread.statusHistory.add(status);
        return Json.ok();
    }

    private ObjectNode setSuggestedPrompts(Args args) {
        String raw = args.get("prompts").orElseThrow(() -> ApiError.missing("prompts"));
        JsonNode prompts =
                Json.parse(raw).filter(JsonNode::isArray).orElseThrow(() -> new ApiError("invalid_arguments"));
        if (prompts.isEmpty() || prompts.size() > 4) {
            throw new ApiError("invalid_arguments");
        }
        List<AssistantThread.SuggestedPrompt> parsed = new ArrayList<>();
        for (JsonNode p : prompts) {
            if (!p.path("title").isTextual() || !p.path("message").isTextual()) {
                throw new ApiError("invalid_arguments");
            }
            parsed.add(new AssistantThread.SuggestedPrompt(
                    p.path("title").asText(), p.path("message").asText()));
        }
        Optional<String> threadTs = args.get("thread_ts");
        if (agentView && threadTs.isPresent()) {
            // Slack: "Including it in a call for an agent app will cause the call to silently fail."
            return Json.ok();
        }
        AssistantState thread;
        if (threadTs.isEmpty()) {
            // Without a thread: the prompts of the conversation's view (the agent view's messages tab).
            ChannelState channel = channelArg(args, "channel_id");
            thread = assistantThreads.computeIfAbsent(viewKey(channel.id), k -> new AssistantState(channel.id, ""));
        } else {
            thread = assistantThread(args);
        }
        thread.prompts = List.copyOf(parsed);
        thread.promptsTitle = args.get("title").orElse(null);
        return Json.ok();
    }

    private ObjectNode setTitle(Args args) {
        String title = args.get("title").orElseThrow(() -> ApiError.missing("title"));
        if (title.isBlank()) {
            throw new ApiError("invalid_arguments");
        }
        assistantThread(args).title = title;
        return Json.ok();
    }

    private static List<String> stringList(String raw) {
        if (raw.trim().startsWith("[")) {
            JsonNode array = Json.parse(raw).orElseThrow(() -> new ApiError("invalid_arguments"));
            List<String> out = new ArrayList<>();
            array.forEach(n -> out.add(n.asText()));
            return out;
        }
        return List.of(raw.split(","));
    }

    private ObjectNode startStream(Args args) {
        ChannelState channel = postableChannel(args);
        String threadTs = args.get("thread_ts").orElseThrow(() -> ApiError.missing("thread_ts"));
        if (channel.type != ChannelType.IM) {
            if (args.get("recipient_user_id").isEmpty()) {
                throw new ApiError("missing_recipient_user_id");
            }
            if (args.get("recipient_team_id").isEmpty()) {
                throw new ApiError("missing_recipient_team_id");
            }
            UserState recipient = users.get(args.get("recipient_user_id").get());
            if (recipient == null
                    || recipient.bot()
                    || !recipient.teamId().equals(args.get("recipient_team_id").get())) {
                throw new ApiError("invalid_arguments");
            }
        }
        Optional<String> first = args.get("markdown_text");
        if (first.isPresent() && first.get().length() > MAX_STREAM_TEXT) {
            throw new ApiError("msg_too_long");
        }
        MessageState m = botMessage(channel, Optional.of(threadTs));
        m.streaming = true;
        m.text = "";
        first.ifPresent(m::append);
        return Json.ok().put("channel", channel.id).put("ts", m.ts);
    }

    private MessageState streamingMessage(Args args) {
        ChannelState channel = channelArg(args, "channel");
        MessageState m = existing(channel, args, "ts");
        if (!m.streaming) {
            throw new ApiError("message_not_in_streaming_state");
        }
        return m;
    }

    private ObjectNode appendStream(Args args) {
        MessageState m = streamingMessage(args);
        String text = args.get("markdown_text").orElseThrow(() -> new ApiError("no_text"));
        if (text.length() > MAX_STREAM_TEXT) {
            throw new ApiError("msg_too_long");
        }
        m.append(text);
        return Json.ok().put("channel", m.channel).put("ts", m.ts);
    }

    private ObjectNode stopStream(Args args) {
        MessageState m = streamingMessage(args);
        Optional<String> last = args.get("markdown_text");
        if (last.isPresent() && last.get().length() > MAX_STREAM_TEXT) {
            throw new ApiError("msg_too_long");
        }
        Optional<JsonNode> metadata = metadataArg(args);
        last.ifPresent(m::append);
        blocksArg(args).ifPresent(b -> m.blocks = b);
        metadata.ifPresent(md -> m.metadata = md);
        m.streaming = false;
        return Json.ok().put("channel", m.channel).put("ts", m.ts).set("message", messageJson(m));
    }

    private ObjectNode uploadUrl(Args args) {
        String filename = args.get("filename").orElseThrow(() -> ApiError.missing("filename"));
        String length = args.get("length").orElseThrow(() -> ApiError.missing("length"));
        long size;
        try {
            size = Long.parseLong(length);
        } catch (NumberFormatException e) {
            throw new ApiError("invalid_arguments");
        }
        if (size <= 0 || size > MAX_UPLOAD_BYTES) {
            // Slack takes files of 1 byte up to 1 GB
            throw new ApiError("invalid_arguments");
        }
        FileState file = new FileState(nextId('F'), filename, size);
        file.filetype = SharedFile.of(filename, "", new byte[0]).filetype();
        file.mimetype = switch (file.filetype) {
            case "csv" -> "text/csv";
            case "markdown" -> "text/markdown";
            case "text" -> "text/plain";
            case "json" -> "application/json";
            default -> "application/octet-stream";
        };
        files.put(file.id, file);
        return Json.ok().put("upload_url", baseUrl + "upload/v1/" + file.id).put("file_id", file.id);
    }

    /** The bytes a client sent to an upload URL; false when the URL is unknown. */
    boolean receiveUpload(String fileId, byte[] content) {
        lock.lock();
        try {
            FileState file = files.get(fileId);
            if (file == null || file.completed) {
                return false;
            }
            file.content = content.clone();
            file.uploaded = true;
            return true;
        } finally {
            lock.unlock();
            changes.signal();
        }
    }

    private ObjectNode completeUpload(Args args) {
        String raw = args.get("files").orElseThrow(() -> ApiError.missing("files"));
        JsonNode list = Json.parse(raw).filter(JsonNode::isArray).orElseThrow(() -> new ApiError("invalid_arguments"));
        List<FileState> done = new ArrayList<>();
        for (JsonNode entry : list) {
            FileState file = files.get(entry.path("id").asText());
            if (file == null || !file.uploaded) {
                throw new ApiError("file_not_found");
            }
            if (entry.path("title").isTextual()) {
                file.title = entry.path("title").asText();
            }
            done.add(file);
        }
        if (done.isEmpty()) {
            throw new ApiError("invalid_arguments");
        }
        Optional<ChannelState> channel = args.get("channel_id")
                .or(() -> args.get("channels"))
                .map(ref -> channelArg(new Args(Map.of("channel", ref.split(",")[0])), "channel"));
        ArrayNode out = Json.array();
        for (FileState file : done) {
            file.completed = true;
            out.add(fileJson(file));
        }
        channel.ifPresent(c -> {
            if (!c.members.contains(botIn(c))) {
                throw new ApiError("not_in_channel");
            }
            MessageState m = botMessage(c, args.get("thread_ts"));
            m.text = args.getOrEmpty("initial_comment");
            blocksArg(args).ifPresent(b -> m.blocks = b);
            done.forEach(f -> m.fileIds.add(f.id));
        });
        ObjectNode answer = Json.ok();
        answer.set("files", out);
        return answer;
    }

    /** {@code filesUploadV2} in the Java SDK reads each file back with {@code files.info} after completing. */
    private ObjectNode fileInfo(Args args) {
        FileState file = args.get("file")
                .map(files::get)
                .filter(f -> f.completed)
                .orElseThrow(() -> new ApiError("file_not_found"));
        ObjectNode answer = Json.ok();
        answer.set("file", fileJson(file));
        answer.putArray("comments");
        answer.putObject("response_metadata").put("next_cursor", "");
        return answer;
    }

    private ObjectNode fileJson(FileState file) {
        String owner = file.owner == null ? app.botUserId() : file.owner;
        String name =
                java.net.URLEncoder.encode(file.name, StandardCharsets.UTF_8).replace("+", "%20");
        String path = "files-pri/" + team.id() + "-" + file.id + "/";
        return Json.object()
                .put("id", file.id)
                .put("name", file.name)
                .put("title", file.title)
                .put("mimetype", file.mimetype)
                .put("filetype", file.filetype)
                .put("size", file.content == null ? file.length : file.content.length)
                .put("user", owner)
                .put("mode", "hosted")
                .put("is_external", false)
                .put("url_private", baseUrl + path + name)
                .put("url_private_download", baseUrl + path + "download/" + name)
                .put("permalink", "https://" + team.domain() + ".slack.com/files/" + owner + "/" + file.id);
    }

    /**
     * A file's bytes and type for a download at {@code url_private_download} with {@code token}: present only for
     * the bot token and a file that was shared or completed; Slack answers anything else with its sign-in page.
     */
    Optional<FileDownload> download(String fileId, String token, boolean counted) {
        return locked(lock, () -> {
            FileState file = files.get(fileId);
            if (file == null
                    || !file.completed
                    || file.content == null
                    || !fileTeam(file).equals(tokenTeam(token))
                    || refusedDownloads) {
                return Optional.empty();
            }
            if (counted) {
                file.downloads++;
            }
            return Optional.of(new FileDownload(file.mimetype, file.content.clone()));
        });
    }

    /** When true, every download answers with the sign-in page, as for a token without {@code files:read}. */
    void refuseDownloads(boolean refuse) {
        lock.lock();
        try {
            refusedDownloads = refuse;
        } finally {
            lock.unlock();
        }
    }

    /** How many times the bot downloaded a file. */
    int downloads(String fileId) {
        return locked(
                lock,
                () -> Optional.ofNullable(files.get(fileId))
                        .map(f -> f.downloads)
                        .orElse(0));
    }

    /** What a download serves. */
    record FileDownload(String mimetype, byte[] content) {}

    // ------------------------------------------------------------------ JSON views

    private ObjectNode messageJson(MessageState m) {
        ObjectNode json = Json.object().put("type", "message");
        if (m.deleted) {
            json.put("subtype", "tombstone").put("text", "This message was deleted.");
        } else {
            json.put("text", m.text);
        }
        json.put("user", m.user).put("ts", m.ts);
        UserState author = users.get(m.user);
        json.put("team", author == null ? team.id() : author.teamId());
        if (m.botId != null) {
            json.put("bot_id", m.botId).put("app_id", app.appId());
            json.putObject("bot_profile")
                    .put("id", m.botId)
                    .put("app_id", app.appId())
                    .put("name", app.botName())
                    .put("team_id", team.id())
                    .put("deleted", false);
        }
        if (m.clientMsgId != null) {
            json.put("client_msg_id", m.clientMsgId);
        }
        if (m.blocks != null && !m.deleted) {
            json.set("blocks", m.blocks.deepCopy());
        }
        if (m.threadTs != null) {
            json.put("thread_ts", m.threadTs);
            if (!m.threadTs.equals(m.ts)) {
                ChannelState channel = channels.get(m.channel);
                MessageState parent = channel == null ? null : channel.messages.get(m.threadTs);
                if (parent != null) {
                    json.put("parent_user_id", parent.user);
                }
            } else {
                ChannelState channel = channels.get(m.channel);
                List<MessageState> live = m.replies.stream()
                        .map(channel.messages::get)
                        .filter(r -> !r.deleted)
                        .toList();
                json.put("reply_count", live.size());
                ArrayNode replyUsers = json.putArray("reply_users");
                live.stream().map(r -> r.user).distinct().forEach(replyUsers::add);
                json.put("reply_users_count", replyUsers.size());
                if (!live.isEmpty()) {
                    json.put("latest_reply", live.get(live.size() - 1).ts);
                }
            }
        }
        if (m.editedTs != null) {
            json.putObject("edited").put("user", m.user).put("ts", m.editedTs);
        }
        if (!m.reactions.isEmpty()) {
            ArrayNode reactions = json.putArray("reactions");
            m.reactions.forEach((name, who) -> {
                ObjectNode r = reactions.addObject().put("name", name).put("count", who.size());
                ArrayNode list = r.putArray("users");
                who.forEach(list::add);
            });
        }
        if (!m.fileIds.isEmpty()) {
            ArrayNode list = json.putArray("files");
            m.fileIds.forEach(id -> list.add(fileJson(files.get(id))));
        }
        return json;
    }

    private SlackMessage snapshot(MessageState m) {
        Map<String, List<String>> reactions = new LinkedHashMap<>();
        m.reactions.forEach((name, who) -> reactions.put(name, List.copyOf(who)));
        return new SlackMessage(
                m.channel,
                m.ts,
                Optional.ofNullable(m.threadTs),
                Optional.ofNullable(m.user),
                Optional.ofNullable(m.botId),
                m.text,
                Optional.ofNullable(m.blocks).map(Json::write),
                m.previousTexts,
                reactions,
                m.deleted,
                m.streaming,
                m.chunks,
                m.fileIds,
                Optional.ofNullable(m.visibleTo));
    }

    // ------------------------------------------------------------------ what a user sees

    String channelId(String ref) {
        return locked(lock, () -> channelByRef(ref).id);
    }

    /** The top-level messages of a channel, oldest first, deleted ones included and flagged. */
    List<SlackMessage> messages(String channelRef) {
        return locked(
                lock,
                () -> channelByRef(channelRef).messages.values().stream()
                        .filter(m -> m.threadTs == null || m.threadTs.equals(m.ts))
                        .map(this::snapshot)
                        .toList());
    }

    /** A thread's parent (when it exists) and its replies, oldest first. */
    List<SlackMessage> thread(String channelRef, String threadTs) {
        return locked(lock, () -> {
            ChannelState channel = channelByRef(channelRef);
            return channel.messages.values().stream()
                    .filter(m -> m.ts.equals(threadTs) || threadTs.equals(m.threadTs))
                    .map(this::snapshot)
                    .toList();
        });
    }

    Optional<SlackMessage> message(String channelRef, String ts) {
        return locked(
                lock,
                () -> Optional.ofNullable(channelByRef(channelRef).messages.get(ts))
                        .map(this::snapshot));
    }

    List<SlackMessage> ephemeralMessages(String channelRef) {
        return locked(
                lock,
                () -> channelByRef(channelRef).ephemerals.stream()
                        .map(this::snapshot)
                        .toList());
    }

    Optional<AssistantThread> assistantThread(String channelRef, String threadTs) {
        return locked(lock, () -> {
            AssistantState s = assistantThreads.get(channelByRef(channelRef).id + "|" + threadTs);
            return Optional.ofNullable(s).map(AssistantState::snapshot);
        });
    }

    Optional<byte[]> fileContent(String fileId) {
        return locked(
                lock,
                () -> Optional.ofNullable(files.get(fileId)).map(f -> f.content).map(byte[]::clone));
    }

    // ------------------------------------------------------------------ what users do

    /** The largest file Slack takes through {@code files.getUploadURLExternal}: 1 GB. */
    static final long MAX_UPLOAD_BYTES = 1L << 30;

    SlackMessage userPosts(String userRef, String channelRef, Optional<String> threadTs, String text) {
        return userPosts(userRef, channelRef, threadTs, text, List.of());
    }

    /**
     * A person's message with files attached, as Slack's {@code file_share}: each file is stored, owned by the person
     * and served at its {@code url_private_download} to the bot token.
     */
    SlackMessage userPosts(
            String userRef, String channelRef, Optional<String> threadTs, String text, List<SharedFile> shared) {
        lock.lock();
        try {
            UserState user = userByName(userRef);
            ChannelState channel = channelRef.equals("@" + app.botName())
                            || channelRef.equals(botUserIdIn(userByName(userRef).teamId()))
                    ? imWithBot(user.id())
                    : channelByRef(channelRef);
            if (!channel.members.contains(user.id())) {
                throw new IllegalArgumentException(user.name() + " is not a member of " + channelRef);
            }
            MessageState m = new MessageState(channel.id, nextTs());
            m.user = user.id();
            m.text = text;
            m.clientMsgId = java.util
                    .UUID
                    .nameUUIDFromBytes(m.ts.getBytes(StandardCharsets.UTF_8))
                    .toString();
            m.blocks = richText(text);
            for (SharedFile f : shared) {
                FileState file = new FileState(nextId('F'), f.name(), f.content().length);
                file.content = f.content();
                file.mimetype = f.mimetype();
                file.filetype = f.filetype();
                file.owner = user.id();
                file.uploaded = true;
                file.completed = true;
                files.put(file.id, file);
                m.fileIds.add(file.id);
            }
            threadTs.ifPresent(t -> attachToThread(channel, m, threadRoot(channel, t)));
            channel.messages.put(m.ts, m);
            emitUserMessage(channel, m);
            return snapshot(m);
        } finally {
            lock.unlock();
            changes.signal();
        }
    }

    private void emitUserMessage(ChannelState channel, MessageState m) {
        boolean botHears = channel.members.contains(botIn(channel));
        if (!botHears) {
            return;
        }
        if (subscriptions.contains(channel.type.messageSubscription())) {
            ObjectNode event = messageJson(m);
            event.put("channel", channel.id).put("event_ts", m.ts).put("channel_type", channel.type.eventName());
            if (!m.fileIds.isEmpty()) {
                event.put("subtype", "file_share").put("upload", false).put("display_as_bot", false);
            }
            deliverEvent(event);
        }
        if (subscriptions.contains("app_mention") && channel.type != ChannelType.IM && mentionsBot(channel, m.text)) {
            ObjectNode event = Json.object().put("type", "app_mention");
            event.put("user", m.user).put("text", m.text).put("ts", m.ts);
            if (m.threadTs != null) {
                event.put("thread_ts", m.threadTs);
            }
            event.put("team", users.get(m.user).teamId())
                    .put("client_msg_id", m.clientMsgId)
                    .put("channel", channel.id)
                    .put("event_ts", m.ts);
            event.set("blocks", m.blocks.deepCopy());
            if (!m.fileIds.isEmpty()) {
                ArrayNode list = event.putArray("files");
                m.fileIds.forEach(id -> list.add(fileJson(files.get(id))));
            }
            deliverEvent(event);
        }
    }

    private boolean mentionsBot(ChannelState channel, String text) {
        Matcher matcher = USER_MENTION.matcher(text);
        while (matcher.find()) {
            if (matcher.group(1).equals(botIn(channel))) {
                return true;
            }
        }
        return false;
    }

    private static ArrayNode richText(String text) {
        ArrayNode blocks = Json.array();
        ObjectNode block = blocks.addObject().put("type", "rich_text").put("block_id", "sim");
        ArrayNode elements = block.putArray("elements")
                .addObject()
                .put("type", "rich_text_section")
                .putArray("elements");
        Matcher matcher = USER_MENTION.matcher(text);
        int at = 0;
        while (matcher.find()) {
            if (matcher.start() > at) {
                elements.addObject().put("type", "text").put("text", text.substring(at, matcher.start()));
            }
            elements.addObject().put("type", "user").put("user_id", matcher.group(1));
            at = matcher.end();
        }
        if (at < text.length()) {
            elements.addObject().put("type", "text").put("text", text.substring(at));
        }
        return blocks;
    }

    SlackMessage userEdits(String userRef, String channelRef, String ts, String newText) {
        lock.lock();
        try {
            UserState user = userByName(userRef);
            ChannelState channel = channelByRef(channelRef);
            MessageState m = channel.messages.get(ts);
            if (m == null || !user.id().equals(m.user)) {
                throw new IllegalArgumentException(user.name() + " has no message " + ts + " in " + channelRef);
            }
            ObjectNode previous = messageJson(m);
            m.previousTexts.add(m.text);
            m.text = newText;
            m.blocks = richText(newText);
            m.editedTs = nextTs();
            emitChanged(channel, m, previous);
            return snapshot(m);
        } finally {
            lock.unlock();
            changes.signal();
        }
    }

    SlackMessage userDeletes(String userRef, String channelRef, String ts) {
        lock.lock();
        try {
            UserState user = userByName(userRef);
            ChannelState channel = channelByRef(channelRef);
            MessageState m = channel.messages.get(ts);
            if (m == null || m.deleted || !user.id().equals(m.user)) {
                throw new IllegalArgumentException(user.name() + " has no message " + ts + " in " + channelRef);
            }
            ObjectNode previous = messageJson(m);
            m.deleted = true;
            emitDeleted(channel, m, previous);
            return snapshot(m);
        } finally {
            lock.unlock();
            changes.signal();
        }
    }

    /** {@code message_changed}, as Slack sends it to apps that hear the conversation. */
    private void emitChanged(ChannelState channel, MessageState m, ObjectNode previous) {
        if (!channel.members.contains(botIn(channel)) || !subscriptions.contains(channel.type.messageSubscription())) {
            return;
        }
        ObjectNode event = Json.object()
                .put("type", "message")
                .put("subtype", "message_changed")
                .put("hidden", true)
                .put("channel", channel.id)
                .put("ts", m.editedTs)
                .put("event_ts", m.editedTs)
                .put("channel_type", channel.type.eventName());
        event.set("message", messageJson(m));
        event.set("previous_message", previous);
        deliverEvent(event);
    }

    /** {@code message_deleted}, as Slack sends it to apps that hear the conversation. */
    private void emitDeleted(ChannelState channel, MessageState m, ObjectNode previous) {
        if (!channel.members.contains(botIn(channel)) || !subscriptions.contains(channel.type.messageSubscription())) {
            return;
        }
        String eventTs = nextTs();
        ObjectNode event = Json.object()
                .put("type", "message")
                .put("subtype", "message_deleted")
                .put("hidden", true)
                .put("deleted_ts", m.ts)
                .put("channel", channel.id)
                .put("ts", eventTs)
                .put("event_ts", eventTs)
                .put("channel_type", channel.type.eventName());
        event.set("previous_message", previous);
        deliverEvent(event);
    }

    void userReacts(String userRef, String channelRef, String ts, String name) {
        lock.lock();
        try {
            UserState user = userByName(userRef);
            ChannelState channel = channelByRef(channelRef);
            MessageState m = channel.messages.get(ts);
            if (m == null) {
                throw new IllegalArgumentException("no message " + ts + " in " + channelRef);
            }
            if (!m.reactions.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(user.id())) {
                return;
            }
            if (channel.members.contains(botIn(channel)) && subscriptions.contains("reaction_added")) {
                String eventTs = nextTs();
                ObjectNode event = Json.object()
                        .put("type", "reaction_added")
                        .put("user", user.id())
                        .put("reaction", name)
                        .put("item_user", m.user);
                event.putObject("item")
                        .put("type", "message")
                        .put("channel", channel.id)
                        .put("ts", m.ts);
                event.put("event_ts", eventTs);
                deliverEvent(event);
            }
        } finally {
            lock.unlock();
            changes.signal();
        }
    }

    /** Emits {@code block_actions} for the element with {@code actionId} in a message's blocks. */
    String userClicks(String userRef, String channelRef, String ts, String actionId) {
        lock.lock();
        try {
            UserState user = userByName(userRef);
            ChannelState channel = channelByRef(channelRef);
            MessageState m = Optional.ofNullable(channel.messages.get(ts))
                    .or(() -> channel.ephemerals.stream()
                            .filter(e -> e.ts.equals(ts))
                            .findFirst())
                    .orElseThrow(() -> new IllegalArgumentException("no message " + ts + " in " + channelRef));
            Found found = findAction(m.blocks, actionId)
                    .orElseThrow(() -> new IllegalArgumentException("message " + ts + " has no element " + actionId));
            String actionTs = nextTs();
            String responseUrlId = nextId('R');
            responseUrls.put(responseUrlId, new ResponseUrl(channel.id, m.ts, user.id()));
            ObjectNode payload = Json.object().put("type", "block_actions");
            payload.putObject("user")
                    .put("id", user.id())
                    .put("username", user.name())
                    .put("name", user.name())
                    .put("team_id", user.teamId());
            payload.put("api_app_id", app.appId()).put("token", VERIFICATION_TOKEN);
            ObjectNode container = payload.putObject("container")
                    .put("type", "message")
                    .put("message_ts", m.ts)
                    .put("channel_id", channel.id)
                    .put("is_ephemeral", m.visibleTo != null);
            if (m.threadTs != null) {
                container.put("thread_ts", m.threadTs);
            }
            payload.put("trigger_id", triggerId());
            payload.putObject("team").put("id", team.id()).put("domain", team.domain());
            payload.putNull("enterprise");
            payload.put("is_enterprise_install", false);
            ObjectNode channelJson = payload.putObject("channel").put("id", channel.id);
            channelJson.put("name", channel.name == null ? "directmessage" : channel.name);
            if (m.visibleTo == null) {
                payload.set("message", messageJson(m));
            }
            payload.putObject("state").putObject("values");
            payload.put("response_url", baseUrl + "actions/" + responseUrlId);
            ObjectNode action = payload.putArray("actions").addObject();
            action.put("action_id", actionId).put("block_id", found.blockId);
            JsonNode element = found.element;
            if (element.has("text")) {
                action.set("text", element.get("text").deepCopy());
            }
            if (element.has("value")) {
                action.put("value", element.get("value").asText());
            }
            action.put("type", element.path("type").asText("button")).put("action_ts", actionTs);
            sink.deliver("interactive", payload, false);
            return responseUrlId;
        } finally {
            lock.unlock();
            changes.signal();
        }
    }

    private record Found(String blockId, JsonNode element) {}

    private static Optional<Found> findAction(JsonNode blocks, String actionId) {
        if (blocks == null) {
            return Optional.empty();
        }
        for (JsonNode block : blocks) {
            String blockId = block.path("block_id").asText("block");
            List<JsonNode> candidates = new ArrayList<>();
            block.path("elements").forEach(candidates::add);
            if (block.has("accessory")) {
                candidates.add(block.get("accessory"));
            }
            for (JsonNode element : candidates) {
                if (actionId.equals(element.path("action_id").asText(null))) {
                    return Optional.of(new Found(blockId, element));
                }
            }
        }
        return Optional.empty();
    }

    private String triggerId() {
        return ids.incrementAndGet() + "." + lastTsMicros + "." + Integer.toHexString(Long.hashCode(lastTsMicros));
    }

    /** Emits a {@code slash_commands} envelope as if the user ran {@code command text} in a channel. */
    void userRunsCommand(String userRef, String channelRef, String command, String text) {
        lock.lock();
        try {
            UserState user = userByName(userRef);
            ChannelState channel =
                    channelRef.equals("@" + app.botName()) ? imWithBot(user.id()) : channelByRef(channelRef);
            String responseUrlId = nextId('R');
            responseUrls.put(responseUrlId, new ResponseUrl(channel.id, null, user.id()));
            TeamSpec team = teams.get(channel.teamId);
            ObjectNode payload = Json.object()
                    .put("token", VERIFICATION_TOKEN)
                    .put("team_id", team.id())
                    .put("team_domain", team.domain())
                    .put("channel_id", channel.id)
                    .put("channel_name", channel.name == null ? "directmessage" : channel.name)
                    .put("user_id", user.id())
                    .put("user_name", user.name())
                    .put("command", command.startsWith("/") ? command : "/" + command)
                    .put("text", text)
                    .put("api_app_id", app.appId())
                    .put("is_enterprise_install", "false")
                    .put("response_url", baseUrl + "commands/" + responseUrlId)
                    .put("trigger_id", triggerId());
            sink.deliver("slash_commands", payload, true);
        } finally {
            lock.unlock();
            changes.signal();
        }
    }

    /** Opens the assistant container for a user: a new thread in their DM with the bot. */
    String userStartsAssistantThread(String userRef, Optional<String> contextChannelRef) {
        lock.lock();
        try {
            UserState user = userByName(userRef);
            ChannelState im = imWithBot(user.id());
            String threadTs = nextTs();
            assistantThreads.put(im.id + "|" + threadTs, new AssistantState(im.id, threadTs));
            if (subscriptions.contains("assistant_thread_started")) {
                ObjectNode event = Json.object().put("type", "assistant_thread_started");
                ObjectNode thread = event.putObject("assistant_thread")
                        .put("user_id", user.id())
                        .put("channel_id", im.id)
                        .put("thread_ts", threadTs);
                ObjectNode context = thread.putObject("context");
                contextChannelRef.map(this::channelByRef).ifPresent(c -> context.put("channel_id", c.id));
                context.put("team_id", team.id()).putNull("enterprise_id");
                event.put("event_ts", nextTs());
                deliverEvent(event);
            }
            return threadTs;
        } finally {
            lock.unlock();
            changes.signal();
        }
    }

    // ------------------------------------------------------------------ the Home tab

    private ObjectNode publishView(Args args) {
        String userId = args.get("user_id").orElseThrow(() -> ApiError.missing("user_id"));
        UserState user = users.get(userId);
        if (user == null || user.bot()) {
            throw new ApiError("user_not_found");
        }
        return homeTabs.publish(user.id(), args, team.id(), app, nextId('V'));
    }

    Optional<HomeView> homeView(String userRef) {
        return locked(lock, () -> homeTabs.view(userByName(userRef).id()));
    }

    /** Emits {@code app_home_opened} as when the person opens Lucy's Home or Messages tab. */
    void userOpensHome(String userRef, String tab) {
        lock.lock();
        try {
            UserState user = userByName(userRef);
            ChannelState im = imWithBot(user.id());
            if (!subscriptions.contains("app_home_opened")) {
                return;
            }
            ObjectNode event = Json.object()
                    .put("type", "app_home_opened")
                    .put("user", user.id())
                    .put("channel", im.id)
                    .put("tab", tab);
            if (tab.equals("home")) {
                homeTabs.view(user.id()).flatMap(v -> Json.parse(v.json())).ifPresent(v -> event.set("view", v));
            }
            event.put("event_ts", nextTs());
            deliverEvent(event);
        } finally {
            lock.unlock();
            changes.signal();
        }
    }

    /**
     * The person opens the app's messages tab (agent view): {@code app_home_opened} with {@code tab: "messages"} and
     * their direct message with the bot as {@code channel}, as Slack sends it:
     *
     * <pre>{@code
     * {"type":"app_home_opened","user":"U…","channel":"D…","tab":"messages","event_ts":"…"}
     * }</pre>
     *
     * Returns the direct message's id.
     */
    String userOpensMessagesTab(String userRef) {
        userOpensHome(userRef, "messages");
        return locked(lock, () -> imWithBot(userByName(userRef).id()).id);
    }

    /**
     * Emits {@code block_actions} for the button with {@code actionId} (and a value containing {@code valuePart})
     * in the person's published Home view, with the view and a {@code view} container, as Slack does: no channel,
     * no message and no {@code response_url}.
     */
    void userClicksInHome(String userRef, String actionId, String valuePart, boolean shown) {
        lock.lock();
        try {
            UserState user = userByName(userRef);
            HomeView home = homeTabs.view(user.id())
                    .orElseThrow(() -> new IllegalArgumentException(userRef + " has no Home view published"));
            HomeView.Button button = shown
                    ? home.button(actionId, valuePart)
                            .orElseThrow(() -> new IllegalArgumentException("the Home view of " + userRef
                                    + " has no button " + actionId + " with " + valuePart))
                    : new HomeView.Button(actionId, valuePart, "Button");
            JsonNode view = Json.parse(home.json()).orElseThrow();
            String blockId = "block";
            for (JsonNode block : view.path("blocks")) {
                if (findAction(Json.array().add(block), actionId).isPresent()
                        && block.toString().contains(button.value())) {
                    blockId = block.path("block_id").asText("block");
                    break;
                }
            }
            ObjectNode payload = Json.object().put("type", "block_actions");
            payload.putObject("user")
                    .put("id", user.id())
                    .put("username", user.name())
                    .put("name", user.name())
                    .put("team_id", user.teamId());
            payload.put("api_app_id", app.appId()).put("token", VERIFICATION_TOKEN);
            payload.putObject("container").put("type", "view").put("view_id", home.viewId());
            payload.put("trigger_id", triggerId());
            // the Home tab is the person's in their own workspace, where the app is installed
            TeamSpec where = installable.contains(user.teamId()) ? teams.get(user.teamId()) : team;
            payload.putObject("team").put("id", where.id()).put("domain", where.domain());
            payload.putNull("enterprise");
            payload.put("is_enterprise_install", false);
            payload.set("view", view);
            ObjectNode action = payload.putArray("actions").addObject();
            action.put("action_id", actionId).put("block_id", blockId);
            action.putObject("text")
                    .put("type", "plain_text")
                    .put("text", button.label())
                    .put("emoji", true);
            action.put("value", button.value()).put("type", "button").put("action_ts", nextTs());
            sink.deliver("interactive", payload, false);
        } finally {
            lock.unlock();
            changes.signal();
        }
    }

    /**
     * The person, with the app open (agent view), now looks at {@code channelRef} (or at nothing):
     * {@code app_context_changed}, whose context lists what they view as entities, most relevant first, and whose
     * {@code authorizations} name the person:
     *
     * <pre>{@code
     * {"type":"app_context_changed","context":{"entities":[
     *     {"type":"slack#/types/channel_id","value":"C…","team_id":"T…"}]}}
     * }</pre>
     */
    void userViews(String userRef, Optional<String> channelRef) {
        lock.lock();
        try {
            UserState user = userByName(userRef);
            if (!subscriptions.contains("app_context_changed")) {
                return;
            }
            ObjectNode event = Json.object().put("type", "app_context_changed");
            ObjectNode context = event.putObject("context");
            channelRef
                    .map(this::channelByRef)
                    .ifPresent(c -> context.putArray("entities")
                            .addObject()
                            .put("type", "slack#/types/channel_id")
                            .put("value", c.id)
                            .put("team_id", team.id()));
            event.put("event_ts", nextTs());
            deliverEvent(event, user.teamId(), Optional.of(user.id()));
        } finally {
            lock.unlock();
            changes.signal();
        }
    }

    /** The agent view's state of a person's direct message with the bot, once the bot set any. */
    Optional<AssistantThread> messagesTab(String userRef) {
        return locked(lock, () -> {
            ChannelState im = imWithBot(userByName(userRef).id());
            return Optional.ofNullable(assistantThreads.get(viewKey(im.id))).map(AssistantState::snapshot);
        });
    }

    /** Emits any Events API event the test built itself. */
    void emitRawEvent(ObjectNode event) {
        lock.lock();
        try {
            deliverEvent(event);
        } finally {
            lock.unlock();
        }
    }

    private void deliverEvent(ObjectNode event) {
        ChannelState channel = channels.get(event.path("channel").asText(""));
        deliverEvent(event, channel == null ? team.id() : channel.teamId);
    }

    /** Delivers {@code event} from workspace {@code teamId}; nothing when the app is not installed there. */
    private void deliverEvent(ObjectNode event, String teamId) {
        deliverEvent(event, teamId, Optional.empty());
    }

    /** With {@code user}: an event about that person, whose authorisation the payload lists, as Slack does. */
    private void deliverEvent(ObjectNode event, String teamId, Optional<String> user) {
        boolean lifecycle = event.path("type").asText("").equals("app_uninstalled")
                || event.path("type").asText("").equals("tokens_revoked");
        if (!grants.containsKey(teamId) && !lifecycle) {
            return;
        }
        TeamSpec team = teams.get(teamId);
        ObjectNode payload = Json.object()
                .put("token", VERIFICATION_TOKEN)
                .put("team_id", team.id())
                .put("context_team_id", team.id())
                .putNull("context_enterprise_id")
                .put("api_app_id", app.appId());
        payload.set("event", event);
        payload.put("type", "event_callback")
                .put("event_id", eventId())
                .put("event_time", clock.instant().getEpochSecond());
        payload.putArray("authorizations")
                .addObject()
                .putNull("enterprise_id")
                .put("team_id", team.id())
                .put("user_id", botUserIdIn(team.id()))
                .put("is_bot", true)
                .put("is_enterprise_install", false);
        user.ifPresent(id -> ((ArrayNode) payload.get("authorizations"))
                .insertObject(0)
                .putNull("enterprise_id")
                .put("team_id", team.id())
                .put("user_id", id)
                .put("is_bot", false)
                .put("is_enterprise_install", false));
        payload.put("is_ext_shared_channel", false)
                .put(
                        "event_context",
                        "4-"
                                + Base64.getUrlEncoder()
                                        .withoutPadding()
                                        .encodeToString((team.id() + "-"
                                                        + event.path("channel").asText())
                                                .getBytes(StandardCharsets.UTF_8)));
        sink.deliver("events_api", payload, false);
    }

    /** A {@code response_url} post: replace the original, or add a message in the channel or for the user. */
    boolean respond(String responseUrlId, JsonNode body) {
        lock.lock();
        try {
            ResponseUrl target = responseUrls.get(responseUrlId);
            if (target == null) {
                return false;
            }
            ChannelState channel = channels.get(target.channel);
            String text = body.path("text").asText("");
            JsonNode blocks = body.has("blocks") ? body.get("blocks").deepCopy() : null;
            if (body.path("delete_original").asBoolean(false) && target.messageTs != null) {
                Optional.ofNullable(channel.messages.get(target.messageTs)).ifPresent(m -> m.deleted = true);
            } else if (body.path("replace_original").asBoolean(false) && target.messageTs != null) {
                MessageState m = channel.messages.get(target.messageTs);
                if (m != null) {
                    m.previousTexts.add(m.text);
                    m.text = text;
                    m.blocks = blocks;
                    m.editedTs = nextTs();
                }
            } else {
                MessageState m = new MessageState(channel.id, nextTs());
                m.user = botIn(channel);
                m.botId = app.botId();
                m.text = text;
                m.blocks = blocks;
                if (body.path("thread_ts").isTextual()) {
                    attachToThread(
                            channel,
                            m,
                            threadRoot(channel, body.path("thread_ts").asText()));
                }
                if ("in_channel".equals(body.path("response_type").asText())) {
                    channel.messages.put(m.ts, m);
                } else {
                    m.visibleTo = target.user;
                    channel.ephemerals.add(m);
                }
            }
            return true;
        } finally {
            lock.unlock();
            changes.signal();
        }
    }

    /** An ack payload for a slash command shows as an ephemeral reply to the user who ran it, as in Slack. */
    void ackPayload(String envelopeType, JsonNode envelopePayload, JsonNode ackPayload) {
        if (!"slash_commands".equals(envelopeType)) {
            return;
        }
        String url = envelopePayload.path("response_url").asText("");
        String id = url.substring(url.lastIndexOf('/') + 1);
        JsonNode body = ackPayload.isTextual() ? Json.object().put("text", ackPayload.asText()) : ackPayload;
        respond(id, body);
    }

    // ------------------------------------------------------------------ state

    record UserState(String id, String name, String realName, String teamId, boolean bot, boolean admin) {}

    static final class ChannelState {
        final String id;
        final String name;
        final ChannelType type;
        final Set<String> members = new LinkedHashSet<>();
        /** The workspace the channel belongs to. */
        String teamId;

        boolean archived;
        /** Who created the channel ({@code creator} in {@code conversations.info}); null: not told. */
        String creator;

        final TreeMap<String, MessageState> messages = new TreeMap<>(Comparator.naturalOrder());
        final List<MessageState> ephemerals = new ArrayList<>();

        ChannelState(String id, String name, ChannelType type) {
            this.id = id;
            this.name = name;
            this.type = type;
        }
    }

    static final class MessageState {
        final String channel;
        final String ts;
        String threadTs;
        String user;
        String botId;
        String text = "";
        JsonNode blocks;
        /** The app's message metadata ({@code event_type}, {@code event_payload}); listed with include_all_metadata. */
        JsonNode metadata;

        String clientMsgId;
        String editedTs;
        String visibleTo;
        boolean deleted;
        boolean streaming;
        final List<String> previousTexts = new ArrayList<>();
        final Map<String, LinkedHashSet<String>> reactions = new LinkedHashMap<>();
        final List<String> chunks = new ArrayList<>();
        final List<String> fileIds = new ArrayList<>();
        final List<String> replies = new ArrayList<>();

        MessageState(String channel, String ts) {
            this.channel = channel;
            this.ts = ts;
        }

        void append(String chunk) {
            chunks.add(chunk);
            text = text + chunk;
        }
    }

    static final class FileState {
        final String id;
        final String name;
        final long length;
        String title;
        String mimetype = "application/octet-stream";
        String filetype = "binary";
        String owner;
        int downloads;
        byte[] content;
        boolean uploaded;
        boolean completed;

        FileState(String id, String name, long length) {
            this.id = id;
            this.name = name;
            this.title = name;
            this.length = length;
        }
    }

    static final class AssistantState {
        final String channel;
        final String threadTs;
        String status;
        List<String> loadingMessages = List.of();
        final List<String> statusHistory = new ArrayList<>();
        String title;
        String promptsTitle;
        List<AssistantThread.SuggestedPrompt> prompts = List.of();

        AssistantState(String channel, String threadTs) {
            this.channel = channel;
            this.threadTs = threadTs;
        }

        AssistantThread snapshot() {
            return new AssistantThread(
                    channel,
                    threadTs,
                    Optional.ofNullable(status).filter(s -> !s.isEmpty()),
                    loadingMessages,
                    statusHistory,
                    Optional.ofNullable(title),
                    Optional.ofNullable(promptsTitle),
                    prompts);
        }
    }

    private record ResponseUrl(String channel, String messageTs, String user) {}
}
