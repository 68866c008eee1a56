package dev.lucy.core.runtime;

/**
 * Whether a run may still write to its conversation: true while its replica holds the conversation's lease. Checked
 * before every post, edit and reaction of the run and before the writes that end it. Cheap (no I/O); thread safe.
 */
@FunctionalInterface
interface RunFence {
    /** The fence of a runtime whose leases are not shared: one process, every write goes through. */
    RunFence ALWAYS = () -> true;

    boolean holds();
}
