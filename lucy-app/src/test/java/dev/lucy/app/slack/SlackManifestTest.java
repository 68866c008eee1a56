package dev.lucy.app.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The app manifests in {@code slack/} ask Slack for what Lucy uses, no more and no less: the bot scopes and events
 * of {@link SlackScopes}, every Web API method the code calls listed there with its scopes, the {@code /lucy}
 * command, interactivity, the Home and Messages tabs, and Socket Mode or HTTP on the path Lucy serves.
 */
class SlackManifestTest {
    private static final Path ROOT = Path.of("..");
    private static final Path SOCKET = ROOT.resolve("slack/manifest.socket.yaml");
    private static final Path HTTP = ROOT.resolve("slack/manifest.http.yaml");
    private static final String EVENTS_URL = "https://lucy.example.com" + SlackTransportConfig.DEFAULT_HTTP_PATH;

    /** A Web API method named in a string ({@code "chat.update"}) or an SDK call ({@code .chatPostMessage(}). */
    private static final Pattern METHOD_STRING = Pattern.compile(
            "\"((?:chat|reactions|conversations|users|assistant|files|views|auth|apps|team|bots|usergroups|pins"
                    + "|dnd|emoji|reminders|im|mpim)\\.[a-zA-Z.]+)\"");

    private static final Pattern SDK_CALL = Pattern.compile(
            "\\.((?:chat|reactions|conversations|users|assistantThreads|files|views|auth|apps|pins|dnd|emoji"
                    + "|reminders|usergroups|bots)[A-Z][A-Za-z]*)\\(");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path manifest) throws IOException {
        return (Map<String, Object>) new Yaml().load(Files.readString(manifest));
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Map<String, Object> map, String... path) {
        Object node = map;
        for (String key : path) {
            node = ((Map<String, Object>) node).get(key);
        }
        return (T) node;
    }

    @Test
    void both_manifests_ask_for_exactly_the_scopes_and_events_lucy_uses() throws IOException {
        for (Path path : List.of(SOCKET, HTTP)) {
            Map<String, Object> manifest = read(path);
            List<String> scopes = at(manifest, "oauth_config", "scopes", "bot");
            List<String> events = at(manifest, "settings", "event_subscriptions", "bot_events");

            assertThat(new TreeSet<>(scopes)).as(path + " bot scopes").isEqualTo(SlackScopes.botScopes());
            assertThat(scopes).as(path + " lists each scope once").doesNotHaveDuplicates();
            assertThat(new TreeSet<>(events)).as(path + " bot events").isEqualTo(SlackScopes.EVENTS.keySet());
            assertThat((Object) at(manifest, "features", "app_home", "home_tab_enabled"))
                    .as(path + " Home tab")
                    .isEqualTo(true);
            assertThat((Object) at(manifest, "features", "app_home", "messages_tab_enabled"))
                    .as(path + " Messages tab")
                    .isEqualTo(true);
            assertThat((Object) at(manifest, "features", "assistant_view"))
                    .as(path + " assistant")
                    .isNotNull();
            List<Map<String, Object>> commands = at(manifest, "features", "slash_commands");
            assertThat(commands).extracting(c -> c.get("command")).containsExactly(LucyCommand.NAME);
            assertThat((Object) at(manifest, "settings", "interactivity", "is_enabled"))
                    .isEqualTo(true);
        }
    }

    @Test
    void both_manifests_let_workspace_admins_sign_in_to_the_console_with_slack() throws IOException {
        for (Path path : List.of(SOCKET, HTTP)) {
            Map<String, Object> manifest = read(path);
            List<String> user = at(manifest, "oauth_config", "scopes", "user");
            List<String> redirects = at(manifest, "oauth_config", "redirect_urls");

            assertThat(user).as(path + " user scopes").containsExactlyElementsOf(SlackScopes.SIGN_IN_SCOPES);
            assertThat(redirects)
                    .as(path + " redirect URLs")
                    .contains("https://console.lucy.example.com" + dev.lucy.app.web.SlackSignIn.CALLBACK_PATH);
        }
    }

    @Test
    void the_socket_manifest_uses_socket_mode_and_the_http_one_lucys_events_path() throws IOException {
        Map<String, Object> socket = read(SOCKET);
        Map<String, Object> http = read(HTTP);

        assertThat((Object) at(socket, "settings", "socket_mode_enabled")).isEqualTo(true);
        assertThat((Object) at(socket, "settings", "event_subscriptions", "request_url"))
                .isNull();
        assertThat((Object) at(http, "settings", "socket_mode_enabled")).isEqualTo(false);
        assertThat((Object) at(http, "settings", "event_subscriptions", "request_url"))
                .isEqualTo(EVENTS_URL);
        assertThat((Object) at(http, "settings", "interactivity", "request_url"))
                .isEqualTo(EVENTS_URL);
        List<Map<String, Object>> commands = at(http, "features", "slash_commands");
        assertThat(commands).extracting(c -> c.get("url")).containsExactly(EVENTS_URL);
    }

    @Test
    void every_web_api_method_the_code_calls_is_listed_with_its_scopes() throws IOException {
        Set<String> called = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source :
                    sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = Files.readString(source);
                Matcher string = METHOD_STRING.matcher(code);
                while (string.find()) {
                    called.add(string.group(1));
                }
                Matcher sdk = SDK_CALL.matcher(code);
                while (sdk.find()) {
                    called.add(dotted(sdk.group(1)));
                }
            }
        }
        // the SDK's client also has methods named like files.rule(...) that are not Web API calls
        called.removeIf(method -> !method.contains(".") || method.startsWith("files.rule"));

        assertThat(called).as("the scan finds Lucy's calls").contains("chat.postMessage", "views.publish");
        Set<String> listed = new TreeSet<>(SlackScopes.METHODS.keySet());
        listed.addAll(SlackScopes.APP_LEVEL_METHODS.keySet());
        assertThat(listed)
                .as("methods the code calls, each listed with its scopes")
                .containsAll(called);
    }

    /** {@code assistantThreadsSetStatus} as {@code assistant.threads.setStatus}. */
    static String dotted(String sdkName) {
        String[] families = {
            "assistantThreads",
            "conversations",
            "reactions",
            "usergroups",
            "reminders",
            "users",
            "files",
            "views",
            "chat",
            "auth",
            "apps",
            "pins",
            "bots",
            "emoji",
            "search",
            "dnd"
        };
        for (String family : families) {
            if (sdkName.startsWith(family) && sdkName.length() > family.length()) {
                String rest = sdkName.substring(family.length());
                String prefix = family.equals("assistantThreads") ? "assistant.threads" : family;
                if (family.equals("apps") && rest.startsWith("Connections")) {
                    return "apps.connections." + lowerFirst(rest.substring("Connections".length()));
                }
                return prefix + "." + lowerFirst(rest);
            }
        }
        return sdkName;
    }

    private static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
