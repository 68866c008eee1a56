package dev.lucy.core.runtime;

/**
 * A snapshot of the runtime's load, for gauges and health checks.
 *
 * @param queued agent runs waiting for their turn
 * @param running agent runs (including background tasks) in progress
 * @param accepting whether the runtime still takes new work
 */
public record RuntimeStats(int queued, int running, boolean accepting) {}
