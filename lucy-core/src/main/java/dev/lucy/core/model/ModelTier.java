package dev.lucy.core.model;

/**
 * How capable (and costly) a model a piece of work needs. Each tier maps to an ordered list of model names in
 * {@link ResilienceConfig}; the first is asked first, the rest are fallbacks.
 */
public enum ModelTier {
    /** Cheap and quick: triage, short replies, extraction. */
    FAST,
    /** The everyday agent model. */
    DEFAULT,
    /** The strongest models, for hard tasks and escalation. */
    FRONTIER
}
