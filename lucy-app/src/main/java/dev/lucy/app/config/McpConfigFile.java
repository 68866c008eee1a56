package dev.lucy.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.tools.McpServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the MCP servers file named by {@code LUCY_MCP_CONFIG}: the {@code {"mcpServers": {...}}} JSON the common MCP
 * clients use, so a team pastes what it already runs, plus Lucy's own keys per server.
 *
 * <p>{@code ${VAR}} in a command, its arguments, env values, a URL or header values is taken from the environment
 * given (never from the process itself, and never shown in an error). Every problem is one {@link ConfigException}
 * line naming the server and the key.
 */
final class McpConfigFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> KEYS = Set.of(
            "type",
            "command",
            "args",
            "env",
            "url",
            "headers",
            "disabled",
            "workspaces",
            "channels",
            "includeTools",
            "excludeTools",
            "timeout",
            "approval",
            "oauth");
    private static final Set<String> OAUTH_KEYS = Set.of("clientId", "clientSecret", "scopes");

    private McpConfigFile() {}

    /** The enabled servers the file at {@code path} describes, in its order. */
    static List<McpServerConfig> read(Path path, Map<String, String> env) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(path));
        } catch (NoSuchFileException e) {
            throw new ConfigException(Keys.MCP_CONFIG, "no such file: " + path);
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    Keys.MCP_CONFIG,
                    path + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new ConfigException(
                    Keys.MCP_CONFIG, "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
        if (root == null || !root.isObject() || !root.path("mcpServers").isObject()) {
            throw new ConfigException(
                    Keys.MCP_CONFIG, path + " must be a JSON object with an \"mcpServers\" object in it");
        }
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals("mcpServers")) {
                throw new ConfigException(
                        Keys.MCP_CONFIG, path + ": \"" + key + "\" is not a key Lucy knows (only \"mcpServers\")");
            }
        }
        List<McpServerConfig> servers = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : root.path("mcpServers").properties()) {
            server(entry.getKey(), entry.getValue(), env).ifPresent(servers::add);
        }
        return List.copyOf(servers);
    }

    private static java.util.Optional<McpServerConfig> server(String name, JsonNode node, Map<String, String> env) {
        if (!node.isObject()) {
            throw problem(name, "must be a JSON object");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw problem(name, "\"" + key + "\" is not a key Lucy knows (see docs/configuration.md)");
            }
        }
        if (node.has("disabled") && bool(name, node, "disabled")) {
            return java.util.Optional.empty();
        }
        UnaryOperator<String> expand = value -> expand(name, value, env);
        String type = node.has("type") ? text(name, node, "type").toLowerCase(Locale.ROOT) : "";
        if (!type.isEmpty()
                && !Set.of("stdio", "http", "streamable-http", "streamablehttp").contains(type)) {
            throw problem(
                    name,
                    "\"type\" is " + type + "; Lucy speaks \"stdio\" and \"http\" (Streamable HTTP), not the old SSE"
                            + " transport");
        }
        McpServerConfig.Builder b;
        if (node.has("command") && node.has("url")) {
            throw problem(name, "has both \"command\" and \"url\"; give one");
        } else if (node.has("command")) {
            String command = expand.apply(text(name, node, "command"));
            if (command.isBlank()) {
                throw problem(name, "\"command\" is empty");
            }
            b = McpServerConfig.stdio(name, command);
            if (node.has("args")) {
                b.args(strings(name, node, "args").stream().map(expand).toList());
            }
            if (node.has("env")) {
                b.env(map(name, node, "env", expand));
            }
        } else if (node.has("url")) {
            String url = expand.apply(text(name, node, "url"));
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw problem(name, "\"url\" is not a URL");
            }
            b = McpServerConfig.remote(name, uri);
            if (node.has("headers")) {
                b.headers(map(name, node, "headers", expand));
            }
        } else {
            throw problem(name, "needs a \"command\" (a local server) or a \"url\" (a remote one)");
        }
        if (node.has("workspaces")) {
            b.workspaces(new LinkedHashSet<>(strings(name, node, "workspaces")));
        }
        if (node.has("channels")) {
            b.channels(new LinkedHashSet<>(strings(name, node, "channels")));
        }
        if (node.has("includeTools")) {
            b.includeTools(new LinkedHashSet<>(strings(name, node, "includeTools")));
        }
        if (node.has("excludeTools")) {
            b.excludeTools(new LinkedHashSet<>(strings(name, node, "excludeTools")));
        }
        if (node.has("timeout")) {
            JsonNode timeout = node.get("timeout");
            String key = "LUCY_MCP_CONFIG: MCP server '" + name + "' \"timeout\"";
            b.callTimeout(
                    timeout.isNumber()
                            ? java.time.Duration.ofMillis((long) (timeout.asDouble() * 1000))
                            : ConfigLoader.parseDuration(key, text(name, node, "timeout")));
        }
        if (node.has("approval")) {
            String approval = text(name, node, "approval").toUpperCase(Locale.ROOT);
            try {
                b.approval(McpServerConfig.Approval.valueOf(approval));
            } catch (IllegalArgumentException e) {
                throw problem(name, "\"approval\" must be \"hints\", \"always\" or \"never\"");
            }
        }
        if (node.has("oauth")) {
            JsonNode oauth = node.get("oauth");
            if (oauth.isBoolean()) {
                if (oauth.asBoolean()) {
                    b.oauth(McpServerConfig.OAuth.dynamic());
                }
            } else if (oauth.isObject()) {
                for (Iterator<String> keys = oauth.fieldNames(); keys.hasNext(); ) {
                    String key = keys.next();
                    if (!OAUTH_KEYS.contains(key)) {
                        throw problem(
                                name,
                                "\"oauth\"." + key + " is not a key Lucy knows (clientId, clientSecret," + " scopes)");
                    }
                }
                java.util.Optional<String> clientId = oauth.has("clientId")
                        ? java.util.Optional.of(expand.apply(text(name, oauth, "clientId")))
                        : java.util.Optional.empty();
                java.util.Optional<String> clientSecret = oauth.has("clientSecret")
                        ? java.util.Optional.of(expand.apply(text(name, oauth, "clientSecret")))
                        : java.util.Optional.empty();
                List<String> scopes = oauth.has("scopes") ? strings(name, oauth, "scopes") : List.of();
                if (clientSecret.isPresent() && clientId.isEmpty()) {
                    throw problem(name, "\"oauth\" has a clientSecret without its clientId");
                }
                b.oauth(new McpServerConfig.OAuth(clientId, clientSecret, scopes));
            } else {
                throw problem(name, "\"oauth\" must be true or an object (clientId, clientSecret, scopes)");
            }
        }
        try {
            return java.util.Optional.of(b.build());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Keys.MCP_CONFIG, e.getMessage());
        }
    }

    /** {@code value} with every {@code ${VAR}} replaced; an unset variable is an error naming it, not its value. */
    static String expand(String server, String value, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String variable = m.group(1);
            String replacement = env.get(variable);
            if (replacement == null || replacement.isEmpty()) {
                throw problem(server, "uses ${" + variable + "}, which is not set in the environment");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String text(String server, JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (!value.isTextual()) {
            throw problem(server, "\"" + key + "\" must be a string");
        }
        return value.asText();
    }

    private static boolean bool(String server, JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (!value.isBoolean()) {
            throw problem(server, "\"" + key + "\" must be true or false");
        }
        return value.asBoolean();
    }

    private static List<String> strings(String server, JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (!value.isArray()) {
            throw problem(server, "\"" + key + "\" must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw problem(server, "\"" + key + "\" must be a list of strings");
            }
            out.add(item.asText());
        }
        return out;
    }

    private static Map<String, String> map(String server, JsonNode node, String key, UnaryOperator<String> expand) {
        JsonNode value = node.get(key);
        if (!value.isObject()) {
            throw problem(server, "\"" + key + "\" must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw problem(server, "\"" + key + "\"." + entry.getKey() + " must be a string");
            }
            out.put(entry.getKey(), expand.apply(entry.getValue().asText()));
        }
        return out;
    }

    private static ConfigException problem(String server, String what) {
        return new ConfigException(Keys.MCP_CONFIG, "MCP server '" + server + "' " + what);
    }
}
