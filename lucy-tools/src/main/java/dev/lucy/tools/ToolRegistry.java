package dev.lucy.tools;

import dev.lucy.core.model.ToolNames;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * All tools Lucy knows, by name, with their usage statistics: the capability index.
 *
 * <p>Thread safe. Registering a tool under a name already taken replaces it (a provider refreshed its catalogue).
 * Listeners (the retrieval index) hear about every change, on the registering thread.
 */
public final class ToolRegistry {
    private final Map<String, Tool> tools = new ConcurrentHashMap<>();
    private final UsageStatistics usage = new UsageStatistics();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Hears about tools coming and going. */
    public interface Listener {
        void added(Tool tool);

        void removed(Tool tool);
    }

    public ToolRegistry register(Tool tool) {
        Objects.requireNonNull(tool, "tool");
        Tool previous = tools.put(tool.name(), tool);
        if (previous != null) {
            listeners.forEach(l -> l.removed(previous));
        }
        listeners.forEach(l -> l.added(tool));
        return this;
    }

    public ToolRegistry registerAll(Collection<Tool> newTools) {
        newTools.forEach(this::register);
        return this;
    }

    /** Removes a tool; calls to it are answered as unknown from then on. */
    public boolean unregister(String name) {
        Tool removed = tools.remove(name);
        if (removed != null) {
            listeners.forEach(l -> l.removed(removed));
        }
        return removed != null;
    }

    public Optional<Tool> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    /** Every tool, in name order. */
    public List<Tool> tools() {
        return tools.values().stream().sorted(Comparator.comparing(Tool::name)).toList();
    }

    public int size() {
        return tools.size();
    }

    /** Adds a listener and tells it about every tool registered so far. */
    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        tools.values().forEach(listener::added);
    }

    public UsageStatistics usage() {
        return usage;
    }

    /** The capability index: every tool with what it needs and how it has fared, in name order. */
    public List<Capability> capabilities() {
        return tools().stream()
                .map(t -> new Capability(
                        t.name(), t.provider(), t.scopes(), t.tags(), t.sideEffect(), usage.usage(t.name())))
                .toList();
    }

    /** Up to {@code limit} registered names closest to {@code name}, for "did you mean" answers to the model. */
    public List<String> closestNames(String name, int limit) {
        return ToolNames.closest(name, tools.keySet(), limit);
    }
}
