package dev.lucy.store;

import dev.lucy.core.LucyException;

/** A database failure: unreachable, misconfigured, or a statement the store could not complete. */
public final class StoreException extends LucyException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, boolean retriable, Throwable cause) {
        super(message, retriable, cause);
    }
}
