package dev.lucy.bench.baseline;

/**
 * One side of the comparison: an agent that answers a person's message in a conversation, calling tools as the
 * model asks. Implementations are thread safe; {@link #answer} blocks (run it on a virtual thread).
 */
public interface TaskAgent extends AutoCloseable {

    /** A short name for reports, such as {@code lucy} or {@code langchain4j}. */
    String name();

    /**
     * Runs the agent on {@code message} in the conversation {@code conversationId} and returns its answer.
     *
     * @throws Exception when the agent gave no answer (the scenario counts it as a failure)
     */
    String answer(String conversationId, String message) throws Exception;

    /** Forgets what the agent kept about a finished conversation, so long runs do not grow. */
    default void forget(String conversationId) {}

    @Override
    default void close() {}
}
