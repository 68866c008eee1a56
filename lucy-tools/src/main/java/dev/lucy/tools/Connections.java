package dev.lucy.tools;

import dev.lucy.core.Caller;
import dev.lucy.tools.spi.ConnectionResolver;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * An in-memory {@link ConnectionResolver}: providers connected for a whole workspace or for one user, a connect
 * link built from a template, and listeners told when a workspace's connections change (the tool catalogue cache
 * invalidates on them). Thread safe. Built-in tools ({@link Tool#BUILT_IN_PROVIDER}) are always connected.
 */
public final class Connections implements ConnectionResolver {
    private final Set<String> connected = ConcurrentHashMap.newKeySet();
    private final BiFunction<Caller, String, String> connectUrl;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    private Connections(BiFunction<Caller, String, String> connectUrl) {
        this.connectUrl = connectUrl;
    }

    /**
     * Connections whose connect link comes from {@code connectUrl} (given the caller and the provider), for example
     * {@code (caller, provider) -> "https://lucy.example.com/connect/" + provider + "?team=" +
     * caller.workspaceId()}.
     */
    public static Connections withConnectUrl(BiFunction<Caller, String, String> connectUrl) {
        return new Connections(Objects.requireNonNull(connectUrl, "connectUrl"));
    }

    /** Connects {@code provider} for everyone in the workspace. */
    public void connectWorkspace(String workspaceId, String provider) {
        if (connected.add(key(workspaceId, "*", provider))) {
            changed(workspaceId);
        }
    }

    /** Connects {@code provider} for one user of the workspace. */
    public void connectUser(String workspaceId, String userId, String provider) {
        if (connected.add(key(workspaceId, userId, provider))) {
            changed(workspaceId);
        }
    }

    /** Disconnects {@code provider} for the whole workspace, users included. */
    public void disconnect(String workspaceId, String provider) {
        if (connected.removeIf(k -> k.startsWith(workspaceId + "\u0000") && k.endsWith("\u0000" + provider))) {
            changed(workspaceId);
        }
    }

    /** Calls {@code listener} with the workspace id whenever that workspace's connections change. */
    public void onChange(Consumer<String> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public Status status(Caller caller, String provider) {
        if (provider.equals(Tool.BUILT_IN_PROVIDER)
                || connected.contains(key(caller.workspaceId(), "*", provider))
                || connected.contains(key(caller.workspaceId(), caller.userId(), provider))) {
            return Status.CONNECTED;
        }
        return new Missing(provider, connectUrl.apply(caller, provider));
    }

    private void changed(String workspaceId) {
        listeners.forEach(l -> l.accept(workspaceId));
    }

    private static String key(String workspaceId, String userId, String provider) {
        return workspaceId + "\u0000" + userId + "\u0000" + provider;
    }
}
