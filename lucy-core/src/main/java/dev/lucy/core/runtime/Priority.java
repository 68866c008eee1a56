package dev.lucy.core.runtime;

/** Scheduling classes, most urgent first. Within a class, workspaces take turns. */
public enum Priority {
    /** Short or urgent interactive work: a person is waiting and the answer should be quick. */
    INTERACTIVE_FAST,
    /** Ordinary interactive work. */
    INTERACTIVE,
    /** Long jobs nobody watches live; they never hold back interactive work. */
    BACKGROUND
}
