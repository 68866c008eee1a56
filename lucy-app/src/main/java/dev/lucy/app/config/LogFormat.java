package dev.lucy.app.config;

/** How log lines are written to standard error. */
public enum LogFormat {
    /** One JSON object per line, for log collectors. */
    JSON,
    /** Human-readable lines, for a terminal. */
    TEXT,
    /** Text when standard error is a terminal, JSON otherwise. The default. */
    AUTO
}
