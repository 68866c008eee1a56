package dev.lucy.testkit.model;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How the server treats requests for one model name: a latency, a fault every request gets (the model is
 * down), a queue of turns and a script that take precedence over the server's own. Get one with
 * {@link ScriptedModelServer#model(String)}. Thread safe; changes apply to the next request.
 */
public final class ModelRules {
    private final String model;
    private final AtomicReference<Latency> latency = new AtomicReference<>();
    private final AtomicReference<Fault> fault = new AtomicReference<>();
    private final AtomicReference<Script> script = new AtomicReference<>();
    private final Queue<Turn> queue = new ConcurrentLinkedQueue<>();

    ModelRules(String model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    public String model() {
        return model;
    }

    /** Waits this long before answering requests for this model (a reply's own latency still wins). */
    public ModelRules latency(Latency newLatency) {
        latency.set(Objects.requireNonNull(newLatency, "latency"));
        return this;
    }

    /** Fails every request for this model with {@code newFault} until {@link #recover()}. */
    public ModelRules failWith(Fault newFault) {
        fault.set(Objects.requireNonNull(newFault, "fault"));
        return this;
    }

    /** Stops failing every request (see {@link #failWith(Fault)}). */
    public ModelRules recover() {
        fault.set(null);
        return this;
    }

    /** Answers the next requests for this model with these turns, in order, before the server's own queue. */
    public ModelRules enqueue(Turn... turns) {
        Arrays.stream(turns).map(turn -> Objects.requireNonNull(turn, "turn")).forEach(queue::add);
        return this;
    }

    /** Decides the answers for this model once its queue is empty. */
    public ModelRules script(Script newScript) {
        script.set(Objects.requireNonNull(newScript, "script"));
        return this;
    }

    /** Forgets this model's latency, fault, queue and script. */
    public ModelRules reset() {
        latency.set(null);
        fault.set(null);
        script.set(null);
        queue.clear();
        return this;
    }

    Optional<Latency> latency() {
        return Optional.ofNullable(latency.get());
    }

    Optional<Fault> fault() {
        return Optional.ofNullable(fault.get());
    }

    Optional<Turn> pollQueue() {
        return Optional.ofNullable(queue.poll());
    }

    Optional<Script> script() {
        return Optional.ofNullable(script.get());
    }
}
