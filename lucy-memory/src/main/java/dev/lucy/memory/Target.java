package dev.lucy.memory;

/** Whom a fact is about, which decides whether it can become permanent knowledge. */
public enum Target {
    /** The company: its product, customers, stack, targets. Promotable to knowledge. */
    COMPANY,
    /** A team and its people: roles, reporting lines, new hires. Promotable to knowledge. */
    TEAM,
    /** The person or the moment: personal preferences, what someone is doing now. Never promoted. */
    SESSION;

    /** Whether a fact with this target may be promoted to permanent knowledge. */
    public boolean promotable() {
        return this != SESSION;
    }
}
