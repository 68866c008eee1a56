package dev.lucy.tools;

import java.util.Objects;

/**
 * Where one MCP server stands, for {@code /readyz}, logs and the {@code tools} command.
 *
 * @param server the server's configured name
 * @param state starting, ready, down (being tried again) or stopped
 * @param tools how many of its tools Lucy offers now (0 unless ready)
 * @param detail why it is down, in a few words; empty otherwise
 */
public record McpServerStatus(String server, State state, int tools, String detail) {
    public McpServerStatus {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
    }

    /** A server's state. */
    public enum State {
        /** Being started or connected; its tools are not offered yet. */
        STARTING,
        /** Connected; its tools are offered. */
        READY,
        /** Not reachable; tried again with a growing pause, its tools answer that they are unavailable. */
        DOWN,
        /** Closed with Lucy. */
        STOPPED
    }
}
