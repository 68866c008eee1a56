package dev.lucy.testkit.slack;

/** The kinds of conversation Slack has; {@link #eventName()} is the {@code channel_type} events carry. */
public enum ChannelType {
    PUBLIC_CHANNEL("channel", 'C'),
    PRIVATE_CHANNEL("group", 'C'),
    IM("im", 'D'),
    MPIM("mpim", 'G');

    private final String eventName;
    private final char idPrefix;

    ChannelType(String eventName, char idPrefix) {
        this.eventName = eventName;
        this.idPrefix = idPrefix;
    }

    /** The value of {@code channel_type} in {@code message} events. */
    public String eventName() {
        return eventName;
    }

    char idPrefix() {
        return idPrefix;
    }

    /** The Events API subscription that delivers messages from this kind of conversation. */
    String messageSubscription() {
        return switch (this) {
            case PUBLIC_CHANNEL -> "message.channels";
            case PRIVATE_CHANNEL -> "message.groups";
            case IM -> "message.im";
            case MPIM -> "message.mpim";
        };
    }
}
