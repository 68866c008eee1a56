package dev.lucy.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns what went wrong on the wire into a typed {@link ModelException}: HTTP statuses, provider error objects and
 * I/O failures. Every detail that may come from the provider is cut short and has the API key removed. Thread
 * safe.
 */
final class ErrorMapper {
    private static final int MAX_DETAIL = 300;
    private static final Duration MAX_RETRY_AFTER_HINT = Duration.ofDays(1);

    private static final List<String> CONTEXT_MARKERS = List.of(
            "context_length_exceeded",
            "context length",
            "context window",
            "maximum context",
            "context_window",
            "too many tokens",
            "prompt is too long",
            "input is too long",
            "reduce the length",
            "exceeds the context",
            "string_above_max_length");
    private static final List<String> FILTER_MARKERS = List.of(
            "content_filter",
            "content_policy",
            "content policy",
            "content management policy",
            "responsibleaipolicyviolation",
            "moderation",
            "flagged");

    private final ObjectMapper json;
    private final Optional<String> secret;
    private final Clock clock;

    ErrorMapper(ObjectMapper json, Optional<String> secret, Clock clock) {
        this.json = json;
        this.secret = secret;
        this.clock = clock;
    }

    /** The failure an HTTP status other than 2xx stands for. */
    ModelException fromStatus(String model, int status, Optional<Duration> retryAfter, String body) {
        ErrorBody error = parseBody(body);
        String detail = error.detail().isEmpty() ? "HTTP " + status : error.detail();
        String markers = (error.code() + " " + error.detail()).toLowerCase(Locale.ROOT);
        ModelFailure failure;
        if (status == 429) {
            failure = new ModelFailure.RateLimited(retryAfter);
        } else if (status == 401) {
            failure = new ModelFailure.AuthFailed(status);
        } else if (status == 408) {
            failure = new ModelFailure.TimedOut(Duration.ZERO);
        } else if (status >= 500) {
            failure = new ModelFailure.Overloaded(status);
        } else if (status == 413 || containsAny(markers, CONTEXT_MARKERS)) {
            failure = new ModelFailure.ContextTooLong(detail);
        } else if (containsAny(markers, FILTER_MARKERS)) {
            failure = new ModelFailure.ContentFiltered(detail);
        } else if (status == 402 || status == 403) {
            // 402: the account is out of credit; 403: the key may not use this model. Neither passes by itself.
            failure = new ModelFailure.AuthFailed(status);
        } else {
            failure = new ModelFailure.BadRequest(status, detail);
        }
        return new ModelException(model, failure, message(model, failure, "HTTP " + status + ": " + detail));
    }

    /**
     * The failure an error object stands for when the provider sent one inside a 200 answer or a stream.
     *
     * @param midStream whether answer text had already reached the listener (the failure is then a broken stream)
     */
    ModelException fromErrorObject(String model, JsonNode error, boolean midStream) {
        ErrorBody body = errorBody(error);
        String detail = body.detail().isEmpty() ? "the provider reported an error" : body.detail();
        String markers = (body.code() + " " + body.detail()).toLowerCase(Locale.ROOT);
        OptionalStatus status = OptionalStatus.of(body.code());
        ModelFailure failure;
        if (containsAny(markers, CONTEXT_MARKERS)) {
            failure = new ModelFailure.ContextTooLong(detail);
        } else if (containsAny(markers, FILTER_MARKERS)) {
            failure = new ModelFailure.ContentFiltered(detail);
        } else if (midStream) {
            // Part of the answer is already out: whatever the cause, the caller holds a broken stream.
            failure = new ModelFailure.StreamBroken(detail);
        } else if (status.present()) {
            return fromStatus(model, status.value(), Optional.empty(), error.toString());
        } else if (markers.contains("rate_limit") || markers.contains("rate limit")) {
            failure = new ModelFailure.RateLimited(Optional.empty());
        } else {
            failure = new ModelFailure.Overloaded(0);
        }
        return new ModelException(model, failure, message(model, failure, detail));
    }

    /** The failure an I/O problem stands for; {@code afterHeaders} says whether the answer had begun. */
    ModelException fromIo(String model, Throwable error, boolean afterHeaders, Duration timeout) {
        Throwable cause = unwrap(error);
        ModelFailure failure;
        if (cause instanceof HttpConnectTimeoutException) {
            failure = new ModelFailure.ConnectionFailed("connect timed out");
        } else if (cause instanceof HttpTimeoutException) {
            failure = new ModelFailure.TimedOut(timeout);
        } else if (afterHeaders) {
            failure = new ModelFailure.StreamBroken(describe(cause));
        } else {
            failure = new ModelFailure.ConnectionFailed(describe(cause));
        }
        return new ModelException(model, failure, message(model, failure, describe(cause)), cause);
    }

    String redact(String text) {
        if (secret.isEmpty() || secret.get().length() < 4) {
            return text;
        }
        return text.replace(secret.get(), "(redacted)");
    }

    private String describe(Throwable t) {
        String kind = t.getClass().getSimpleName();
        String msg = t.getMessage();
        return msg == null || msg.isBlank() ? kind : kind + ": " + shorten(redact(msg));
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof java.util.concurrent.CompletionException
                        || current instanceof java.util.concurrent.ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        // The JDK wraps the interesting cause of a failed connect in a plain IOException.
        if (current instanceof IOException
                && !(current instanceof HttpTimeoutException)
                && current.getCause() instanceof ConnectException) {
            return current.getCause();
        }
        return current;
    }

    private static String message(String model, ModelFailure failure, String detail) {
        return "model " + model + ": " + failure.getClass().getSimpleName() + " (" + detail + ")";
    }

    /**
     * The provider's wait hint: OpenAI's {@code retry-after-ms} when present (it is more precise), else the
     * standard {@code Retry-After}.
     */
    Optional<Duration> retryAfter(Optional<String> retryAfter, Optional<String> retryAfterMs) {
        if (retryAfterMs.isPresent()) {
            try {
                double ms = Double.parseDouble(retryAfterMs.get().strip());
                if (ms >= 0 && ms <= MAX_RETRY_AFTER_HINT.toMillis()) {
                    return Optional.of(Duration.ofNanos((long) (ms * 1_000_000)));
                }
            } catch (NumberFormatException ignored) {
                // fall back to Retry-After
            }
        }
        return retryAfter.flatMap(this::parseRetryAfter);
    }

    /** Seconds (possibly fractional) or an HTTP date, as RFC 9110 allows. */
    Optional<Duration> parseRetryAfter(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            double seconds = Double.parseDouble(v);
            if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                return Optional.empty();
            }
            Duration d =
                    Duration.ofMillis((long) Math.ceil(Math.min(seconds, MAX_RETRY_AFTER_HINT.toSeconds()) * 1000));
            return Optional.of(d);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration d = Duration.between(clock.instant(), at);
                if (d.isNegative()) {
                    d = Duration.ZERO;
                }
                return Optional.of(d.compareTo(MAX_RETRY_AFTER_HINT) > 0 ? MAX_RETRY_AFTER_HINT : d);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private ErrorBody parseBody(String body) {
        if (body == null || body.isBlank()) {
            return new ErrorBody("", "");
        }
        try {
            JsonNode root = json.readTree(body);
            if (root != null && root.isObject()) {
                if (root.has("error")) {
                    return errorBody(root.get("error"));
                }
                return errorBody(root);
            }
        } catch (IOException notJson) {
            // An HTML error page from a proxy, or plain text: keep a short, flattened preview.
        }
        return new ErrorBody("", shorten(redact(body.strip().replaceAll("\\s+", " "))));
    }

    private ErrorBody errorBody(JsonNode error) {
        if (error == null || error.isNull()) {
            return new ErrorBody("", "");
        }
        if (error.isTextual()) {
            return new ErrorBody("", shorten(redact(error.asText())));
        }
        String code = error.hasNonNull("code") ? error.get("code").asText() : "";
        if (code.isEmpty() && error.hasNonNull("type")) {
            code = error.get("type").asText();
        }
        String detail = "";
        for (String field : List.of("message", "detail", "error")) {
            if (error.hasNonNull(field)) {
                detail = error.get(field).isTextual()
                        ? error.get(field).asText()
                        : error.get(field).toString();
                break;
            }
        }
        // OpenRouter puts the upstream provider's own message in metadata.raw.
        JsonNode raw = error.path("metadata").path("raw");
        if (!raw.isMissingNode() && !raw.isNull()) {
            detail = detail + " " + (raw.isTextual() ? raw.asText() : raw.toString());
        }
        return new ErrorBody(redact(code), shorten(redact(detail.strip())));
    }

    private static String shorten(String s) {
        return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "...";
    }

    private static boolean containsAny(String haystack, List<String> needles) {
        for (String n : needles) {
            if (haystack.contains(n)) {
                return true;
            }
        }
        return false;
    }

    private record ErrorBody(String code, String detail) {}

    private record OptionalStatus(boolean present, int value) {
        static OptionalStatus of(String code) {
            if (code.matches("[1-5][0-9][0-9]")) {
                return new OptionalStatus(true, Integer.parseInt(code));
            }
            return new OptionalStatus(false, 0);
        }
    }
}
