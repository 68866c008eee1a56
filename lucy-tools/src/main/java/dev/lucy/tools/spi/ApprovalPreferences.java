package dev.lucy.tools.spi;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "Always allow this tool here": the tools a workspace lets run without asking each time. Blocks; thread safe;
 * {@link #inMemory()} is the default; {@code dev.lucy.store.JdbcApprovalPreferences} (lucy-store) keeps them in SQLite or
 * PostgreSQL.
 */
public interface ApprovalPreferences {

    boolean alwaysAllowed(String workspaceId, String tool);

    void allowAlways(String workspaceId, String tool);

    static ApprovalPreferences inMemory() {
        return new ApprovalPreferences() {
            private final Set<String> allowed = ConcurrentHashMap.newKeySet();

            @Override
            public boolean alwaysAllowed(String workspaceId, String tool) {
                return allowed.contains(workspaceId + "\u0000" + tool);
            }

            @Override
            public void allowAlways(String workspaceId, String tool) {
                allowed.add(workspaceId + "\u0000" + tool);
            }
        };
    }
}
