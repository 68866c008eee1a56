package dev.lucy.testkit.slack;

import java.time.Instant;

/**
 * An open Socket Mode connection.
 *
 * @param id the simulator's name for it
 * @param openedAt when the client connected
 * @param refreshRequested true once a {@code disconnect} frame was sent; no new envelopes go to it
 */
public record SocketConnection(String id, Instant openedAt, boolean refreshRequested) {}
