package dev.lucy.tools;

/** How an approval ended. Only {@link #APPROVED} and {@link #ALWAYS_ALLOWED} let the call run. */
public enum ApprovalOutcome {
    /** A human approved this call. */
    APPROVED,
    /** The tool is always allowed here, for the whole workspace or for this person; nobody was asked. */
    ALWAYS_ALLOWED,
    /** A human cancelled the call. */
    CANCELLED,
    /** Nobody answered before the request expired. */
    EXPIRED,
    /** The run stopped while waiting: cancelled, or Lucy stopped (a shutdown, or a restart that found it waiting). */
    INTERRUPTED,
    /** The request could not be shown to anyone. */
    NOT_ASKED;

    public boolean runs() {
        return this == APPROVED || this == ALWAYS_ALLOWED;
    }
}
