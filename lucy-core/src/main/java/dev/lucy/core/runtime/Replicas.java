package dev.lucy.core.runtime;

/**
 * Where the processes sharing Lucy's stores say they are alive, so that the work of one that stopped saying so
 * (killed, partitioned, paused too long) can be taken over by another: see {@link Inbox#takeOver} and
 * {@link TaskStore#takeOver}. The runtime calls {@link #beat} every third of
 * {@link RuntimeConfig#replicaTimeout()}.
 *
 * <p>Thread safe, possibly blocking. The default, {@link #single()}, is for one process: there is no one else to
 * tell. lucy-store keeps the beats in SQLite or PostgreSQL, beside the inbox and the tasks.
 */
@FunctionalInterface
public interface Replicas {

    /** This process is alive now. */
    void beat();

    /** One process and no one to tell: a beat does nothing. */
    static Replicas single() {
        return () -> {};
    }
}
