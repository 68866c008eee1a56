package dev.lucy.tools;

import dev.lucy.core.Caller;
import dev.lucy.tools.spi.ConnectionResolver;
import dev.lucy.tools.spi.ConnectionStore;
import dev.lucy.tools.spi.ConnectionStore.Connection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A {@link ConnectionResolver} over a {@link ConnectionStore}: providers connected for a whole workspace or for one
 * user, a connect link built from a template, and listeners told when a workspace's connections change (the tool
 * catalogue cache invalidates on them). Built-in tools ({@link Tool#BUILT_IN_PROVIDER}) are always connected.
 *
 * <p>Answers come from a copy in memory, so {@link #status} never blocks: it is asked on every retrieval. Changes
 * made here are written to the store first. Changes other processes made to the store arrive with {@link
 * #refresh()}, which whoever runs the process calls now and then (lucy-app: every few seconds). Thread safe.
 */
public final class Connections implements ConnectionResolver {
    private final ConnectionStore store;
    private final BiFunction<Caller, String, String> connectUrl;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Set<Key> connected;

    private Connections(ConnectionStore store, BiFunction<Caller, String, String> connectUrl) {
        this.store = store;
        this.connectUrl = connectUrl;
        this.connected = keys(store.all());
    }

    /**
     * Connections in this process's memory, whose connect link comes from {@code connectUrl} (given the caller and
     * the provider), for example {@code (caller, provider) -> "https://lucy.example.com/connect/" + provider +
     * "?team=" + caller.workspaceId()}.
     */
    public static Connections withConnectUrl(BiFunction<Caller, String, String> connectUrl) {
        return stored(ConnectionStore.inMemory(), connectUrl);
    }

    /** Connections kept in {@code store}, read from it now; the connect link comes from {@code connectUrl}. */
    public static Connections stored(ConnectionStore store, BiFunction<Caller, String, String> connectUrl) {
        return new Connections(
                Objects.requireNonNull(store, "store"), Objects.requireNonNull(connectUrl, "connectUrl"));
    }

    /** Connects {@code provider} for everyone in the workspace. */
    public void connectWorkspace(String workspaceId, String provider) {
        connect(Connection.workspace(workspaceId, provider));
    }

    /** Connects {@code provider} for one user of the workspace. */
    public void connectUser(String workspaceId, String userId, String provider) {
        connect(Connection.user(workspaceId, userId, provider));
    }

    private void connect(Connection connection) {
        Key key = Key.of(connection);
        boolean added;
        lock.lock();
        try {
            store.connect(connection);
            added = !connected.contains(key);
            if (added) {
                Set<Key> next = new HashSet<>(connected);
                next.add(key);
                connected = Set.copyOf(next);
            }
        } finally {
            lock.unlock();
        }
        if (added) {
            changed(connection.workspaceId());
        }
    }

    /** Disconnects {@code provider} for the whole workspace, users included. */
    public void disconnect(String workspaceId, String provider) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(provider, "provider");
        boolean removed;
        lock.lock();
        try {
            store.disconnect(workspaceId, provider);
            Set<Key> next = new HashSet<>(connected);
            removed = next.removeIf(k -> k.workspaceId.equals(workspaceId) && k.provider.equals(provider));
            if (removed) {
                connected = Set.copyOf(next);
            }
        } finally {
            lock.unlock();
        }
        if (removed) {
            changed(workspaceId);
        }
    }

    /**
     * Reads the store again, so connections made or removed by other processes hold here too, and tells the
     * listeners about every workspace whose connections changed. Blocks on the store.
     *
     * @return how many workspaces' connections changed
     */
    public int refresh() {
        Set<String> changed = new TreeSet<>();
        lock.lock();
        try {
            Set<Key> next = keys(store.all());
            Set<Key> before = connected;
            for (Key key : next) {
                if (!before.contains(key)) {
                    changed.add(key.workspaceId);
                }
            }
            for (Key key : before) {
                if (!next.contains(key)) {
                    changed.add(key.workspaceId);
                }
            }
            connected = next;
        } finally {
            lock.unlock();
        }
        changed.forEach(this::changed);
        return changed.size();
    }

    /** Calls {@code listener} with the workspace id whenever that workspace's connections change. */
    public void onChange(Consumer<String> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public Status status(Caller caller, String provider) {
        Set<Key> now = connected;
        if (provider.equals(Tool.BUILT_IN_PROVIDER)
                || now.contains(new Key(caller.workspaceId(), WHOLE_WORKSPACE, provider))
                || now.contains(new Key(caller.workspaceId(), caller.userId(), provider))) {
            return Status.CONNECTED;
        }
        return new Missing(provider, connectUrl.apply(caller, provider));
    }

    private void changed(String workspaceId) {
        listeners.forEach(l -> l.accept(workspaceId));
    }

    private static Set<Key> keys(Set<Connection> connections) {
        Set<Key> keys = new HashSet<>();
        for (Connection c : connections) {
            keys.add(Key.of(c));
        }
        return Set.copyOf(keys);
    }

    /** The user id of a connection for the whole workspace; no Slack user id is empty. */
    private static final String WHOLE_WORKSPACE = "";

    private record Key(String workspaceId, String userId, String provider) {
        static Key of(Connection c) {
            return new Key(c.workspaceId(), c.userId().orElse(WHOLE_WORKSPACE), c.provider());
        }
    }
}
