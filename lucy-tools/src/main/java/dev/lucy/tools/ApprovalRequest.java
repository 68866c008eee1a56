package dev.lucy.tools;

import dev.lucy.core.Caller;
import java.time.Instant;
import java.util.Objects;

/**
 * A destructive call waiting for a human.
 *
 * @param id the id to decide it by ({@link ApprovalGate#decide})
 * @param caller who the run is for
 * @param tool the tool name
 * @param description what the tool does
 * @param arguments the call's arguments as compact JSON, to show the human exactly what would happen
 * @param requestedAt when the run asked
 * @param expiresAt when the request lapses and the call is not made
 */
public record ApprovalRequest(
        String id,
        Caller caller,
        String tool,
        String description,
        String arguments,
        Instant requestedAt,
        Instant expiresAt) {
    public ApprovalRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(arguments, "arguments");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
