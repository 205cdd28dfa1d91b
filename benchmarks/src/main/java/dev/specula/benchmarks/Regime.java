package dev.specula.benchmarks;

/**
 * How many drafts each sequence of a benchmark workload gets accepted. The outcome is fixed when
 * the workload is built (see {@link SyntheticWorkload}), so every call of a benchmark does the
 * same work and every verifier faces the same rows.
 */
public enum Regime {
    /** Every draft of every sequence is accepted, then the bonus token is sampled: the most rows a verifier reads. */
    ALL_ACCEPTED,
    /** Every sequence's first draft is rejected: one target row, then the residual of that row. */
    REJECT_FIRST,
    /**
     * Per-position acceptance alpha = {@value #REALISTIC_ALPHA}, as reported for good drafters.
     * Sequence b of B accepts the ((b + 1/2) / B)-quantile of the number of accepted drafts under
     * that alpha (a geometric law cut at g), so a batch holds the law's spread in fixed
     * proportions and B = 1 gets its median.
     */
    REALISTIC;

    /** Per-position acceptance probability of {@link #REALISTIC}. */
    public static final double REALISTIC_ALPHA = 0.7;

    /** The number of drafts, of {@code drafts}, that sequence {@code b} of {@code sequences} accepts. */
    public int acceptedDrafts(int b, int sequences, int drafts) {
        return switch (this) {
            case ALL_ACCEPTED -> drafts;
            case REJECT_FIRST -> 0;
            case REALISTIC -> geometricQuantile((b + 0.5) / sequences, REALISTIC_ALPHA, drafts);
        };
    }

    /**
     * The smallest k with P(K <= k) >= level, where P(K = k) = (1 - alpha) alpha^k for k < cap
     * and P(K = cap) = alpha^cap: the number of accepted drafts when each is accepted with
     * probability alpha until the first rejection.
     */
    static int geometricQuantile(double level, double alpha, int cap) {
        double cumulative = 0;
        for (int k = 0; k < cap; k++) {
            cumulative += (1 - alpha) * Math.pow(alpha, k);
            if (cumulative >= level) return k;
        }
        return cap;
    }
}
