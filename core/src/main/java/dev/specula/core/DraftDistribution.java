package dev.specula.core;

/**
 * What the verifier knows about the distributions q the drafts were sampled from.
 *
 * <ul>
 *   <li>{@link Logits}: the draft model's logits, B x g x V; q is formed from them with each
 *       sequence's draft {@link SamplingSettings} ({@link VerificationBatch#draftSettings}).
 *   <li>{@link Probabilities}: q itself, B x g x V, each row non-negative and summing to 1.
 *   <li>{@link OneHot}: deterministic drafts (n-gram or prompt lookup, PaSS look-ahead tokens,
 *       a greedy drafter): q is one-hot at the draft token, no rows are needed.
 * </ul>
 *
 * <p>Exactness requires that q be exactly the distribution each draft token was sampled from;
 * {@link DraftSampler} samples from {@link Logits} rows so that this holds by construction.
 */
public sealed interface DraftDistribution {

    /** Draft logits; q = softmax(z / draft temperature) per sequence. */
    record Logits(FloatRows rows) implements DraftDistribution {
        public Logits {
            if (rows == null) throw new IllegalArgumentException("draft logit rows are null");
        }
    }

    /** Draft probabilities q, used as given. */
    record Probabilities(FloatRows rows) implements DraftDistribution {
        public Probabilities {
            if (rows == null) throw new IllegalArgumentException("draft probability rows are null");
        }
    }

    /** One-hot drafts: q(d) = 1 for the draft token d. */
    record OneHot() implements DraftDistribution {}

    /** The shared one-hot instance. */
    OneHot ONE_HOT = new OneHot();

    /** Shorthand for {@code new Logits(rows)}. */
    static DraftDistribution logits(FloatRows rows) {
        return new Logits(rows);
    }

    /** Shorthand for {@code new Probabilities(rows)}. */
    static DraftDistribution probabilities(FloatRows rows) {
        return new Probabilities(rows);
    }

    /** Shorthand for {@link #ONE_HOT}. */
    static DraftDistribution oneHot() {
        return ONE_HOT;
    }
}
