package dev.lucy.tools;

/** What running a tool does to the world; decides retries, duplicate checks and approvals. */
public enum SideEffect {
    /** Only reads. Safe to retry and to call twice. */
    READ,
    /** Changes something that can be changed back (creates a task, posts a note). */
    WRITE,
    /** Deletes or overwrites something that cannot be recovered; needs a human approval first. */
    DESTRUCTIVE
}
