package dev.lucy.core.agent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event it hears, in arrival order. */
final class RecordingObserver implements AgentObserver {
    private final List<AgentEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void on(AgentEvent event) {
        events.add(event);
    }

    List<AgentEvent> events() {
        return List.copyOf(events);
    }

    <T extends AgentEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
