package dev.lucy.app.settings;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lucy.core.Check;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.runtime.SettingsStore;
import dev.lucy.core.runtime.SettingsStore.Change;
import dev.lucy.core.runtime.SettingsStore.Scope;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings of workspaces and channels: what is in effect in a channel ({@link #effective}, read at the start of
 * every run), and changes checked against what exists ({@link #change}), each stored with its audit record and
 * logged. Reads are cached for {@link #DEFAULT_CACHE_TTL} per scope, and a change made through this object clears
 * its scope at once; a change made by another replica shows here within the TTL. Thread safe; blocking on a miss.
 */
public final class ConversationSettings {
    /** How long a scope's settings are kept before they are read again. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(10);

    static final int MAX_INSTRUCTIONS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(ConversationSettings.class);

    private final SettingsStore store;
    private final Supplier<Set<String>> toolNames;
    private final Supplier<Set<String>> mcpNames;
    private final Clock clock;
    private final Cache<Scope, Map<String, String>> cache;
    private final Map<String, String> defaults;

    /**
     * @param toolNames the names of the tools a setting may allow (Lucy's own and added ones, not MCP servers')
     * @param mcpNames the names of the configured MCP servers
     */
    public ConversationSettings(
            SettingsStore store,
            Supplier<Set<String>> toolNames,
            Supplier<Set<String>> mcpNames,
            Duration cacheTtl,
            Clock clock) {
        this(store, toolNames, mcpNames, SettingsDefaults.defaults(), cacheTtl, clock);
    }

    /** As above, with the operator's {@code defaults} where neither workspace nor channel chose. */
    public ConversationSettings(
            SettingsStore store,
            Supplier<Set<String>> toolNames,
            Supplier<Set<String>> mcpNames,
            SettingsDefaults defaults,
            Duration cacheTtl,
            Clock clock) {
        this.defaults = defaults.asStored();
        this.store = Objects.requireNonNull(store, "store");
        this.toolNames = Objects.requireNonNull(toolNames, "toolNames");
        this.mcpNames = Objects.requireNonNull(mcpNames, "mcpNames");
        this.clock = Objects.requireNonNull(clock, "clock");
        Check.positive(cacheTtl, "cacheTtl");
        this.cache = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(cacheTtl)
                .build();
    }

    /** What a person's typed value for a setting means. */
    public sealed interface Parsed {
        /** The value to store, in its one written form. */
        record Valid(String stored) implements Parsed {}

        /** Why the value cannot be set, in a sentence for the person. */
        record Invalid(String why) implements Parsed {}
    }

    /** The settings in effect in {@code channelId} of {@code workspaceId}; Lucy's defaults when reading fails. */
    public ChannelSettings effective(String workspaceId, String channelId) {
        try {
            Map<String, String> workspace = raw(Scope.workspace(workspaceId));
            Map<String, String> channel = channelId.isBlank() ? Map.of() : raw(Scope.channel(workspaceId, channelId));
            return merge(defaults, workspace, channel);
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not read the settings of {} in {}; Lucy's defaults apply: {}",
                    channelId,
                    workspaceId,
                    e.toString());
            return merge(defaults, Map.of(), Map.of());
        }
    }

    /** Drops what this process holds of {@code workspaceId}'s settings, for a workspace that removed Lucy. */
    public void forgetWorkspace(String workspaceId) {
        cache.asMap().keySet().removeIf(scope -> scope.workspaceId().equals(workspaceId));
    }

    /** The settings {@code scope} has of its own, by key, as stored. */
    public Map<String, String> own(Scope scope) {
        return raw(scope);
    }

    private Map<String, String> raw(Scope scope) {
        return cache.get(scope, store::read);
    }

    /**
     * Checks {@code typed} for {@code key} in {@code scope}: a tier Lucy has, tool and MCP server names that exist
     * (and, in a channel, that the workspace allows), a time range and zone.
     */
    public Parsed parse(Scope scope, SettingKey key, String typed) {
        String value = typed.strip();
        if (value.isEmpty()) {
            return new Parsed.Invalid("Give a value after `" + key.word() + "`.");
        }
        return switch (key) {
            case PERSONA -> {
                String text = unquoted(value);
                if (text.isBlank()) {
                    yield new Parsed.Invalid("Give the instructions after `persona`.");
                }
                yield text.length() > MAX_INSTRUCTIONS
                        ? new Parsed.Invalid("Instructions can be at most " + MAX_INSTRUCTIONS
                                + " characters; these are " + text.length() + ".")
                        : new Parsed.Valid(text);
            }
            case TIER -> {
                String tier = value.toLowerCase(Locale.ROOT);
                yield switch (tier) {
                    case "fast", "default", "frontier" -> new Parsed.Valid(tier);
                    default ->
                        new Parsed.Invalid("\"" + value + "\" is not a model tier. The tiers are fast,"
                                + " default and frontier.");
                };
            }
            case TOOLS -> names(value, allowedInScope(scope, SettingKey.TOOLS, toolNames.get()), "tool");
            case MCP -> names(value, allowedInScope(scope, SettingKey.MCP, mcpNames.get()), "MCP server");
            case JOIN_THREADS -> {
                String on = value.toLowerCase(Locale.ROOT);
                yield switch (on) {
                    case "on", "yes", "true" -> new Parsed.Valid("on");
                    case "off", "no", "false" -> new Parsed.Valid("off");
                    default -> new Parsed.Invalid("Say `join-threads on` or `join-threads off`.");
                };
            }
            case QUIET -> {
                try {
                    yield new Parsed.Valid(QuietHours.parse(value).toString());
                } catch (IllegalArgumentException e) {
                    yield new Parsed.Invalid(e.getMessage());
                }
            }
        };
    }

    /** The names a scope may allow: what exists, and in a channel only what its workspace allows. */
    private Set<String> allowedInScope(Scope scope, SettingKey key, Set<String> existing) {
        if (scope.isWorkspace()) {
            return existing;
        }
        String workspace = raw(Scope.workspace(scope.workspaceId())).get(key.word());
        if (workspace == null) {
            return existing;
        }
        Set<String> allowed = new TreeSet<>(list(workspace));
        allowed.retainAll(existing);
        return allowed;
    }

    private static Parsed names(String value, Set<String> valid, String what) {
        if (value.equalsIgnoreCase("none")) {
            return new Parsed.Valid("");
        }
        Set<String> named = new LinkedHashSet<>(list(value));
        if (named.isEmpty()) {
            return new Parsed.Invalid("Name at least one " + what + ", or say `none`.");
        }
        List<String> unknown = named.stream().filter(n -> !valid.contains(n)).toList();
        if (!unknown.isEmpty()) {
            String listed = valid.isEmpty()
                    ? "There are no " + what + "s to choose from here."
                    : "The " + what + "s you can choose here are: " + String.join(", ", new TreeSet<>(valid)) + ".";
            return new Parsed.Invalid((unknown.size() == 1
                            ? "There is no " + what + " called \"" + unknown.getFirst() + "\" here. "
                            : "There are no " + what + "s called "
                                    + unknown.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "))
                                    + " here. ")
                    + listed);
        }
        return new Parsed.Valid(String.join(",", new TreeSet<>(named)));
    }

    /**
     * Sets {@code key} of {@code scope} to a value {@link #parse} made (or removes it, when empty) for {@code userId},
     * stored with its audit record and logged. Clears the cached scope.
     */
    public Change change(Scope scope, SettingKey key, Optional<String> stored, String userId) {
        Change change = store.write(scope, key.word(), stored, userId, clock.instant());
        cache.invalidate(scope);
        if (change.changed()) {
            LOG.info(
                    "setting changed: workspace={} channel={} key={} by={} from={} to={}",
                    scope.workspaceId(),
                    scope.isWorkspace() ? "(workspace)" : scope.channelId(),
                    key.word(),
                    userId,
                    change.before().map(v -> "\"" + v + "\"").orElse("(not set)"),
                    change.after().map(v -> "\"" + v + "\"").orElse("(not set)"));
        }
        return change;
    }

    /** The latest changes in a workspace, newest first. */
    public List<Change> history(String workspaceId, int limit) {
        return store.history(workspaceId, limit);
    }

    static ChannelSettings merge(
            Map<String, String> defaults, Map<String, String> workspace, Map<String, String> channel) {
        EnumMap<SettingKey, ChannelSettings.Source> sources = new EnumMap<>(SettingKey.class);
        for (SettingKey key : SettingKey.values()) {
            if (channel.containsKey(key.word())) {
                sources.put(key, ChannelSettings.Source.CHANNEL);
            } else if (workspace.containsKey(key.word())) {
                sources.put(key, ChannelSettings.Source.WORKSPACE);
            }
        }
        return new ChannelSettings(
                value(SettingKey.PERSONA, workspace, channel),
                value(SettingKey.TIER, workspace, channel).map(t -> ModelTier.valueOf(t.toUpperCase(Locale.ROOT))),
                narrowed(SettingKey.TOOLS, workspace, channel),
                narrowed(SettingKey.MCP, workspace, channel),
                !value(SettingKey.JOIN_THREADS, workspace, channel)
                        .or(() -> Optional.ofNullable(defaults.get(SettingKey.JOIN_THREADS.word())))
                        .orElse("on")
                        .equals("off"),
                value(SettingKey.QUIET, workspace, channel)
                        .or(() -> Optional.ofNullable(defaults.get(SettingKey.QUIET.word())))
                        .map(QuietHours::parse),
                sources);
    }

    private static Optional<String> value(SettingKey key, Map<String, String> workspace, Map<String, String> channel) {
        return Optional.ofNullable(channel.getOrDefault(key.word(), workspace.get(key.word())));
    }

    /** A list setting: the channel's, within the workspace's. */
    private static Optional<Set<String>> narrowed(
            SettingKey key, Map<String, String> workspace, Map<String, String> channel) {
        Optional<Set<String>> wide =
                Optional.ofNullable(workspace.get(key.word())).map(ConversationSettings::list);
        Optional<Set<String>> own = Optional.ofNullable(channel.get(key.word())).map(ConversationSettings::list);
        if (own.isEmpty()) {
            return wide;
        }
        if (wide.isEmpty()) {
            return own;
        }
        Set<String> both = new TreeSet<>(own.get());
        both.retainAll(wide.get());
        return Optional.of(both);
    }

    static Set<String> list(String value) {
        return Arrays.stream(value.split("[,\\s]+"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String unquoted(String text) {
        String t = text.strip();
        if (t.length() >= 2) {
            char first = t.charAt(0);
            char last = t.charAt(t.length() - 1);
            if ((first == '"' && last == '"') || (first == '“' && last == '”') || (first == '\'' && last == '\'')) {
                return t.substring(1, t.length() - 1).strip();
            }
        }
        return t;
    }
}
