package dev.lucy.app.slack;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What Lucy asks of Slack, kept in one place: every Web API method Lucy calls with the bot token and the bot scopes
 * it needs, every event Lucy subscribes to and the scope that delivers it, and the scopes of the {@code /lucy}
 * command. The app manifests in {@code slack/} list exactly {@link #botScopes()} and {@link #EVENTS}; a test keeps
 * the manifests, this list and the methods the code calls in step.
 */
public final class SlackScopes {
    /** Web API methods Lucy calls with the bot token, each with the scopes it needs (none for some). */
    public static final Map<String, Set<String>> METHODS = Map.ofEntries(
            Map.entry("auth.test", Set.of()),
            Map.entry("chat.postMessage", Set.of("chat:write")),
            Map.entry("chat.update", Set.of("chat:write")),
            Map.entry("chat.delete", Set.of("chat:write")),
            Map.entry("chat.startStream", Set.of("chat:write")),
            Map.entry("chat.appendStream", Set.of("chat:write")),
            Map.entry("chat.stopStream", Set.of("chat:write")),
            Map.entry("reactions.add", Set.of("reactions:write")),
            Map.entry("reactions.remove", Set.of("reactions:write")),
            Map.entry(
                    "conversations.replies",
                    Set.of("channels:history", "groups:history", "im:history", "mpim:history")),
            Map.entry("conversations.info", Set.of("channels:read", "groups:read", "im:read", "mpim:read")),
            Map.entry("conversations.list", Set.of("channels:read", "groups:read")),
            Map.entry("conversations.members", Set.of("channels:read", "groups:read", "im:read", "mpim:read")),
            Map.entry("users.info", Set.of("users:read")),
            Map.entry("assistant.threads.setStatus", Set.of("assistant:write")),
            Map.entry("assistant.threads.setSuggestedPrompts", Set.of("assistant:write")),
            Map.entry("assistant.threads.setTitle", Set.of("assistant:write")),
            Map.entry("files.getUploadURLExternal", Set.of("files:write")),
            Map.entry("files.completeUploadExternal", Set.of("files:write")),
            Map.entry("views.publish", Set.of()));

    /** Methods called with the app-level token (Socket Mode), whose scope is the token's, not the bot's. */
    public static final Map<String, String> APP_LEVEL_METHODS = Map.of("apps.connections.open", "connections:write");

    /** Bot events Lucy subscribes to, each with the scope that delivers it (none for some). */
    public static final Map<String, Set<String>> EVENTS = Map.of(
            "app_mention", Set.of("app_mentions:read"),
            "message.channels", Set.of("channels:history"),
            "message.groups", Set.of("groups:history"),
            "message.im", Set.of("im:history"),
            "message.mpim", Set.of("mpim:history"),
            "assistant_thread_started", Set.of("assistant:write"),
            "assistant_thread_context_changed", Set.of("assistant:write"),
            "app_home_opened", Set.of(),
            "app_uninstalled", Set.of(),
            "tokens_revoked", Set.of());

    /** The scope for downloading a file people share with Lucy ({@code url_private_download}, with the bot token). */
    public static final String FILE_DOWNLOADS = "files:read";

    /** The scope of slash commands. */
    public static final String COMMANDS = "commands";

    /**
     * The user scopes of "Sign in with Slack" on the web console (OpenID Connect), asked for at sign-in only: who the
     * person is and which workspace they signed in with. The manifests list them as user scopes.
     */
    public static final java.util.List<String> SIGN_IN_SCOPES = java.util.List.of("openid", "profile", "email");

    private SlackScopes() {}

    /** Every bot scope Lucy needs, sorted: those of its methods, its events and its command. */
    public static Set<String> botScopes() {
        Set<String> all = new TreeSet<>();
        METHODS.values().forEach(all::addAll);
        EVENTS.values().forEach(all::addAll);
        all.add(FILE_DOWNLOADS);
        all.add(COMMANDS);
        return all;
    }
}
