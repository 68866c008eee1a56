package dev.lucy.testkit.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Ends a Web API method with {@code ok: false}; thrown inside the simulator only and never escapes it. */
final class ApiError extends RuntimeException {
    private final transient ObjectNode body;

    ApiError(String error) {
        this(Json.error(error));
    }

    private ApiError(ObjectNode body) {
        super(body.path("error").asText(), null, false, false);
        this.body = body;
    }

    /** Slack's answer when a required argument is absent and the method has no more specific error. */
    static ApiError missing(String field) {
        ObjectNode body = Json.error("invalid_arguments");
        body.putObject("response_metadata").putArray("messages").add("[ERROR] missing required field: " + field);
        return new ApiError(body);
    }

    /** Slack's {@code invalid_arguments} with the message it gives for what was wrong. */
    static ApiError invalid(String message) {
        ObjectNode body = Json.error("invalid_arguments");
        body.putObject("response_metadata").putArray("messages").add(message);
        return new ApiError(body);
    }

    ObjectNode body() {
        return body;
    }
}
