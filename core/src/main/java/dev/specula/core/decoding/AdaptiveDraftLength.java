package dev.specula.core.decoding;

/**
 * A rule that picks the next draft length from the measured acceptance rate.
 *
 * <p>With per-position acceptance probability alpha, a verification of g drafts emits on
 * average (1 - alpha^(g+1)) / (1 - alpha) tokens, and costs {@code 1 + c g} target steps when
 * one draft token costs c target steps (Leviathan et al. 2023, arXiv 2211.17192, section 3.4:
 * the walltime improvement factor). The rule picks
 * <pre>
 *   g = argmax over min &lt;= g &lt;= max of  (1 - alpha^(g+1)) / ((1 - alpha) (1 + c g))
 * </pre>
 * (the smallest such g on ties) at the decoder's current estimate of alpha: accepted drafts
 * divided by drafts tested, both summed over past verifications with weight
 * {@code decay^age} (age 0 for the last verification), so the estimate follows the text. Until
 * a draft has been tested the decoder's initial draft length is used.
 *
 * <p>The cost ratio c is given, not timed, so that a generation is a function of its seed alone.
 * Set it to what drafting one token costs relative to one target step, including any extra cost
 * of scoring one more position in the target's block: about 1 for a draft model as large as
 * the target, a few hundredths for an n-gram lookup on a large model.
 *
 * @param min smallest draft length, {@code >= 1}
 * @param max largest draft length, {@code >= min}
 * @param costRatio c, finite and {@code >= 0}
 * @param decay weight of one verification's age, in (0, 1]; 1 weighs all history equally
 */
public record AdaptiveDraftLength(int min, int max, double costRatio, double decay) {
    /** The decay used by {@link #of(int, int, double)}: the estimate averages over roughly the last 10 verifications. */
    public static final double DEFAULT_DECAY = 0.9;

    public AdaptiveDraftLength {
        if (min < 1 || max < min) throw new IllegalArgumentException("draft lengths must satisfy 1 <= min <= max, got " + min + ", " + max);
        if (max >= dev.specula.core.RandomStreams.MAX_POSITIONS) throw new IllegalArgumentException("max draft length " + max + " is too large");
        if (!(costRatio >= 0) || Double.isInfinite(costRatio)) throw new IllegalArgumentException("cost ratio must be finite and >= 0, got " + costRatio);
        if (!(decay > 0 && decay <= 1)) throw new IllegalArgumentException("decay must be in (0, 1], got " + decay);
    }

    /** The rule with {@link #DEFAULT_DECAY}. */
    public static AdaptiveDraftLength of(int min, int max, double costRatio) {
        return new AdaptiveDraftLength(min, max, costRatio, DEFAULT_DECAY);
    }

    /** The draft length that maximises the expected speed-up at acceptance rate {@code alpha}. */
    public int choose(double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        int best = min;
        double bestSpeedup = speedup(alpha, min, costRatio);
        for (int g = min + 1; g <= max; g++) {
            double s = speedup(alpha, g, costRatio);
            if (s > bestSpeedup) {
                best = g;
                bestSpeedup = s;
            }
        }
        return best;
    }

    /** Expected tokens per unit of cost: (1 - alpha^(g+1)) / ((1 - alpha)(1 + c g)). */
    public static double speedup(double alpha, int g, double costRatio) {
        return DecodingStats.expectedTokensPerVerification(alpha, g) / (1 + costRatio * g);
    }
}
