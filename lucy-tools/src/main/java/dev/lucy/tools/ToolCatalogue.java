package dev.lucy.tools;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.lucy.core.Caller;
import dev.lucy.tools.spi.ConnectionResolver;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * What each workspace (and user) can use right now: the providers they have connected, cached in Caffeine so a
 * retrieval does not ask the {@link ConnectionResolver} about every provider on every message.
 *
 * <p>Entries live for {@code ttl}, are refreshed in the background after {@code refreshAfter} (the stale value is
 * served meanwhile), and are dropped at once when {@link #invalidate(String)} says a workspace's connections changed.
 * Thread safe. {@link #hitRatio()} reports the cache's hit ratio (SLO: 80%).
 */
public final class ToolCatalogue {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(120);
    public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(10);

    private final ToolRegistry registry;
    private final ConnectionResolver connections;
    private final LoadingCache<Key, Set<String>> connected;

    private record Key(String workspaceId, String userId) {}

    private ToolCatalogue(ToolRegistry registry, ConnectionResolver connections, Caffeine<Object, Object> cache) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.connected = cache.build(this::load);
    }

    /** A catalogue with the default TTL and refresh, on the system ticker and Caffeine's default executor. */
    public static ToolCatalogue create(ToolRegistry registry, ConnectionResolver connections) {
        return create(
                registry,
                connections,
                DEFAULT_TTL,
                DEFAULT_REFRESH,
                Ticker.systemTicker(),
                java.util.concurrent.ForkJoinPool.commonPool());
    }

    /** A catalogue with explicit timings, ticker (tests drive time) and refresh executor. */
    public static ToolCatalogue create(
            ToolRegistry registry,
            ConnectionResolver connections,
            Duration ttl,
            Duration refreshAfter,
            Ticker ticker,
            Executor executor) {
        if (refreshAfter.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException(
                    "refreshAfter (" + refreshAfter + ") must be shorter than ttl (" + ttl + ")");
        }
        return new ToolCatalogue(
                registry,
                connections,
                Caffeine.newBuilder()
                        .maximumSize(100_000)
                        .expireAfterWrite(ttl)
                        .refreshAfterWrite(refreshAfter)
                        .ticker(ticker)
                        .executor(executor)
                        .recordStats());
    }

    /** The providers the caller can use, built-in tools included. */
    public Set<String> connectedProviders(Caller caller) {
        return connected.get(new Key(caller.workspaceId(), caller.userId()));
    }

    /** Forgets what is cached for a workspace; call it when its connections change. */
    public void invalidate(String workspaceId) {
        connected.invalidateAll(connected.asMap().keySet().stream()
                .filter(k -> k.workspaceId().equals(workspaceId))
                .toList());
    }

    /** Forgets everything (the registry's providers changed). */
    public void invalidateAll() {
        connected.invalidateAll();
    }

    /** Share of lookups served from the cache since it was created. */
    public double hitRatio() {
        return connected.stats().hitRate();
    }

    public CacheStats stats() {
        return connected.stats();
    }

    private Set<String> load(Key key) {
        Caller caller = new Caller(key.workspaceId(), key.userId(), "catalogue");
        Set<String> providers = new LinkedHashSet<>();
        providers.add(Tool.BUILT_IN_PROVIDER);
        for (Tool tool : registry.tools()) {
            if (!providers.contains(tool.provider())
                    && connections.status(caller, tool.provider()) instanceof ConnectionResolver.Connected) {
                providers.add(tool.provider());
            }
        }
        return Set.copyOf(providers);
    }
}
