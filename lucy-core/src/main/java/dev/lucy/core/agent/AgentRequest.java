package dev.lucy.core.agent;

import dev.lucy.core.Caller;
import dev.lucy.core.model.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One message to answer, with the conversation so far. Immutable; build with {@link #of} or {@link #builder}.
 *
 * @param caller whose message it is
 * @param history the conversation before this message, oldest first (no system prompt: the agent adds its own)
 * @param message what the person just said
 * @param observer hears this run's events
 * @param cancellation cancels this run from another thread
 * @param imageUrls images the person shared with the message, for a model that takes images; usually empty
 */
public record AgentRequest(
        Caller caller,
        List<Message> history,
        String message,
        AgentObserver observer,
        Cancellation cancellation,
        List<String> imageUrls) {

    public AgentRequest {
        Objects.requireNonNull(caller, "caller");
        history = List.copyOf(history);
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(cancellation, "cancellation");
        imageUrls = List.copyOf(imageUrls);
        if (message.isBlank()) {
            throw new IllegalArgumentException("message must not be blank");
        }
    }

    /** A message with no history, no observer and its own cancellation handle. */
    public static AgentRequest of(Caller caller, String message) {
        return builder(caller, message).build();
    }

    public static Builder builder(Caller caller, String message) {
        return new Builder(caller, message);
    }

    public static final class Builder {
        private final Caller caller;
        private final String message;
        private List<Message> history = new ArrayList<>();
        private AgentObserver observer = AgentObserver.ignoring();
        private Cancellation cancellation = Cancellation.create();
        private List<String> imageUrls = List.of();

        private Builder(Caller caller, String message) {
            this.caller = caller;
            this.message = message;
        }

        public Builder history(List<? extends Message> history) {
            this.history = new ArrayList<>(history);
            return this;
        }

        public Builder observer(AgentObserver observer) {
            this.observer = observer;
            return this;
        }

        public Builder cancellation(Cancellation cancellation) {
            this.cancellation = cancellation;
            return this;
        }

        /** Images shared with the message ({@code data:} or {@code https:} URLs). Default none. */
        public Builder imageUrls(List<String> imageUrls) {
            this.imageUrls = List.copyOf(imageUrls);
            return this;
        }

        public AgentRequest build() {
            return new AgentRequest(caller, history, message, observer, cancellation, imageUrls);
        }
    }
}
