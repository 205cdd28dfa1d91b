package dev.specula.benchmarks.paper;

import dev.specula.core.VerificationResult;

/**
 * What one verifier emitted over the trials of one workload: per sequence, how often its first
 * emitted token fell in each bin of p_0, how often the bonus token (drawn when all g drafts are
 * accepted) fell in each bin of p_g, and the accepted drafts.
 */
final class AccuracyTally {
    private final TokenBins[] firstBins, bonusBins;
    private final long[][] first, bonus;
    private long accepted, verifications;

    AccuracyTally(TokenBins[] firstBins, TokenBins[] bonusBins) {
        this.firstBins = firstBins;
        this.bonusBins = bonusBins;
        first = new long[firstBins.length][];
        bonus = new long[bonusBins.length][];
        for (int b = 0; b < firstBins.length; b++) {
            first[b] = new long[firstBins[b].bins()];
            bonus[b] = new long[bonusBins[b].bins()];
        }
    }

    /** Counts one verification of every sequence; g = the drafts per sequence. */
    void add(VerificationResult result, int g) {
        for (int b = 0; b < first.length; b++) {
            first[b][firstBins[b].bin(result.emitted(b, 0))]++;
            int a = result.accepted(b);
            accepted += a;
            verifications++;
            if (a == g) bonus[b][bonusBins[b].bin(result.emitted(b, g))]++;
        }
    }

    long accepted() {
        return accepted;
    }

    long verifications() {
        return verifications;
    }

    long[] firstCounts(int b) {
        return first[b];
    }

    long[] bonusCounts(int b) {
        return bonus[b];
    }
}
