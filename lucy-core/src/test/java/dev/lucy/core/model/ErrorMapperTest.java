package dev.lucy.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {
    private static final String KEY = "sk-or-v1-abcdef0123456789";
    private final ErrorMapper errors = new ErrorMapper(
            new ObjectMapper(), Optional.of(KEY), Clock.fixed(Instant.parse("2026-11-21T22:00:00Z"), ZoneOffset.UTC));

    private ModelFailure status(int status, String body) {
        return errors.fromStatus("m1", status, Optional.empty(), body).failure();
    }

    @Test
    void maps_statuses_to_failures_by_cause() {
        assertThat(status(401, "")).isEqualTo(new ModelFailure.AuthFailed(401));
        assertThat(status(402, "{\"error\":{\"message\":\"Insufficient credits\"}}"))
                .isEqualTo(new ModelFailure.AuthFailed(402));
        assertThat(status(403, "{\"error\":{\"message\":\"key may not use this model\"}}"))
                .isEqualTo(new ModelFailure.AuthFailed(403));
        assertThat(status(408, "")).isInstanceOf(ModelFailure.TimedOut.class);
        assertThat(status(500, "")).isEqualTo(new ModelFailure.Overloaded(500));
        assertThat(status(503, "<html>down</html>")).isEqualTo(new ModelFailure.Overloaded(503));
        assertThat(status(529, "")).isEqualTo(new ModelFailure.Overloaded(529));
        assertThat(status(413, "")).isInstanceOf(ModelFailure.ContextTooLong.class);
        assertThat(status(400, "{\"error\":{\"message\":\"temperature must be <= 2\"}}"))
                .isEqualTo(new ModelFailure.BadRequest(400, "temperature must be <= 2"));
        assertThat(status(404, "{\"error\":{\"message\":\"No endpoints found\"}}"))
                .isInstanceOf(ModelFailure.BadRequest.class);
        assertThat(status(429, "")).isEqualTo(new ModelFailure.RateLimited(Optional.empty()));
    }

    @Test
    void recognises_context_overflow_and_content_filters_in_the_error_body() {
        assertThat(
                        status(
                                400,
                                "{\"error\":{\"code\":\"context_length_exceeded\",\"message\":\"This model's maximum context length is 8192 tokens\"}}"))
                .isInstanceOf(ModelFailure.ContextTooLong.class);
        assertThat(status(400, "{\"error\":{\"message\":\"prompt is too long: 210000 tokens > 200000 maximum\"}}"))
                .isInstanceOf(ModelFailure.ContextTooLong.class);
        assertThat(status(400, "{\"error\":{\"code\":\"content_filter\",\"message\":\"blocked\"}}"))
                .isInstanceOf(ModelFailure.ContentFiltered.class);
        assertThat(
                        status(
                                403,
                                "{\"error\":{\"message\":\"Your chosen model requires moderation and your input was flagged\"}}"))
                .isInstanceOf(ModelFailure.ContentFiltered.class);
    }

    @Test
    void reads_retry_after_as_seconds_or_an_http_date() {
        assertThat(errors.retryAfter(Optional.of("2"), Optional.empty())).contains(Duration.ofSeconds(2));
        assertThat(errors.retryAfter(Optional.of("2"), Optional.of("1500"))).contains(Duration.ofMillis(1500));
        assertThat(errors.retryAfter(Optional.of("2"), Optional.of("soon"))).contains(Duration.ofSeconds(2));
        assertThat(errors.retryAfter(Optional.empty(), Optional.empty())).isEmpty();
        assertThat(errors.parseRetryAfter("0.5")).contains(Duration.ofMillis(500));
        assertThat(errors.parseRetryAfter("Sat, 21 Nov 2026 22:00:07 GMT")).contains(Duration.ofSeconds(7));
        assertThat(errors.parseRetryAfter("Sat, 21 Nov 2026 21:00:00 GMT")).contains(Duration.ZERO);
        assertThat(errors.parseRetryAfter("soon")).isEmpty();
        assertThat(errors.parseRetryAfter("-3")).isEmpty();
        assertThat(errors.parseRetryAfter("99999999999")).contains(Duration.ofDays(1));
    }

    @Test
    void the_api_key_never_reaches_a_failure_detail_or_message() {
        ModelException e = errors.fromStatus(
                "m1", 401, Optional.empty(), "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}");
        ModelException bad = errors.fromStatus("m1", 400, Optional.empty(), "invalid key " + KEY);

        assertThat(e.getMessage()).doesNotContain(KEY).contains("Incorrect API key");
        assertThat(bad.getMessage()).doesNotContain(KEY);
        assertThat(bad.failure().toString()).doesNotContain(KEY);
    }

    @Test
    void long_error_bodies_are_cut_short() {
        ModelException e = errors.fromStatus("m1", 400, Optional.empty(), "x".repeat(10_000));

        assertThat(e.getMessage().length()).isLessThan(500);
    }

    @Test
    void maps_io_failures_by_when_they_happened() {
        assertThat(io(new ConnectException("refused"), false, 1)).isInstanceOf(ModelFailure.ConnectionFailed.class);
        assertThat(io(new HttpConnectTimeoutException("slow"), false, 1))
                .isInstanceOf(ModelFailure.ConnectionFailed.class);
        assertThat(io(new HttpTimeoutException("late"), false, 3))
                .isEqualTo(new ModelFailure.TimedOut(Duration.ofSeconds(3)));
        assertThat(io(new IOException("Connection reset"), false, 1)).isInstanceOf(ModelFailure.ConnectionFailed.class);
        assertThat(io(new IOException("Connection reset"), true, 1)).isInstanceOf(ModelFailure.StreamBroken.class);
    }

    /** What an I/O failure maps to, {@code midStream} or before the answer began, after {@code seconds}. */
    private ModelFailure io(IOException failure, boolean midStream, int seconds) {
        return errors.fromIo("m1", failure, midStream, Duration.ofSeconds(seconds))
                .failure();
    }
}
