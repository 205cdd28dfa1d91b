package dev.specula.core;

import java.util.Arrays;

/**
 * The output of one batched verification, reusable from call to call: per sequence, how many
 * drafts were accepted, the emitted tokens (the accepted drafts followed by one correction or
 * bonus token) and how the emission ended.
 *
 * <pre>{@code
 * var result = new VerificationResult(batch.sequences(), batch.maxDrafts());
 * verifier.verify(batch, result);
 * for (int k = 0; k < result.emittedCount(0); k++) out.add(result.emitted(0, k));
 * }</pre>
 */
public final class VerificationResult {
    private final int sequences;
    private final int maxDrafts;
    private final int[] accepted;
    private final int[] tokens;
    private final Ending[] endings;

    /** A result able to hold {@code sequences} sequences of up to {@code maxDrafts} drafts. */
    public VerificationResult(int sequences, int maxDrafts) {
        if (sequences < 1) throw new IllegalArgumentException("sequences must be >= 1, got " + sequences);
        if (maxDrafts < 0) throw new IllegalArgumentException("maxDrafts must be >= 0, got " + maxDrafts);
        this.sequences = sequences;
        this.maxDrafts = maxDrafts;
        this.accepted = new int[sequences];
        this.tokens = new int[sequences * (maxDrafts + 1)];
        this.endings = new Ending[sequences];
    }

    /** A result shaped for {@code batch}. */
    public static VerificationResult forBatch(VerificationBatch batch) {
        return new VerificationResult(batch.sequences(), batch.maxDrafts());
    }

    public int sequences() {
        return sequences;
    }

    public int maxDrafts() {
        return maxDrafts;
    }

    /** Number of accepted drafts of sequence b. */
    public int accepted(int b) {
        return accepted[check(b)];
    }

    /** Number of emitted tokens of sequence b: accepted drafts plus one. */
    public int emittedCount(int b) {
        return accepted[check(b)] + 1;
    }

    /** Emitted token k of sequence b, {@code 0 <= k < emittedCount(b)}. */
    public int emitted(int b, int k) {
        if (k < 0 || k > accepted[check(b)]) {
            throw new IllegalArgumentException("emitted token " + k + " of sequence " + b + " is outside [0, " + emittedCount(b) + ")");
        }
        return tokens[b * (maxDrafts + 1) + k];
    }

    /** The last emitted token of sequence b: the correction or the bonus. */
    public int nextToken(int b) {
        return emitted(b, accepted(b));
    }

    /** Whether sequence b ended with a correction or a bonus token. */
    public Ending ending(int b) {
        return endings[check(b)];
    }

    /** The emitted tokens of sequence b, as a new array (a convenience; allocates). */
    public int[] emittedTokens(int b) {
        int start = check(b) * (maxDrafts + 1);
        return Arrays.copyOfRange(tokens, start, start + accepted[b] + 1);
    }

    /**
     * Records sequence b's outcome; called by verifiers. The accepted drafts are copied from
     * {@code batch}, so the result stays valid when the batch is reused.
     */
    public void set(int b, int acceptedDrafts, int nextToken, Ending ending, VerificationBatch batch) {
        check(b);
        if (acceptedDrafts < 0 || acceptedDrafts > batch.draftCount(b)) {
            throw new IllegalArgumentException("accepted " + acceptedDrafts + " of " + batch.draftCount(b) + " drafts");
        }
        if (ending == Ending.BONUS && acceptedDrafts != batch.draftCount(b)) {
            throw new IllegalArgumentException("a bonus token needs every draft accepted");
        }
        int start = b * (maxDrafts + 1);
        for (int i = 0; i < acceptedDrafts; i++) tokens[start + i] = batch.draftToken(b, i);
        tokens[start + acceptedDrafts] = nextToken;
        accepted[b] = acceptedDrafts;
        endings[b] = ending;
    }

    /** Checks that this result can hold the outcome of {@code batch}. */
    public void requireFits(VerificationBatch batch) {
        if (batch.sequences() > sequences || batch.maxDrafts() > maxDrafts) {
            throw new IllegalArgumentException("result holds " + sequences + " sequences of up to " + maxDrafts
                    + " drafts; the batch has " + batch.sequences() + " of up to " + batch.maxDrafts());
        }
    }

    private int check(int b) {
        if (b < 0 || b >= sequences) throw new IllegalArgumentException("sequence " + b + " is outside [0, " + sequences + ")");
        return b;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("VerificationResult[");
        for (int b = 0; b < sequences; b++) {
            if (endings[b] == null) continue;
            if (s.charAt(s.length() - 1) != '[') s.append("; ");
            s.append(b).append(": ").append(Arrays.toString(emittedTokens(b))).append(' ').append(endings[b]);
        }
        return s.append(']').toString();
    }
}
