package dev.lucy.core.runtime;

/**
 * Does the work of one agent run: typically runs the agent and posts its answer through the conversation port.
 *
 * <p>Called on its own virtual thread, at most once at a time per conversation. Blocks until the answer is
 * delivered. Cancellation interrupts the thread: a handler returns promptly when interrupted. A handler that
 * throws has failed: the runtime tells the user in plain words and records the failure.
 */
@FunctionalInterface
public interface RunHandler {
    void handle(RunRequest request);
}
