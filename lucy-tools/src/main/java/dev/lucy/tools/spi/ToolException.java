package dev.lucy.tools.spi;

import dev.lucy.core.LucyException;
import dev.lucy.core.spi.ToolError;
import java.util.Objects;

/**
 * Thrown by a {@link dev.lucy.core.spi.ToolHandler} (or a client it uses) to report a typed failure from deep inside a call. The
 * pipeline turns it into a {@link dev.lucy.core.spi.ToolResult.Failure} with the same error and message, so the
 * message must be fit for the model to read: no secrets, no stack traces.
 */
public class ToolException extends LucyException {
    private static final long serialVersionUID = 1L;

    private final ToolError error;

    public ToolException(ToolError error, String message) {
        super(message, isRetriable(error));
        this.error = Objects.requireNonNull(error, "error");
    }

    public ToolException(ToolError error, String message, Throwable cause) {
        super(message, isRetriable(error), cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** The typed error the model will be told about. */
    public ToolError error() {
        return error;
    }

    private static boolean isRetriable(ToolError error) {
        return switch (error) {
            case RETRYABLE, RATE_LIMITED, TIMED_OUT, UNAVAILABLE -> true;
            default -> false;
        };
    }
}
