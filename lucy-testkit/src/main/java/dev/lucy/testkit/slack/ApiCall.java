package dev.lucy.testkit.slack;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One Web API call the simulator answered.
 *
 * @param method the method name, e.g. {@code chat.postMessage}
 * @param arguments the arguments as sent (form fields, or JSON members with objects written as JSON); the token is
 *     never recorded
 * @param httpStatus 200, or 429 when rate limited
 * @param response the JSON body sent back
 * @param error the {@code error} field when the answer was {@code ok: false}
 * @param at when the call arrived
 */
public record ApiCall(
        String method,
        Map<String, String> arguments,
        int httpStatus,
        String response,
        Optional<String> error,
        Instant at) {

    public ApiCall {
        arguments = Map.copyOf(arguments);
    }

    /** True when Slack would have answered {@code ok: true}. */
    public boolean ok() {
        return httpStatus == 200 && error.isEmpty();
    }

    /** One argument, when it was sent. */
    public Optional<String> argument(String name) {
        return Optional.ofNullable(arguments.get(name));
    }
}
