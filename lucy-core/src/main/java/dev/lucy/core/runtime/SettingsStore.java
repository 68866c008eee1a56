package dev.lucy.core.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings people chose for a workspace or one of its channels (what Lucy's {@code /lucy config} sets), as text keyed
 * by name, with every change kept as an audit record: who, when, where, which key, the value before and after. What
 * the keys and values mean is the application's business; the store keeps strings.
 *
 * <p>Thread safe, possibly blocking. {@link #write} is atomic: of two people changing one key at once, each change's
 * {@code before} is the value the other left, and both are in the history. The default, {@link #inMemory}, keeps
 * them in this process; lucy-store keeps them in SQLite or PostgreSQL, shared by replicas.
 */
public interface SettingsStore {

    /** The settings of {@code scope}, by key; empty when nobody set any. */
    Map<String, String> read(Scope scope);

    /**
     * Sets {@code key} of {@code scope} to {@code value}, or removes it when {@code value} is empty, and records the
     * change made by {@code changedBy} at {@code at}. Returns the change; when the key already had that value,
     * nothing is written or recorded and the change's {@code before} equals its {@code after}.
     */
    Change write(Scope scope, String key, Optional<String> value, String changedBy, Instant at);

    /** The latest {@code limit} changes in {@code workspaceId} (every scope of it), newest first. */
    List<Change> history(String workspaceId, int limit);

    /** Kept in this process, lost at exit. */
    static SettingsStore inMemory() {
        return new InMemorySettingsStore();
    }

    /**
     * Where settings apply: a whole workspace ({@code channelId} empty) or one channel of it.
     *
     * @param workspaceId the workspace (Slack team) id
     * @param channelId the channel's id, or empty for the workspace itself
     */
    record Scope(String workspaceId, String channelId) {
        public Scope {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(channelId, "channelId");
            if (workspaceId.isBlank()) {
                throw new IllegalArgumentException("workspaceId must not be blank");
            }
        }

        public static Scope workspace(String workspaceId) {
            return new Scope(workspaceId, "");
        }

        public static Scope channel(String workspaceId, String channelId) {
            if (channelId.isBlank()) {
                throw new IllegalArgumentException("channelId must not be blank");
            }
            return new Scope(workspaceId, channelId);
        }

        /** Whether this is the workspace-wide scope. */
        public boolean isWorkspace() {
            return channelId.isEmpty();
        }
    }

    /** One change of one setting, as the audit keeps it. */
    record Change(
            Scope scope, String key, Optional<String> before, Optional<String> after, String changedBy, Instant at) {
        public Change {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(changedBy, "changedBy");
            Objects.requireNonNull(at, "at");
        }

        /** Whether the value changed at all. */
        public boolean changed() {
            return !before.equals(after);
        }
    }
}
