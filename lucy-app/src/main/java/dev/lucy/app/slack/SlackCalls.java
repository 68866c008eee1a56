package dev.lucy.app.slack;

import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import dev.lucy.core.Check;
import dev.lucy.core.LucyException;
import dev.lucy.core.Sleeper;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Runs one Web API call with Slack's retry rules: HTTP 429 waits {@code Retry-After} and tries again; an I/O
 * failure or a transient Slack error ({@code internal_error}, {@code service_unavailable}...) backs off and tries
 * again; anything else is Slack's answer and is not retried. Bounded: after {@code maxAttempts} tries, or when
 * Slack asks to wait longer than {@code maxRetryAfter}, the call fails with a {@link LucyException} naming the
 * method and Slack's error, never the token. Thread safe (stateless apart from its settings).
 */
final class SlackCalls {
    static final int DEFAULT_MAX_ATTEMPTS = 5;
    static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);
    static final Duration DEFAULT_BACKOFF = Duration.ofMillis(500);

    /** Errors Slack answers with {@code ok:false} that pass by themselves. */
    private static final Set<String> TRANSIENT_ERRORS =
            Set.of("ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout");

    private final int maxAttempts;
    private final Duration maxRetryAfter;
    private final Duration backoff;
    private final Sleeper sleeper;

    SlackCalls(int maxAttempts, Duration maxRetryAfter, Duration backoff, Sleeper sleeper) {
        this.maxAttempts = Check.atLeast(maxAttempts, 1, "maxAttempts");
        this.maxRetryAfter = Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    static SlackCalls defaults() {
        return new SlackCalls(DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_RETRY_AFTER, DEFAULT_BACKOFF, Sleeper.system());
    }

    Sleeper sleeper() {
        return sleeper;
    }

    /** One Web API call as the SDK makes it. */
    @FunctionalInterface
    interface Call<T extends SlackApiTextResponse> {
        T run() throws IOException, SlackApiException;
    }

    /**
     * Runs {@code call} until Slack answers; returns the answer when it is {@code ok} or its error is one of
     * {@code accepted} (such as {@code already_reacted}), and throws otherwise.
     */
    <T extends SlackApiTextResponse> T run(String method, Set<String> accepted, Call<T> call) {
        String lastProblem = "no answer";
        Throwable lastCause = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Duration wait;
            try {
                T response = call.run();
                if (response.isOk() || accepted.contains(response.getError())) {
                    return response;
                }
                String error = String.valueOf(response.getError());
                if (!TRANSIENT_ERRORS.contains(error)) {
                    throw LucyException.permanent("Slack " + method + " failed: " + error);
                }
                lastProblem = error;
                lastCause = null;
                wait = backoff(attempt);
            } catch (SlackApiException e) {
                int status = e.getResponse() == null ? 0 : e.getResponse().code();
                if (status == 429) {
                    wait = retryAfter(e);
                    lastProblem = "rate limited (HTTP 429)";
                    if (wait.compareTo(maxRetryAfter) > 0) {
                        throw new LucyException(
                                "Slack " + method + " is rate limited for " + wait.toSeconds()
                                        + " s, longer than Lucy waits (" + maxRetryAfter.toSeconds() + " s)",
                                true,
                                e);
                    }
                } else if (status >= 500) {
                    wait = backoff(attempt);
                    lastProblem = "HTTP " + status;
                } else {
                    throw new LucyException("Slack " + method + " failed: HTTP " + status, false, e);
                }
                lastCause = e;
            } catch (IOException e) {
                // A post whose answer was lost may show twice after a retry; losing the answer would be worse.
                wait = backoff(attempt);
                lastProblem = "Slack could not be reached (" + e.getClass().getSimpleName() + ")";
                lastCause = e;
            }
            if (attempt < maxAttempts) {
                sleep(method, wait);
            }
        }
        throw new LucyException(
                "Slack " + method + " failed after " + maxAttempts + " attempts: " + lastProblem, true, lastCause);
    }

    void sleep(String method, Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LucyException("Slack " + method + " was interrupted while waiting", false, e);
        }
    }

    private Duration backoff(int attempt) {
        return backoff.multipliedBy(1L << Math.min(attempt - 1, 6));
    }

    private static Duration retryAfter(SlackApiException e) {
        String header = e.getResponse().header("Retry-After");
        if (header != null) {
            try {
                return Duration.ofSeconds(Math.max(1, Long.parseLong(header.trim())));
            } catch (NumberFormatException ignored) {
                // fall through to Slack's usual minute-window default
            }
        }
        return Duration.ofSeconds(1);
    }
}
