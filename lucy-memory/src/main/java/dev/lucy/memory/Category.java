package dev.lucy.memory;

/** What kind of statement a fact is; recall weighs categories differently. */
public enum Category {
    /** How someone likes things done: "I prefer bullet points". */
    PREFERENCE,
    /** Something decided: "we decided to launch on May 2". */
    DECISION,
    /** Work with a goal or a date: deadlines, launches, milestones. */
    PROJECT,
    /** A durable statement about the company or team: targets, stack, roles. */
    FACT,
    /** Anything else someone asked Lucy to remember. */
    GENERAL,
    /**
     * How Lucy should act from now on: "going forward, always CC Jake on emails". Recalled for every request of the
     * people it applies to and shown to the model as a standing instruction, not as data.
     */
    STANDING_INSTRUCTION
}
