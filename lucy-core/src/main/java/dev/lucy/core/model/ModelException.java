package dev.lucy.core.model;

import dev.lucy.core.LucyException;
import java.util.Objects;

/** A model call failed; {@link #failure()} says why. The message never carries a key or token. */
public final class ModelException extends LucyException {
    private static final long serialVersionUID = 1L;

    private final transient ModelFailure failure;
    private final String model;

    public ModelException(String model, ModelFailure failure, String message) {
        this(model, failure, message, null);
    }

    public ModelException(String model, ModelFailure failure, String message, Throwable cause) {
        super(message, Objects.requireNonNull(failure, "failure").retriable(), cause);
        this.model = Objects.requireNonNull(model, "model");
        this.failure = failure;
    }

    public ModelFailure failure() {
        return failure;
    }

    /** The model the failed call was addressed to. */
    public String model() {
        return model;
    }
}
