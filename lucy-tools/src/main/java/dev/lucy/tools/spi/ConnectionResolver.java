package dev.lucy.tools.spi;

import dev.lucy.core.Caller;
import java.util.Objects;

/**
 * Tells whether the caller's workspace or user has connected the service a tool needs, and where to connect it
 * when not. Blocks (it may ask a store or an integration platform); called on every retrieval and call, so slow
 * implementations should cache. Thread safe. The default, {@link #allConnected()}, treats every provider as
 * connected.
 */
@FunctionalInterface
public interface ConnectionResolver {

    Status status(Caller caller, String provider);

    /** Every provider counts as connected. */
    static ConnectionResolver allConnected() {
        return (caller, provider) -> Status.CONNECTED;
    }

    /** Whether a provider is connected for a caller. */
    sealed interface Status permits Connected, Missing {
        Status CONNECTED = new Connected();
    }

    /** The provider is connected; its tools may run. */
    record Connected() implements Status {}

    /**
     * The provider is not connected.
     *
     * @param provider the service's display name, for example {@code Zendesk}
     * @param connectUrl where the user connects it
     */
    record Missing(String provider, String connectUrl) implements Status {
        public Missing {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(connectUrl, "connectUrl");
        }
    }
}
