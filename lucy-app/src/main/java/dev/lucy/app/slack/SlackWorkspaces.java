package dev.lucy.app.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.oauth.OAuthV2AccessResponse;
import dev.lucy.core.LucyException;
import dev.lucy.store.Installation;
import dev.lucy.store.InstallationStore;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack workspaces one Lucy serves, and which token each Web API call goes out with. A workspace is installed
 * with the single {@code SLACK_BOT_TOKEN} (as before: nothing stored, nothing to configure) or through Slack's OAuth
 * v2 flow ({@link #installLink()}, {@link #complete}), its tokens then kept in an {@link InstallationStore}.
 *
 * <p>Which workspace a call is for: a channel, a person or a file belongs to the workspace whose event named it
 * ({@link #heard}, remembered in the store so schedules and other replicas know it too); a team id names itself;
 * anything unknown goes to the single installation. With token rotation, a token is refreshed ({@code oauth.v2.access}
 * with {@code grant_type=refresh_token}) shortly before it expires, once for all callers.
 *
 * <p>{@code app_uninstalled} and {@code tokens_revoked} forget the workspace: its tokens and where its channels are,
 * then whatever else was registered with {@link #onForget} (people's tool connections). Thread safe; blocking.
 */
public final class SlackWorkspaces {
    private static final Logger log = LoggerFactory.getLogger(SlackWorkspaces.class);

    private final InstallationStore store;
    private final Optional<Installation> single;
    private final Optional<SlackOAuthConfig> oauth;
    private final Slack slack;
    private final Clock clock;
    private final Supplier<URI> publicUrl;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ReentrantLock> refreshing = new ConcurrentHashMap<>();
    private final List<Consumer<String>> forgetting = new CopyOnWriteArrayList<>();
    /** Installations read lately, so a call does not read the database; a rotation or an uninstall replaces them. */
    private final Cache<String, Optional<Installation>> installations = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(30))
            .build();
    /** Where channels, people and files are, as last written to the store. */
    private final Cache<String, String> placed =
            Caffeine.newBuilder().maximumSize(100_000).build();

    /**
     * @param store where installations and placements are kept
     * @param single the installation of {@code SLACK_BOT_TOKEN}, when one is configured
     * @param oauth the install flow's settings, when workspaces install Lucy through OAuth
     * @param slack the SDK instance pointed at Slack's Web API, for {@code oauth.v2.access}
     * @param publicUrl Lucy's public address, under which Slack's redirect comes back
     * @param clock tells when tokens expire and install links stop working
     */
    public SlackWorkspaces(
            InstallationStore store,
            Optional<Installation> single,
            Optional<SlackOAuthConfig> oauth,
            Slack slack,
            Supplier<URI> publicUrl,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.single = Objects.requireNonNull(single, "single");
        this.oauth = Objects.requireNonNull(oauth, "oauth");
        this.slack = Objects.requireNonNull(slack, "slack");
        this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether workspaces can install Lucy through OAuth here. */
    public boolean installable() {
        return oauth.isPresent();
    }

    /** Runs {@code cleanup} with a workspace's id when it uninstalls Lucy or revokes its tokens. */
    public void onForget(Consumer<String> cleanup) {
        forgetting.add(Objects.requireNonNull(cleanup, "cleanup"));
    }

    // ------------------------------------------------------------------ which token

    /**
     * The bot token for a call about {@code slackId}: a channel, a person, a file or a workspace. Refreshes a rotating
     * token that is about to expire. Throws a non-retriable {@link LucyException} when the workspace is not (or no
     * longer) installed.
     */
    public String tokenFor(String slackId) {
        String workspace = workspaceOf(slackId).orElse(null);
        if (workspace == null) {
            return single.map(Installation::botToken)
                    .or(() -> onlyInstallation().map(this::fresh))
                    .orElseThrow(() -> LucyException.permanent("no Slack workspace is known for " + slackId));
        }
        if (single.isPresent() && single.get().workspaceId().equals(workspace)) {
            return single.get().botToken();
        }
        return installation(workspace)
                .map(this::fresh)
                .or(() -> single.map(Installation::botToken))
                .orElseThrow(() -> LucyException.permanent("Lucy is not installed in Slack workspace " + workspace));
    }

    /** The workspace of a channel, person, file or team id, when known. */
    public Optional<String> workspaceOf(String slackId) {
        if (slackId == null || slackId.isEmpty()) {
            return Optional.empty();
        }
        if (slackId.charAt(0) == 'T' || slackId.charAt(0) == 'E') {
            return Optional.of(slackId);
        }
        String known = placed.getIfPresent(slackId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> stored = store.workspaceOf(slackId);
        stored.ifPresent(w -> placed.put(slackId, w));
        return stored;
    }

    /** The bot's user id in {@code workspaceId}, when Lucy is installed there. */
    public Optional<String> botUserId(String workspaceId) {
        return single.filter(s -> s.workspaceId().equals(workspaceId))
                .or(() -> installation(workspaceId))
                .map(Installation::botUserId);
    }

    /**
     * The bot token of {@code workspaceId} when Lucy is installed there, refreshed first when it is about to expire;
     * unlike {@link #tokenFor}, never another workspace's.
     */
    public Optional<String> botToken(String workspaceId) {
        if (single.isPresent() && single.get().workspaceId().equals(workspaceId)) {
            return Optional.of(single.get().botToken());
        }
        return installation(workspaceId).map(this::fresh);
    }

    /** The workspaces Lucy is installed in: the bot token's own first, then those installed through OAuth. */
    public List<String> installed() {
        List<String> ids = new java.util.ArrayList<>();
        single.ifPresent(s -> ids.add(s.workspaceId()));
        store.all().stream()
                .map(Installation::workspaceId)
                .filter(id -> !ids.contains(id))
                .forEach(ids::add);
        return List.copyOf(ids);
    }

    private Optional<Installation> installation(String workspaceId) {
        return installations.get(workspaceId, store::find);
    }

    private Optional<Installation> onlyInstallation() {
        List<Installation> all = store.all();
        return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
    }

    /** The installation's token, refreshed first when it expires within {@link SlackOAuthConfig#refreshAhead()}. */
    private String fresh(Installation installation) {
        if (!expiringSoon(installation) || oauth.isEmpty()) {
            return installation.botToken();
        }
        ReentrantLock lock = refreshing.computeIfAbsent(installation.workspaceId(), w -> new ReentrantLock());
        lock.lock();
        try {
            // another caller (or replica) may have refreshed it meanwhile
            Installation now = store.find(installation.workspaceId()).orElse(installation);
            if (!expiringSoon(now)) {
                return now.botToken();
            }
            return refresh(now).botToken();
        } finally {
            lock.unlock();
        }
    }

    private boolean expiringSoon(Installation installation) {
        return installation.refreshToken().isPresent()
                && installation
                        .expiresAt()
                        .filter(at -> !clock.instant()
                                .plus(oauth.map(SlackOAuthConfig::refreshAhead).orElse(Duration.ZERO))
                                .isBefore(at))
                        .isPresent();
    }

    private Installation refresh(Installation installation) {
        SlackOAuthConfig settings = oauth.orElseThrow();
        OAuthV2AccessResponse answer;
        try {
            answer = slack.methods()
                    .oauthV2Access(r -> r.clientId(settings.clientId())
                            .clientSecret(settings.clientSecret())
                            .grantType("refresh_token")
                            .refreshToken(installation.refreshToken().orElseThrow()));
        } catch (IOException | SlackApiException e) {
            log.warn("the Slack token of {} could not be refreshed now: {}", installation.workspaceId(), e.toString());
            return installation; // still valid for a few minutes; the next call tries again
        }
        if (!answer.isOk()) {
            log.warn("Slack refused to refresh the token of {}: {}", installation.workspaceId(), answer.getError());
            return installation;
        }
        Installation rotated = installation.rotated(
                answer.getAccessToken(),
                Optional.ofNullable(answer.getRefreshToken()).or(installation::refreshToken),
                expiry(answer));
        store.save(rotated);
        installations.put(rotated.workspaceId(), Optional.of(rotated));
        log.info("refreshed the Slack token of {}", installation.workspaceId());
        return rotated;
    }

    private Optional<Instant> expiry(OAuthV2AccessResponse answer) {
        return Optional.ofNullable(answer.getExpiresIn())
                .map(seconds -> clock.instant().plusSeconds(seconds));
    }

    // ------------------------------------------------------------------ what events tell

    /**
     * Reads an Events API payload for the workspace it came from: remembers where its channel, person and files are,
     * and forgets the workspace on {@code app_uninstalled} or {@code tokens_revoked}. Returns true for those two (they
     * are handled here), false for any other event.
     */
    public boolean heard(JsonNode payload) {
        String team = text(payload, "team_id");
        JsonNode event = payload.path("event");
        String type = event.path("type").asText("");
        if (team == null) {
            return false;
        }
        if (type.equals("app_uninstalled") || type.equals("tokens_revoked")) {
            forget(team);
            return true;
        }
        place(text(event, "channel"), team);
        place(text(event, "user"), team);
        for (JsonNode file : event.path("files")) {
            place(text(file, "id"), team);
        }
        return false;
    }

    /** Remembers that {@code slackId} (a channel, person or file) belongs to {@code workspaceId}. */
    public void place(String slackId, String workspaceId) {
        if (slackId == null || slackId.isEmpty() || workspaceId == null || workspaceId.isEmpty()) {
            return;
        }
        if (workspaceId.equals(placed.getIfPresent(slackId))) {
            return;
        }
        boolean first = single.filter(s -> s.workspaceId().equals(workspaceId)).isPresent();
        if (!first && !installedIn(workspaceId)) {
            return; // an event from a workspace that has not installed Lucy (or just left)
        }
        store.place(slackId, workspaceId);
        placed.put(slackId, workspaceId);
    }

    private boolean installedIn(String workspaceId) {
        return installation(workspaceId).isPresent();
    }

    /** Forgets a workspace that uninstalled Lucy or revoked its tokens, and everything registered to go with it. */
    public void forget(String workspaceId) {
        boolean was = store.delete(workspaceId);
        placed.asMap().values().removeIf(workspaceId::equals);
        installations.put(workspaceId, Optional.empty());
        for (Consumer<String> cleanup : forgetting) {
            try {
                cleanup.accept(workspaceId);
            } catch (RuntimeException e) {
                log.warn("could not clean up after Slack workspace {}: {}", workspaceId, e.toString());
            }
        }
        log.info("Slack workspace {} removed Lucy{}", workspaceId, was ? "; its tokens are deleted" : "");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    // ------------------------------------------------------------------ the install flow

    /**
     * Where a person goes to install Lucy: Slack's authorize page with the client id, the scopes, an unguessable
     * single-use state and Lucy's redirect. Empty when the install flow is not configured.
     */
    public Optional<URI> installLink() {
        if (oauth.isEmpty()) {
            return Optional.empty();
        }
        SlackOAuthConfig settings = oauth.get();
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String state = HexFormat.of().formatHex(bytes);
        store.issueState(state, clock.instant().plus(settings.stateTtl()));
        String query =
                "client_id=" + encode(settings.clientId()) + "&scope=" + encode(String.join(",", settings.scopes()))
                        + "&state=" + state + "&redirect_uri=" + encode(redirectUri());
        String base = settings.authorizeUrl().toString();
        return Optional.of(URI.create(base + (base.contains("?") ? "&" : "?") + query));
    }

    private String redirectUri() {
        String base = publicUrl.get().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + SlackOAuthConfig.REDIRECT_PATH;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** How an install ended. */
    public sealed interface Completed permits Installed, Failed {}

    /** Lucy is installed in the workspace {@code workspaceName}. */
    public record Installed(String workspaceId, String workspaceName) implements Completed {}

    /** The install did not happen; {@code message} says why in a plain sentence. */
    public record Failed(String message) implements Completed {}

    /**
     * Slack's redirect came back with {@code code} (or {@code error}) for {@code state}: exchanges the code at {@code
     * oauth.v2.access} and stores the installation.
     */
    public Completed complete(String state, Optional<String> code, Optional<String> error) {
        if (oauth.isEmpty()) {
            return new Failed("Installing Lucy is not set up here.");
        }
        if (state == null || !store.consumeState(state, clock.instant())) {
            return new Failed("This install link has expired or was already used. Start again from the install page.");
        }
        if (error.isPresent() || code.isEmpty()) {
            return new Failed(
                    error.filter("access_denied"::equals).isPresent()
                            ? "The install was cancelled in Slack; nothing was installed."
                            : "Slack did not install Lucy (" + error.orElse("no code") + "). Please try again.");
        }
        SlackOAuthConfig settings = oauth.get();
        OAuthV2AccessResponse answer;
        try {
            answer = slack.methods()
                    .oauthV2Access(r -> r.clientId(settings.clientId())
                            .clientSecret(settings.clientSecret())
                            .code(code.get())
                            .redirectUri(redirectUri()));
        } catch (IOException | SlackApiException e) {
            log.warn("Slack's oauth.v2.access could not be reached: {}", e.toString());
            return new Failed("Slack could not be reached to finish the install. Please try again in a minute.");
        }
        if (!answer.isOk() || answer.getAccessToken() == null || answer.getTeam() == null) {
            log.warn("Slack refused the install: {}", answer.getError());
            return new Failed("Slack refused the install (" + answer.getError() + "). Please start again.");
        }
        Installation installation = new Installation(
                answer.getTeam().getId(),
                Objects.requireNonNullElse(answer.getBotUserId(), ""),
                answer.getAccessToken(),
                Optional.ofNullable(answer.getRefreshToken()),
                expiry(answer),
                Objects.requireNonNullElse(answer.getScope(), ""),
                clock.instant());
        store.save(installation);
        installations.put(installation.workspaceId(), Optional.of(installation));
        log.info(
                "Lucy was installed in Slack workspace {} ({})",
                installation.workspaceId(),
                answer.getTeam().getName());
        return new Installed(
                installation.workspaceId(),
                Objects.requireNonNullElse(answer.getTeam().getName(), installation.workspaceId()));
    }
}
