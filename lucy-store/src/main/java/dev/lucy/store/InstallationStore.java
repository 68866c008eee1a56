package dev.lucy.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where Lucy keeps the Slack workspaces it is installed in, and which workspace each channel and person it has heard
 * from belongs to (so a call about a channel goes out with that workspace's token). Default: {@link #inMemory()}; on
 * a database, {@link JdbcInstallationStore}, which seals the tokens at rest.
 *
 * <p>Implementations are thread safe; methods block. Never null.
 */
public interface InstallationStore {
    /** The installation in {@code workspaceId}, if Lucy is installed there. */
    Optional<Installation> find(String workspaceId);

    /** Adds or replaces the installation of its workspace (a new install, a reinstall or a rotated token). */
    void save(Installation installation);

    /**
     * Forgets the workspace: its installation and where its channels and people are. Returns whether it was
     * installed.
     */
    boolean delete(String workspaceId);

    /** Every installation, in no particular order. */
    List<Installation> all();

    /** Remembers that a channel or person ({@code slackId}) belongs to {@code workspaceId}. */
    void place(String slackId, String workspaceId);

    /** The workspace a channel or person was {@linkplain #place placed} in. */
    Optional<String> workspaceOf(String slackId);

    /** Keeps an install link's {@code state} until {@code expiresAt}. */
    void issueState(String state, Instant expiresAt);

    /** Uses up {@code state}: true once, when it was issued and has not expired at {@code now}. */
    boolean consumeState(String state, Instant now);

    /** A store in this process's memory: gone at a restart, not shared by replicas. */
    static InstallationStore inMemory() {
        return new InMemory();
    }

    /** {@link #inMemory()}. */
    final class InMemory implements InstallationStore {
        private final Map<String, Installation> installations = new ConcurrentHashMap<>();
        private final Map<String, String> placements = new ConcurrentHashMap<>();
        private final Map<String, Instant> states = new ConcurrentHashMap<>();

        private InMemory() {}

        @Override
        public Optional<Installation> find(String workspaceId) {
            return Optional.ofNullable(installations.get(Objects.requireNonNull(workspaceId, "workspaceId")));
        }

        @Override
        public void save(Installation installation) {
            installations.put(installation.workspaceId(), installation);
        }

        @Override
        public boolean delete(String workspaceId) {
            placements.values().removeIf(workspaceId::equals);
            return installations.remove(workspaceId) != null;
        }

        @Override
        public List<Installation> all() {
            return List.copyOf(installations.values());
        }

        @Override
        public void place(String slackId, String workspaceId) {
            placements.put(
                    Objects.requireNonNull(slackId, "slackId"), Objects.requireNonNull(workspaceId, "workspaceId"));
        }

        @Override
        public Optional<String> workspaceOf(String slackId) {
            return Optional.ofNullable(placements.get(slackId));
        }

        @Override
        public void issueState(String state, Instant expiresAt) {
            states.put(Objects.requireNonNull(state, "state"), Objects.requireNonNull(expiresAt, "expiresAt"));
        }

        @Override
        public boolean consumeState(String state, Instant now) {
            Instant expires = state == null ? null : states.remove(state);
            states.values().removeIf(now::isAfter);
            return expires != null && now.isBefore(expires);
        }
    }
}
