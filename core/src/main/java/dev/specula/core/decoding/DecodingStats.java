package dev.specula.core.decoding;

import java.util.Arrays;
import java.util.Locale;

/**
 * What one generation measured: acceptance per draft position, tokens per verification next to
 * the theory, and where the time went.
 *
 * <ul>
 *   <li><b>Acceptance.</b> Draft position i is <em>tested</em> in a verification when there
 *       are more than i drafts and drafts 0..i-1 were accepted; {@link #acceptanceRate(int)} is
 *       accepted / tested at position i, and {@link #alpha()} the same summed over positions:
 *       the estimate of alpha = E[beta] of Leviathan et al. 2023 (arXiv 2211.17192, section 3.1).
 *   <li><b>Tokens per verification.</b> Measured: tokens the verifier emitted (accepted drafts
 *       plus one), per verification, before a stop condition cut anything off. Predicted: the
 *       mean over verifications of (1 - alpha^(n+1)) / (1 - alpha) with n that verification's
 *       number of drafts (equation 1 of Leviathan et al.; with a fixed draft length g it is the
 *       formula at g), at the measured alpha. The two agree when acceptances are independent
 *       with a common rate; a gap shows that they are not (easy and hard stretches of text).
 *   <li><b>Time.</b> Prefill (target and draft), then the decoding loop split into drafting,
 *       target forward passes, verification and the rest (bookkeeping); time spent in the
 *       {@link TokenListener} is excluded. {@link #tokensPerSecond()} is generated tokens over
 *       the loop's time.
 * </ul>
 */
public final class DecodingStats {
    private final String draftSource;
    private final long verifications;
    private final long generatedTokens;
    private final long emittedTokens;
    private final long[] tested;
    private final long[] accepted;
    private final long[] draftCounts;
    private final long prefillNanos;
    private final long draftNanos;
    private final long targetNanos;
    private final long verifyNanos;
    private final long loopNanos;

    DecodingStats(String draftSource, long verifications, long generatedTokens, long emittedTokens, long[] tested, long[] accepted,
                  long[] draftCounts, long prefillNanos, long draftNanos, long targetNanos, long verifyNanos, long loopNanos) {
        this.draftSource = draftSource;
        this.verifications = verifications;
        this.generatedTokens = generatedTokens;
        this.emittedTokens = emittedTokens;
        this.tested = tested.clone();
        this.accepted = accepted.clone();
        this.draftCounts = draftCounts.clone();
        this.prefillNanos = prefillNanos;
        this.draftNanos = draftNanos;
        this.targetNanos = targetNanos;
        this.verifyNanos = verifyNanos;
        this.loopNanos = loopNanos;
    }

    /**
     * Expected tokens per verification with g drafts at acceptance rate alpha:
     * (1 - alpha^(g+1)) / (1 - alpha), which is g + 1 at alpha = 1 (Leviathan et al. 2023, equation 1).
     */
    public static double expectedTokensPerVerification(double alpha, int g) {
        if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        if (g < 0) throw new IllegalArgumentException("draft length must be >= 0, got " + g);
        if (alpha == 1) return g + 1;
        return (1 - Math.pow(alpha, g + 1)) / (1 - alpha);
    }

    /** The draft source's name, or "none" for plain decoding. */
    public String draftSource() {
        return draftSource;
    }

    /** Number of target forward passes after prefill, each followed by one verification. */
    public long verifications() {
        return verifications;
    }

    /** Tokens generated (the output's length). */
    public long generatedTokens() {
        return generatedTokens;
    }

    /** Tokens the verifier emitted, summed over verifications: accepted drafts plus one each. */
    public long emittedTokens() {
        return emittedTokens;
    }

    /** Number of draft positions that have statistics: the largest draft length used. */
    public int positions() {
        return tested.length;
    }

    /** How often draft position i was tested. */
    public long tested(int position) {
        return tested[checkPosition(position)];
    }

    /** How often the draft at position i was accepted. */
    public long accepted(int position) {
        return accepted[checkPosition(position)];
    }

    /** accepted / tested at draft position i; NaN if it was never tested. */
    public double acceptanceRate(int position) {
        checkPosition(position);
        return tested[position] == 0 ? Double.NaN : (double) accepted[position] / tested[position];
    }

    /** Accepted drafts over tested drafts, all positions together; NaN if no draft was tested. */
    public double alpha() {
        long t = Arrays.stream(tested).sum();
        return t == 0 ? Double.NaN : (double) Arrays.stream(accepted).sum() / t;
    }

    /** How many verifications had n drafts, 0 &lt;= n &lt;= {@link #positions()}. */
    public long verificationsWithDrafts(int n) {
        if (n < 0 || n >= draftCounts.length) throw new IllegalArgumentException("draft count " + n + " is outside [0, " + draftCounts.length + ")");
        return draftCounts[n];
    }

    /** Mean number of drafts per verification. */
    public double meanDraftLength() {
        double sum = 0;
        for (int n = 0; n < draftCounts.length; n++) sum += (double) n * draftCounts[n];
        return verifications == 0 ? Double.NaN : sum / verifications;
    }

    /** Measured tokens per verification: {@link #emittedTokens()} / {@link #verifications()}. */
    public double tokensPerVerification() {
        return verifications == 0 ? Double.NaN : (double) emittedTokens / verifications;
    }

    /**
     * Predicted tokens per verification at the measured alpha: the mean over verifications of
     * {@link #expectedTokensPerVerification}(alpha, drafts of that verification). Without any
     * tested draft it is 1 (every verification emitted one token from the target).
     */
    public double predictedTokensPerVerification() {
        if (verifications == 0) return Double.NaN;
        double alpha = alpha();
        if (Double.isNaN(alpha)) return 1.0;
        double sum = 0;
        for (int n = 0; n < draftCounts.length; n++) sum += draftCounts[n] * expectedTokensPerVerification(alpha, n);
        return sum / verifications;
    }

    public long prefillNanos() {
        return prefillNanos;
    }

    /** Time in {@link DraftSource#propose} and {@link DraftSource#accepted}. */
    public long draftNanos() {
        return draftNanos;
    }

    /** Time in the target's forward passes and roll-backs after prefill. */
    public long targetNanos() {
        return targetNanos;
    }

    /** Time in {@link dev.specula.core.ChainVerifier#verify}. */
    public long verifyNanos() {
        return verifyNanos;
    }

    /** Wall time of the decoding loop after prefill, without the listener's time. */
    public long loopNanos() {
        return loopNanos;
    }

    /** Generated tokens per second of loop time. */
    public double tokensPerSecond() {
        return loopNanos == 0 ? Double.NaN : generatedTokens / (loopNanos / 1e9);
    }

    /** Share of the loop's time spent in verification. */
    public double verificationShare() {
        return share(verifyNanos);
    }

    /** Share of the loop's time spent drafting. */
    public double draftShare() {
        return share(draftNanos);
    }

    /** Share of the loop's time spent in the target's forward passes. */
    public double targetShare() {
        return share(targetNanos);
    }

    private double share(long nanos) {
        return loopNanos == 0 ? Double.NaN : (double) nanos / loopNanos;
    }

    private int checkPosition(int position) {
        if (position < 0 || position >= tested.length) {
            throw new IllegalArgumentException("draft position " + position + " is outside [0, " + tested.length + ")");
        }
        return position;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "DecodingStats[%s: %d tokens in %d verifications, alpha %.3f, %.2f tokens/verification"
                        + " (predicted %.2f), %.1f tokens/s; draft %.1f%%, target %.1f%%, verify %.2f%%]",
                draftSource, generatedTokens, verifications, alpha(), tokensPerVerification(), predictedTokensPerVerification(),
                tokensPerSecond(), 100 * draftShare(), 100 * targetShare(), 100 * verificationShare());
    }

    /** Accumulates a generation's statistics; the decoder's mutable counterpart. */
    static final class Recorder {
        private final String draftSource;
        private final long[] tested;
        private final long[] accepted;
        private final long[] draftCounts;
        long verifications, generatedTokens, emittedTokens;
        long prefillNanos, draftNanos, targetNanos, verifyNanos, listenerNanos;
        private long loopStart, loopEnd;

        Recorder(String draftSource, int maxDrafts) {
            this.draftSource = draftSource;
            this.tested = new long[maxDrafts];
            this.accepted = new long[maxDrafts];
            this.draftCounts = new long[maxDrafts + 1];
        }

        void verification(int drafts, int acceptedDrafts) {
            verifications++;
            emittedTokens += acceptedDrafts + 1;
            draftCounts[drafts]++;
            for (int i = 0; i < drafts && i <= acceptedDrafts; i++) {
                tested[i]++;
                if (i < acceptedDrafts) accepted[i]++;
            }
        }

        void startLoop() {
            loopStart = System.nanoTime();
        }

        void endLoop() {
            loopEnd = System.nanoTime();
        }

        DecodingStats snapshot() {
            int used = tested.length;
            while (used > 0 && tested[used - 1] == 0 && draftCounts[used] == 0) used--;
            return new DecodingStats(draftSource, verifications, generatedTokens, emittedTokens, Arrays.copyOf(tested, used),
                    Arrays.copyOf(accepted, used), Arrays.copyOf(draftCounts, used + 1), prefillNanos, draftNanos, targetNanos,
                    verifyNanos, Math.max(0, loopEnd - loopStart - listenerNanos));
        }
    }
}
