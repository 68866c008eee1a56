package dev.lucy.tools;

/** How an approval ended. Only {@link #APPROVED} and {@link #ALWAYS_ALLOWED} let the call run. */
public enum ApprovalOutcome {
    /** A human approved this call. */
    APPROVED,
    /** The workspace always allows this tool; nobody was asked. */
    ALWAYS_ALLOWED,
    /** A human cancelled the call. */
    CANCELLED,
    /** Nobody answered before the request expired. */
    EXPIRED,
    /** The run stopped (cancelled or shut down) while waiting. */
    INTERRUPTED,
    /** The request could not be shown to anyone. */
    NOT_ASKED;

    public boolean runs() {
        return this == APPROVED || this == ALWAYS_ALLOWED;
    }
}
