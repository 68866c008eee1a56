package dev.lucy.core.runtime;

/** How capable (and costly) a model a run asks for; the model client maps tiers to model names. */
public enum ModelTier {
    FAST,
    DEFAULT,
    FRONTIER
}
