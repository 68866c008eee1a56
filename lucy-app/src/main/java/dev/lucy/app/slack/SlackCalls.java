package dev.lucy.app.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import dev.lucy.core.Check;
import dev.lucy.core.LucyException;
import dev.lucy.core.Sleeper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Runs one Web API call with Slack's retry rules: HTTP 429 waits {@code Retry-After} and tries again; an I/O
 * failure or a transient Slack error ({@code internal_error}, {@code service_unavailable}...) backs off and tries
 * again; anything else is Slack's answer and is not retried. Bounded: after {@code maxAttempts} tries, or when
 * Slack asks to wait longer than {@code maxRetryAfter}, the call fails with a {@link LucyException} naming the
 * method and Slack's error, never the token.
 *
 * <p>A 429 holds its method in its workspace (per channel for {@code chat.postMessage}, as Slack counts it) until its
 * {@code Retry-After} has passed, for every caller: a call that starts meanwhile waits it out first, or fails at once when
 * it is not worth waiting for, so no call reaches Slack before the time Slack gave. Thread safe.
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
    private final Limited rateLimited;
    private final Function<String, String> workspaceOf;
    private final InstantSource clock;
    /** Per workspace and method (and channel, for posts), the time before which Slack asked for no call. */
    private final Map<String, Instant> heldUntil = new ConcurrentHashMap<>();

    SlackCalls(int maxAttempts, Duration maxRetryAfter, Duration backoff, Sleeper sleeper) {
        this(maxAttempts, maxRetryAfter, backoff, sleeper, InstantSource.system(), (workspace, method, wait) -> {});
    }

    /** Hears of a 429: the workspace (empty when not known) and method Slack limited, and how long it asked to wait. */
    @FunctionalInterface
    interface Limited {
        void limited(String workspace, String method, Duration retryAfter);
    }

    /**
     * Asked before every try of a paced call, once any 429's hold has passed: zero when the call may go now (and it is
     * counted as gone), else how long to wait before asking again. See {@link SlackBudgets#go}.
     */
    @FunctionalInterface
    interface Gate {
        Duration go();

        /** Every call may go. */
        Gate OPEN = () -> Duration.ZERO;
    }

    /**
     * As above, with the time a 429's hold is counted on (the one {@code sleeper} waits on); {@code rateLimited}
     * hears of every 429 and how long Slack asked to wait. Every call counts in one workspace.
     */
    SlackCalls(
            int maxAttempts,
            Duration maxRetryAfter,
            Duration backoff,
            Sleeper sleeper,
            InstantSource clock,
            Limited rateLimited) {
        this(maxAttempts, maxRetryAfter, backoff, sleeper, clock, rateLimited, subject -> "");
    }

    /**
     * As above; {@code workspaceOf} names the workspace of what a call is about (its channel, person or file, see
     * {@link WorkspaceTokens#subject}), empty when not known, so that a 429 holds the method in that workspace only.
     */
    SlackCalls(
            int maxAttempts,
            Duration maxRetryAfter,
            Duration backoff,
            Sleeper sleeper,
            InstantSource clock,
            Limited rateLimited,
            Function<String, String> workspaceOf) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rateLimited = Objects.requireNonNull(rateLimited, "rateLimited");
        this.workspaceOf = Objects.requireNonNull(workspaceOf, "workspaceOf");
        this.maxAttempts = Check.atLeast(maxAttempts, 1, "maxAttempts");
        this.maxRetryAfter = Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** These calls' settings, with a 429 held in the workspace {@code workspaceOf} names for a call's subject. */
    SlackCalls inWorkspaces(Function<String, String> workspaceOf) {
        return new SlackCalls(maxAttempts, maxRetryAfter, backoff, sleeper, clock, rateLimited, workspaceOf);
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
     * Runs {@code call} through the SDK until Slack answers; returns the answer when it is {@code ok} or its error is
     * one of {@code accepted} (such as {@code already_reacted}), and throws otherwise.
     */
    <T extends SlackApiTextResponse> T run(String method, Set<String> accepted, Call<T> call) {
        return run("", method, accepted, call);
    }

    /** As {@link #run(String, Set, Call)}, for a call about {@code subject} (a channel, person or file), held in its workspace. */
    <T extends SlackApiTextResponse> T run(String subject, String method, Set<String> accepted, Call<T> call) {
        return retrying(workspaceOf(subject), method, method, accepted, true, Gate.OPEN, () -> {
            try {
                T response = call.run();
                return new Attempt<>(200, Optional.empty(), response, response.isOk(), response.getError(), null);
            } catch (SlackApiException e) {
                int status = e.getResponse() == null ? 0 : e.getResponse().code();
                Optional<Duration> retryAfter = Optional.ofNullable(
                                e.getResponse() == null ? null : e.getResponse().header("Retry-After"))
                        .flatMap(SlackCalls::seconds);
                return new Attempt<>(status, retryAfter, null, false, null, e);
            }
        });
    }

    /** Sends {@code body} to {@code method} through Lucy's own client, with the same rules as {@link #run}. */
    SlackWebApi.Reply call(SlackWebApi web, String method, Set<String> accepted, ObjectNode body) {
        return call(web, method, accepted, body, true);
    }

    /**
     * As {@link #call(SlackWebApi, String, Set, ObjectNode)}; unless {@code patient}, a 429 is not waited out but
     * fails at once (for calls that are worth making only now).
     */
    SlackWebApi.Reply call(SlackWebApi web, String method, Set<String> accepted, ObjectNode body, boolean patient) {
        return call(web, method, accepted, body, patient, Gate.OPEN);
    }

    /** As {@link #call(SlackWebApi, String, Set, ObjectNode)}, patient, each try going only when {@code gate} says. */
    SlackWebApi.Reply call(SlackWebApi web, String method, Set<String> accepted, ObjectNode body, Gate gate) {
        return call(web, method, accepted, body, true, gate);
    }

    private SlackWebApi.Reply call(
            SlackWebApi web, String method, Set<String> accepted, ObjectNode body, boolean patient, Gate gate) {
        String workspace = workspaceOf(WorkspaceTokens.subject(body));
        String scope = method.equals("chat.postMessage")
                ? method + " " + body.path("channel").asText("")
                : method;
        return retrying(workspace, method, scope, accepted, patient, gate, () -> {
            try {
                SlackWebApi.Reply reply = web.call(method, body);
                return new Attempt<>(reply.status(), reply.retryAfter(), reply, reply.ok(), reply.error(), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LucyException("Slack " + method + " was interrupted", false, e);
            }
        });
    }

    /** What one try came to: Slack's answer (status 200) or the HTTP status it refused with. */
    private record Attempt<T>(
            int status, Optional<Duration> retryAfter, T answer, boolean ok, String error, Throwable cause) {}

    @FunctionalInterface
    private interface Try<T> {
        Attempt<T> run() throws IOException;
    }

    /** The workspace of a call about {@code subject}, empty when not known. */
    String workspaceOf(String subject) {
        return subject.isEmpty() ? "" : Objects.requireNonNullElse(workspaceOf.apply(subject), "");
    }

    private <T> T retrying(
            String workspace,
            String method,
            String scope,
            Set<String> accepted,
            boolean patient,
            Gate gate,
            Try<T> once) {
        String held = workspace + " " + scope;
        String lastProblem = "no answer";
        Throwable lastCause = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            // before every try: another call's 429 may have come while this one waited
            waitForHold(method, held, patient);
            for (Duration turn = gate.go(); turn.isPositive(); turn = gate.go()) {
                sleep(method, turn);
            }
            Duration wait;
            try {
                Attempt<T> result = once.run();
                int status = result.status();
                if (status == 200) {
                    if (result.ok() || accepted.contains(result.error())) {
                        return result.answer();
                    }
                    String error = String.valueOf(result.error());
                    if (!TRANSIENT_ERRORS.contains(error)) {
                        throw LucyException.permanent("Slack " + method + " failed: " + error);
                    }
                    lastProblem = error;
                    lastCause = null;
                    wait = backoff(attempt);
                } else if (status == 429) {
                    wait = result.retryAfter().orElse(Duration.ofSeconds(1));
                    lastProblem = "rate limited (HTTP 429)";
                    rateLimited.limited(workspace, method, wait);
                    hold(held, wait);
                    if (!patient || wait.compareTo(maxRetryAfter) > 0) {
                        throw new LucyException(
                                "Slack " + method + " is rate limited for " + wait.toSeconds() + " s"
                                        + (patient
                                                ? ", longer than Lucy waits (" + maxRetryAfter.toSeconds() + " s)"
                                                : ""),
                                true,
                                result.cause());
                    }
                    lastCause = result.cause();
                } else if (status >= 500) {
                    wait = backoff(attempt);
                    lastProblem = "HTTP " + status;
                    lastCause = result.cause();
                } else {
                    throw new LucyException("Slack " + method + " failed: HTTP " + status, false, result.cause());
                }
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

    private void hold(String scope, Duration wait) {
        heldUntil.merge(scope, clock.instant().plus(wait), (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Waits out (or, unless {@code patient}, refuses) what is left of a 429 another call of the scope was given. */
    private void waitForHold(String method, String scope, boolean patient) {
        Instant until = heldUntil.get(scope);
        if (until == null) {
            return;
        }
        Duration wait = Duration.between(clock.instant(), until);
        if (!wait.isPositive()) {
            heldUntil.remove(scope, until);
            return;
        }
        if (!patient || wait.compareTo(maxRetryAfter) > 0) {
            throw new LucyException(
                    "Slack " + method + " is rate limited for another " + Math.max(1, wait.toSeconds()) + " s",
                    true,
                    null);
        }
        sleep(method, wait);
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

    private static Optional<Duration> seconds(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(1, Long.parseLong(header.trim()))));
        } catch (NumberFormatException e) {
            return Optional.empty(); // Slack's usual default below
        }
    }
}
