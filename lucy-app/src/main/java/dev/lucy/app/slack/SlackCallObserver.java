package dev.lucy.app.slack;

import java.time.Duration;

/**
 * Hears about every HTTP request Lucy sends to Slack's Web API, each retry being a request of its own, for metrics.
 * Called on the thread that sent the request once Slack's answer (or the failure to get one) is known; must be
 * quick and must not throw. The default, {@link #ignoring()}, does nothing.
 */
@FunctionalInterface
public interface SlackCallObserver {

    /** What came of one request. */
    enum Result {
        /** Slack answered {@code ok}. */
        OK,
        /** Slack answered, with {@code "ok":false} and an error such as {@code channel_not_found}. */
        SLACK_ERROR,
        /** HTTP 429: Slack asked Lucy to wait. */
        RATE_LIMITED,
        /** HTTP 5xx. */
        SERVER_ERROR,
        /** Another HTTP status that is not a success. */
        CLIENT_ERROR,
        /** No answer: the connection failed or timed out. */
        UNREACHABLE
    }

    /**
     * One request to the Web API.
     *
     * @param method the Web API method, such as {@code chat.postMessage}
     * @param took from sending the request until Slack's answer began to arrive
     */
    void webApiCall(String method, Result outcome, Duration took);

    /**
     * A call Lucy left out because Slack's limit on {@code method} was short and the call was not an answer (see
     * {@code SlackBudgets}). The default does nothing.
     *
     * @param priority {@code sign}, {@code progress} or {@code cosmetic}
     */
    default void leftOut(String method, String priority) {}

    /** An observer that does nothing. */
    static SlackCallObserver ignoring() {
        return (method, outcome, took) -> {};
    }
}
