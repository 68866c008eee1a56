package dev.lucy.tools.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "Always allow this tool": the tools that run without asking, for a whole workspace (chosen by one of its admins)
 * or for one person's own calls (chosen by that person). The {@link dev.lucy.tools.ApprovalGate} lets a call pass
 * when either its workspace's or its person's scope allows the tool. Blocks; thread safe; {@link #inMemory()} is
 * the default; {@code dev.lucy.store.JdbcApprovalPreferences} (lucy-store) keeps them in SQLite or PostgreSQL.
 */
public interface ApprovalPreferences {

    /** Whether {@code tool} runs without asking in exactly {@code scope} (a person's scope does not include the workspace's). */
    boolean alwaysAllowed(Scope scope, String tool);

    /** Remembers that {@code tool} runs without asking in {@code scope}; choosing it again is harmless. */
    void allowAlways(Scope scope, String tool);

    /** Whether the whole workspace always allows {@code tool}. */
    default boolean alwaysAllowed(String workspaceId, String tool) {
        return alwaysAllowed(Scope.workspace(workspaceId), tool);
    }

    /** Lets {@code tool} run without asking for everyone in the workspace. */
    default void allowAlways(String workspaceId, String tool) {
        allowAlways(Scope.workspace(workspaceId), tool);
    }

    /**
     * For whom an "always allow" holds: every person in a workspace, or one person's own calls there.
     *
     * @param workspaceId the workspace
     * @param userId the person, or empty for the whole workspace
     */
    record Scope(String workspaceId, Optional<String> userId) {
        public Scope {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(userId, "userId");
            if (userId.isPresent() && userId.get().isBlank()) {
                throw new IllegalArgumentException("userId must name a person when present");
            }
        }

        /** Everyone in the workspace. */
        public static Scope workspace(String workspaceId) {
            return new Scope(workspaceId, Optional.empty());
        }

        /** One person's own calls in the workspace. */
        public static Scope person(String workspaceId, String userId) {
            return new Scope(workspaceId, Optional.of(Objects.requireNonNull(userId, "userId")));
        }

        public boolean wholeWorkspace() {
            return userId.isEmpty();
        }
    }

    static ApprovalPreferences inMemory() {
        return new ApprovalPreferences() {
            private final Set<String> allowed = ConcurrentHashMap.newKeySet();

            @Override
            public boolean alwaysAllowed(Scope scope, String tool) {
                return allowed.contains(key(scope, tool));
            }

            @Override
            public void allowAlways(Scope scope, String tool) {
                allowed.add(key(scope, tool));
            }

            private static String key(Scope scope, String tool) {
                return scope.workspaceId() + "\u0000" + scope.userId().orElse("") + "\u0000" + tool;
            }
        };
    }
}
