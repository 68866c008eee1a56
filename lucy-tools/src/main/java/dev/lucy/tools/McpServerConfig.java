package dev.lucy.tools;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One MCP server Lucy connects to: how to reach it (a command started over stdio, or a Streamable HTTP URL with
 * headers) and Lucy's own settings for it (where it may be used, which tools, how long a call may take, whether
 * calls need approval).
 *
 * <p>Immutable. {@link #toString()} never shows environment or header values: they often hold tokens. Build with
 * {@link #stdio} or {@link #remote}; {@link Builder#build()} names the field that is wrong.
 */
public final class McpServerConfig {
    /** How long one tool call may take when the server's config names no timeout. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");

    /** Which of the server's tools wait for a person's approval. */
    public enum Approval {
        /** From the tool's own hints: tools not marked read-only ({@code readOnlyHint}) need approval. The default. */
        HINTS,
        /** Every tool of the server needs approval. */
        ALWAYS,
        /** No tool of the server needs approval (the operator trusts it). */
        NEVER
    }

    private final String name;
    private final Optional<String> command;
    private final List<String> args;
    private final Map<String, String> env;
    private final Optional<URI> url;
    private final Map<String, String> headers;
    private final Set<String> workspaces;
    private final Set<String> channels;
    private final Set<String> includeTools;
    private final Set<String> excludeTools;
    private final Duration callTimeout;
    private final Approval approval;
    private final Optional<OAuth> oauth;

    /**
     * How people connect a remote server that requires OAuth (the MCP authorization spec): each person signs in
     * with {@code /lucy connect NAME}, and their calls carry their own token. Lucy finds the authorization server
     * from the MCP server's protected-resource metadata and registers itself there when the server offers
     * dynamic client registration; a server that does not needs {@code clientId} (and, for a confidential client,
     * {@code clientSecret}) registered by the operator with Lucy's callback URL.
     *
     * @param clientId a client id registered at the authorization server; empty: register dynamically
     * @param clientSecret the client's secret, when it has one
     * @param scopes the scopes asked for; empty: those the server's metadata names, if any
     */
    public record OAuth(Optional<String> clientId, Optional<String> clientSecret, List<String> scopes) {
        public OAuth {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            scopes = List.copyOf(scopes);
            if (clientSecret.isPresent() && clientId.isEmpty()) {
                throw new IllegalArgumentException("an OAuth clientSecret needs its clientId");
            }
        }

        /** Dynamic client registration, the scopes the server names. */
        public static OAuth dynamic() {
            return new OAuth(Optional.empty(), Optional.empty(), List.of());
        }

        /** Never shows the secret. */
        @Override
        public String toString() {
            return "OAuth[clientId=" + clientId.orElse("(registered dynamically)")
                    + (clientSecret.isPresent() ? ", clientSecret=***" : "") + ", scopes=" + scopes + "]";
        }
    }

    private McpServerConfig(Builder b) {
        this.name = b.name;
        this.command = b.command;
        this.args = List.copyOf(b.args);
        this.env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
        this.url = b.url;
        this.headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.workspaces = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(b.workspaces));
        this.channels = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(b.channels));
        this.includeTools = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(b.includeTools));
        this.excludeTools = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(b.excludeTools));
        this.callTimeout = b.callTimeout;
        this.approval = b.approval;
        this.oauth = b.oauth;
    }

    /** A local server Lucy starts as a child process and speaks to over its stdin and stdout. */
    public static Builder stdio(String name, String command) {
        Builder b = new Builder(name);
        b.command = Optional.of(Objects.requireNonNull(command, "command"));
        return b;
    }

    /** A remote server reached over Streamable HTTP at {@code url}. */
    public static Builder remote(String name, URI url) {
        Builder b = new Builder(name);
        b.url = Optional.of(Objects.requireNonNull(url, "url"));
        return b;
    }

    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.command = command;
        b.args.addAll(args);
        b.env.putAll(env);
        b.url = url;
        b.headers.putAll(headers);
        b.workspaces.addAll(workspaces);
        b.channels.addAll(channels);
        b.includeTools.addAll(includeTools);
        b.excludeTools.addAll(excludeTools);
        b.callTimeout = callTimeout;
        b.approval = approval;
        b.oauth = oauth;
        return b;
    }

    /** The server's name: the provider of its tools and the first part of their names ({@code name__tool}). */
    public String name() {
        return name;
    }

    /** The executable of a stdio server; empty for a remote one. */
    public Optional<String> command() {
        return command;
    }

    public List<String> args() {
        return args;
    }

    /** Environment variables given to a stdio server, beside Lucy's own. */
    public Map<String, String> env() {
        return env;
    }

    /** The Streamable HTTP endpoint of a remote server; empty for a stdio one. */
    public Optional<URI> url() {
        return url;
    }

    /** HTTP headers sent with every request to a remote server ({@code Authorization}, for example). */
    public Map<String, String> headers() {
        return headers;
    }

    /** The workspaces whose people may use the server's tools; empty: every workspace. */
    public Set<String> workspaces() {
        return workspaces;
    }

    /** The channels in which the server's tools may be used; empty: every channel. */
    public Set<String> channels() {
        return channels;
    }

    /** The only tools offered, by the server's own names; empty: all of them. */
    public Set<String> includeTools() {
        return includeTools;
    }

    /** Tools never offered, by the server's own names. */
    public Set<String> excludeTools() {
        return excludeTools;
    }

    /** The longest one call may take. */
    public Duration callTimeout() {
        return callTimeout;
    }

    public Approval approval() {
        return approval;
    }

    /** How people connect this server one by one, when it requires OAuth; empty: one session for everyone. */
    public Optional<OAuth> oauth() {
        return oauth;
    }

    /** Whether each person connects this server with their own account ({@link #oauth()} is set). */
    public boolean personal() {
        return oauth.isPresent();
    }

    /** Whether the server's tool named {@code remoteName} (the server's own name) is offered. */
    public boolean offers(String remoteName) {
        return (includeTools.isEmpty() || includeTools.contains(remoteName)) && !excludeTools.contains(remoteName);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof McpServerConfig other
                && name.equals(other.name)
                && command.equals(other.command)
                && args.equals(other.args)
                && env.equals(other.env)
                && url.equals(other.url)
                && headers.equals(other.headers)
                && workspaces.equals(other.workspaces)
                && channels.equals(other.channels)
                && includeTools.equals(other.includeTools)
                && excludeTools.equals(other.excludeTools)
                && callTimeout.equals(other.callTimeout)
                && approval == other.approval
                && oauth.equals(other.oauth);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, command, args, url, callTimeout, approval);
    }

    /** Names and keys only: environment and header values are not shown. */
    @Override
    public String toString() {
        return "McpServerConfig[" + name
                + command.map(c -> ", command=" + c + ", args=" + args).orElse("")
                + url.map(u -> ", url=" + u.getScheme() + "://" + u.getRawAuthority() + u.getRawPath())
                        .orElse("")
                + (env.isEmpty() ? "" : ", env=" + env.keySet())
                + (headers.isEmpty() ? "" : ", headers=" + headers.keySet())
                + oauth.map(o -> ", " + o).orElse("")
                + ", callTimeout=" + callTimeout + ", approval=" + approval + "]";
    }

    /** Builds a {@link McpServerConfig}. */
    public static final class Builder {
        private final String name;
        private Optional<String> command = Optional.empty();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Optional<URI> url = Optional.empty();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Set<String> workspaces = new LinkedHashSet<>();
        private final Set<String> channels = new LinkedHashSet<>();
        private final Set<String> includeTools = new LinkedHashSet<>();
        private final Set<String> excludeTools = new LinkedHashSet<>();
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private Approval approval = Approval.HINTS;
        private Optional<OAuth> oauth = Optional.empty();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder args(List<String> args) {
            this.args.clear();
            this.args.addAll(args);
            return this;
        }

        public Builder env(Map<String, String> env) {
            this.env.clear();
            this.env.putAll(env);
            return this;
        }

        public Builder headers(Map<String, String> headers) {
            this.headers.clear();
            this.headers.putAll(headers);
            return this;
        }

        public Builder workspaces(Set<String> workspaces) {
            this.workspaces.clear();
            this.workspaces.addAll(workspaces);
            return this;
        }

        public Builder channels(Set<String> channels) {
            this.channels.clear();
            this.channels.addAll(channels);
            return this;
        }

        public Builder includeTools(Set<String> tools) {
            this.includeTools.clear();
            this.includeTools.addAll(tools);
            return this;
        }

        public Builder excludeTools(Set<String> tools) {
            this.excludeTools.clear();
            this.excludeTools.addAll(tools);
            return this;
        }

        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
            return this;
        }

        public Builder approval(Approval approval) {
            this.approval = Objects.requireNonNull(approval, "approval");
            return this;
        }

        /** Each person connects the server with their own account; only for a remote server. */
        public Builder oauth(OAuth oauth) {
            this.oauth = Optional.of(Objects.requireNonNull(oauth, "oauth"));
            return this;
        }

        public McpServerConfig build() {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("MCP server name '" + name
                        + "' must be 1 to 40 letters, digits, '_' or '-', starting with a letter or digit");
            }
            if (command.isPresent() == url.isPresent()) {
                throw new IllegalArgumentException("MCP server '" + name + "' needs either a command or a url");
            }
            if (command.isPresent() && command.get().isBlank()) {
                throw new IllegalArgumentException("MCP server '" + name + "' has an empty command");
            }
            url.ifPresent(u -> {
                if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                    throw new IllegalArgumentException("MCP server '" + name + "' url must be an http(s) URL");
                }
            });
            if (command.isEmpty() && !env.isEmpty()) {
                throw new IllegalArgumentException("MCP server '" + name + "' sets env, which only a command uses");
            }
            if (url.isEmpty() && !headers.isEmpty()) {
                throw new IllegalArgumentException("MCP server '" + name + "' sets headers, which only a url uses");
            }
            if (oauth.isPresent() && url.isEmpty()) {
                throw new IllegalArgumentException("MCP server '" + name + "' sets oauth, which only a url uses");
            }
            if (!callTimeout.isPositive()) {
                throw new IllegalArgumentException("MCP server '" + name + "' callTimeout must be positive");
            }
            return new McpServerConfig(this);
        }
    }
}
