package dev.lucy.testkit.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A way for a request to fail, as real providers fail: an HTTP error with OpenAI's error body, a connection
 * closed before any answer, a stream that breaks after {@code 200 OK}, or no answer at all.
 *
 * <p>Use one for one request ({@link ScriptedModelServer#enqueue(Turn...)}, a {@link Script}) or for every
 * request to a model ({@link ModelRules#failWith(Fault)}).
 */
public sealed interface Fault extends Turn
        permits Fault.HttpError, Fault.ConnectionReset, Fault.StreamError, Fault.StreamDropped, Fault.NoAnswer {

    /**
     * Answers with an HTTP error status and a JSON body.
     *
     * @param status the HTTP status, 400 to 599
     * @param body the JSON body, in OpenAI's {@code {"error": {...}}} shape for the ready-made faults
     * @param retryAfter sent as {@code Retry-After} (whole seconds, rounded up) and {@code retry-after-ms}, when set
     */
    record HttpError(int status, String body, Optional<Duration> retryAfter) implements Fault {
        public HttpError {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("an HTTP error status is 400 to 599: " + status);
            }
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /**
     * Closes the connection after reading the request, before sending a single byte of response: the client
     * sees the connection end without an answer (an {@code IOException}), as when a proxy resets it.
     */
    record ConnectionReset() implements Fault {}

    /**
     * Starts a normal {@code 200 OK} answer, sends {@code partialContent}, then fails: a streaming request gets
     * OpenAI's mid-stream error event ({@code data: {"error": {...}}}) and the stream ends without
     * {@code [DONE]}; a non-streaming request gets a cut-off body and a closed connection.
     */
    record StreamError(String partialContent) implements Fault {
        public StreamError {
            Objects.requireNonNull(partialContent, "partialContent");
        }
    }

    /**
     * Starts a normal {@code 200 OK} answer, sends {@code partialContent}, then drops the connection in the middle
     * of the response, with no error event and no {@code [DONE]}.
     */
    record StreamDropped(String partialContent) implements Fault {
        public StreamDropped {
            Objects.requireNonNull(partialContent, "partialContent");
        }
    }

    /** Never answers: the request stays open until the client gives up or the server closes. */
    record NoAnswer() implements Fault {}

    /** 429 with {@code Retry-After}, OpenAI's {@code rate_limit_exceeded}. */
    static HttpError rateLimited(Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new HttpError(
                429,
                Wire.errorBody(
                        "Rate limit reached for requests. Please try again in " + seconds + "s.",
                        "requests",
                        null,
                        "rate_limit_exceeded"),
                Optional.of(retryAfter));
    }

    /** 500, OpenAI's {@code server_error}. */
    static HttpError serverError() {
        return status(500, "The server had an error while processing your request. Sorry about that!");
    }

    /** 502: the upstream model is down or answered with something invalid. */
    static HttpError badGateway() {
        return status(502, "Bad gateway: the upstream model returned an invalid response.");
    }

    /** 503: the model is overloaded. */
    static HttpError serviceUnavailable() {
        return status(503, "The engine is currently overloaded, please try again later.");
    }

    /** Any 4xx/5xx status with OpenAI's error body ({@code server_error} or {@code invalid_request_error}). */
    static HttpError status(int status, String message) {
        String type = status >= 500 ? "server_error" : "invalid_request_error";
        return new HttpError(status, Wire.errorBody(message, type, null, null), Optional.empty());
    }

    /** 400 {@code context_length_exceeded}, as OpenAI answers a prompt longer than the context window. */
    static HttpError contextLengthExceeded() {
        return contextLengthExceeded(128_000, 130_000);
    }

    /** 400 {@code context_length_exceeded} naming the window and the prompt size in tokens. */
    static HttpError contextLengthExceeded(int contextWindow, int promptTokens) {
        return new HttpError(
                400,
                Wire.errorBody(
                        "This model's maximum context length is " + contextWindow
                                + " tokens. However, your messages resulted in " + promptTokens
                                + " tokens. Please reduce the length of the messages.",
                        "invalid_request_error",
                        "messages",
                        "context_length_exceeded"),
                Optional.empty());
    }

    /** 404 {@code model_not_found}, as OpenAI answers a model name it does not serve. */
    static HttpError modelNotFound(String model) {
        return new HttpError(
                404,
                Wire.errorBody(
                        "The model `" + model + "` does not exist or you do not have access to it.",
                        "invalid_request_error",
                        null,
                        "model_not_found"),
                Optional.empty());
    }

    /** 401 {@code invalid_api_key}. */
    static HttpError unauthorized() {
        return new HttpError(
                401,
                Wire.errorBody(
                        "Incorrect API key provided. Check the key the client sends in the Authorization header.",
                        "invalid_request_error",
                        null,
                        "invalid_api_key"),
                Optional.empty());
    }

    static ConnectionReset connectionReset() {
        return new ConnectionReset();
    }

    /** A stream that sends {@code partialContent} after {@code 200 OK}, then OpenAI's mid-stream error event. */
    static StreamError streamError(String partialContent) {
        return new StreamError(partialContent);
    }

    /** A stream that sends {@code partialContent} after {@code 200 OK}, then loses its connection. */
    static StreamDropped streamDropped(String partialContent) {
        return new StreamDropped(partialContent);
    }

    static NoAnswer noAnswer() {
        return new NoAnswer();
    }
}
