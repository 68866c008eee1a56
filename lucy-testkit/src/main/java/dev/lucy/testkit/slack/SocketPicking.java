package dev.lucy.testkit.slack;

/** How the simulator chooses the one open connection that gets an envelope. Slack's own choice is opaque. */
public enum SocketPicking {
    /** Each envelope goes to the next connection in turn: every connection gets its share, predictably. */
    ROUND_ROBIN,
    /** Each envelope goes to a connection chosen at random. */
    RANDOM
}
