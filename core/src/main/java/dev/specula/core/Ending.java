package dev.specula.core;

/** How a sequence's emitted tokens end. */
public enum Ending {
    /** A draft was rejected; the last token was drawn from the residual max(0, p - q) (or is the arg-max, when greedy). */
    CORRECTION,
    /** Every draft was accepted; the last token is a bonus drawn from the row after the drafts. */
    BONUS
}
