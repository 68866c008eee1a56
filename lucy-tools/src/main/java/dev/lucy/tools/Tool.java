package dev.lucy.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.spi.ToolHandler;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One tool: what the model sees (name, description, argument schema), what Lucy needs to run it safely (provider,
 * scopes, intent tags, side-effect class, time budget) and the handler that does the work.
 *
 * <p>Immutable and thread safe. Build one with {@link #builder(String)}, or from annotated methods with {@link
 * AnnotatedTools#from(Object)}.
 */
public final class Tool {
    /** The provider of tools that need no outside connection. */
    public static final String BUILT_IN_PROVIDER = "lucy";
    /** How long a call may run when the tool names no budget. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String description;
    private final ObjectNode schema;
    private final String provider;
    private final Set<String> scopes;
    private final Set<String> tags;
    private final SideEffect sideEffect;
    private final boolean idempotent;
    private final Duration timeout;
    private final ToolHandler handler;
    private final ToolSpec spec;

    private Tool(Builder b) {
        this.name = b.name;
        this.description = b.description;
        this.schema = b.schema.deepCopy();
        this.provider = b.provider;
        this.scopes = Set.copyOf(b.scopes);
        this.tags = Set.copyOf(b.tags);
        this.sideEffect = b.sideEffect;
        this.idempotent = b.idempotent || b.sideEffect == SideEffect.READ;
        this.timeout = b.timeout;
        this.handler = b.handler;
        this.spec = new ToolSpec(name, description, schema.toString());
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name)
                .description(description)
                .schema(schema)
                .provider(provider)
                .sideEffect(sideEffect)
                .idempotent(idempotent)
                .timeout(timeout)
                .handler(handler);
        b.scopes.addAll(scopes);
        b.tags.addAll(tags);
        return b;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** The JSON Schema of the arguments object (a copy; changing it changes nothing here). */
    public ObjectNode schema() {
        return schema.deepCopy();
    }

    /** The service the tool talks to; calls need a connection to it unless it is {@link #BUILT_IN_PROVIDER}. */
    public String provider() {
        return provider;
    }

    /** The permissions the tool needs from the provider, for example {@code tasks:write}. */
    public Set<String> scopes() {
        return scopes;
    }

    /** Words for what the tool is for, used by retrieval ({@code calendar}, {@code schedule}, ...). */
    public Set<String> tags() {
        return tags;
    }

    public SideEffect sideEffect() {
        return sideEffect;
    }

    /** Whether calling twice with the same arguments has the same effect as once; read-only tools always are. */
    public boolean idempotent() {
        return idempotent;
    }

    /** The longest a call may run, retries included. */
    public Duration timeout() {
        return timeout;
    }

    public ToolHandler handler() {
        return handler;
    }

    /** The tool as the model sees it. */
    public ToolSpec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return "Tool[" + name + ", provider=" + provider + ", " + sideEffect + "]";
    }

    /** Builds a {@link Tool}; {@link #build()} names the field that is wrong. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private ObjectNode schema = emptyObjectSchema();
        private String provider = BUILT_IN_PROVIDER;
        private final Set<String> scopes = new LinkedHashSet<>();
        private final Set<String> tags = new LinkedHashSet<>();
        private SideEffect sideEffect = SideEffect.READ;
        private boolean idempotent;
        private Duration timeout = DEFAULT_TIMEOUT;
        private ToolHandler handler;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /** The arguments schema; must describe an object ({@code "type": "object"}). */
        public Builder schema(JsonNode schema) {
            Objects.requireNonNull(schema, "schema");
            if (!(schema instanceof ObjectNode object)
                    || !"object".equals(schema.path("type").asText())) {
                throw new IllegalArgumentException(
                        "schema of tool '" + name + "' must be a JSON object schema" + " with \"type\": \"object\"");
            }
            this.schema = object.deepCopy();
            return this;
        }

        /** The arguments schema as JSON text. */
        public Builder schema(String schemaJson) {
            try {
                return schema(JSON.readTree(schemaJson));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(
                        "schema of tool '" + name + "' is not valid JSON: " + e.getOriginalMessage());
            }
        }

        public Builder provider(String provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        public Builder scopes(String... scopes) {
            this.scopes.addAll(java.util.Arrays.asList(scopes));
            return this;
        }

        public Builder tags(String... tags) {
            this.tags.addAll(java.util.Arrays.asList(tags));
            return this;
        }

        public Builder sideEffect(SideEffect sideEffect) {
            this.sideEffect = Objects.requireNonNull(sideEffect, "sideEffect");
            return this;
        }

        /** Marks a writing tool as safe to retry (read-only tools are idempotent anyway). */
        public Builder idempotent(boolean idempotent) {
            this.idempotent = idempotent;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder handler(ToolHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        public Tool build() {
            if (!name.matches("[a-zA-Z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("name must match [a-zA-Z0-9_-]{1,64}: '" + name + "'");
            }
            if (description.isBlank()) {
                throw new IllegalArgumentException("description of tool '" + name + "' must not be blank");
            }
            if (provider.isBlank()) {
                throw new IllegalArgumentException("provider of tool '" + name + "' must not be blank");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout of tool '" + name + "' must be positive: " + timeout);
            }
            if (handler == null) {
                throw new IllegalArgumentException("handler of tool '" + name + "' is missing");
            }
            return new Tool(this);
        }

        private static ObjectNode emptyObjectSchema() {
            ObjectNode node = JSON.createObjectNode();
            node.put("type", "object");
            node.putObject("properties");
            return node;
        }
    }
}
