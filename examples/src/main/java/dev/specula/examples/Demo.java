package dev.specula.examples;

import dev.specula.core.ChainVerifier;
import dev.specula.core.DraftDistribution;
import dev.specula.core.DraftSampler;
import dev.specula.core.Ending;
import dev.specula.core.ReferenceVerifier;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.util.Arrays;

/**
 * The synthetic demo ({@code ./specula demo --synthetic}, or when no model is found): chain
 * verification with the exact {@link ReferenceVerifier} on a synthetic, language-model-like
 * workload ({@link ZipfWorkload}).
 *
 * <ol>
 *   <li>For draft lengths g = 1, 2, 4, 8 and a good and a weak draft, it verifies batches of
 *       freshly sampled drafts and compares the measured acceptance rate and tokens per
 *       verification with what theory predicts from the rows.
 *   <li>It checks exactness ({@link FirstTokenCheck}): the first emitted token must be
 *       distributed as the target p_0, to within the noise of a histogram of that many samples.
 *       A control run with a deliberately wrong q shows that the check can fail.
 * </ol>
 *
 * Only Specula's public API is used; the arithmetic the demo does itself (softmax, beta, TV) is
 * plain double-precision code in {@link ZipfWorkload}, {@link FirstTokenCheck} and here.
 * Options are parsed by {@link DemoOptions}.
 */
public final class Demo {
    static final int[] DRAFT_LENGTHS = {1, 2, 4, 8};
    static final Quality[] QUALITIES = {new Quality("good draft", 0.8), new Quality("weak draft", 0.5)};
    /** Calls with the longest drafts before anything is timed, so the JIT has compiled the row loops. */
    static final int WARMUP_CALLS = 3;

    private Demo() {}

    record Quality(String name, double beta) {}

    /** What one table row measured. */
    record Tally(int g, long verified, long accepted, long rejected, double tokens, double tokensSquared, long verifyNanos) {
        /** Per-position acceptance probability: every position reached ends in an acceptance or a rejection. */
        double alpha() {
            return (double) accepted / (accepted + rejected);
        }

        double meanTokens() {
            return tokens / verified;
        }

        /** Standard error of {@link #meanTokens()}. */
        double tokensError() {
            double mean = meanTokens();
            return Math.sqrt(Math.max(0, tokensSquared / verified - mean * mean) / (verified - 1));
        }
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) System.exit(status);
    }

    /**
     * Runs the demo; returns the exit status: 0, 1 when the exactness check reports a mismatch,
     * 2 on bad options.
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("Demo: " + e.getMessage());
            err.print(DemoOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(DemoOptions.USAGE);
            return 0;
        }
        long started = System.nanoTime();
        Progress progress = new Progress(err);
        int maxDrafts = Arrays.stream(DRAFT_LENGTHS).max().orElseThrow();
        boolean exactnessOk;
        printHeader(out, options);

        try (Arena arena = Arena.ofConfined(); ChainVerifier verifier = new ReferenceVerifier()) {
            progress.show("generating rows");
            ZipfWorkload workload = ZipfWorkload.generate(arena, options.batch(), maxDrafts, options.vocab(), options.seed());
            double[] noise = new double[QUALITIES.length];
            for (int k = 0; k < QUALITIES.length; k++) {
                progress.show("calibrating the " + QUALITIES[k].name());
                noise[k] = workload.noiseForBeta(QUALITIES[k].beta());
            }
            // Every call gets its own step, so its drafts and uniforms are fresh random numbers.
            long step = 0;

            workload.setDraftNoise(noise[0]);
            measure(verifier, workload, maxDrafts, WARMUP_CALLS, options.seed(), step, progress, "warming up");
            step += WARMUP_CALLS;

            for (int k = 0; k < QUALITIES.length; k++) {
                progress.show("writing the " + QUALITIES[k].name() + " rows");
                workload.setDraftNoise(noise[k]);
                double[][] beta = betas(workload);
                progress.clear();
                out.printf("%n%s: draft logits = target logits + N(0, %.3f^2) noise%n", QUALITIES[k].name(), noise[k]);
                out.printf("%4s%8s%8s%18s%10s%10s%9s%9s%n", "g", "beta", "alpha", "tokens/verify", "formula", "expected", "seq/s", "ms/call");
                for (int g : DRAFT_LENGTHS) {
                    Tally t = measure(verifier, workload, g, options.calls(), options.seed(), step, progress,
                            QUALITIES[k].name() + ", g = " + g);
                    step += options.calls();
                    progress.clear();
                    printRow(out, t, beta);
                }
            }

            // The exactness check gets rows of its own with a fixed exponent, so that how concentrated
            // p_0 is, and with it the power of the check, does not depend on the seed.
            progress.show("generating the exactness rows");
            ZipfWorkload single = ZipfWorkload.generate(arena, 1, 1, options.vocab(), FirstTokenCheck.ZIPF_EXPONENT,
                    FirstTokenCheck.ZIPF_EXPONENT, options.seed() + 1);
            single.setDraftNoise(single.noiseForBeta(QUALITIES[QUALITIES.length - 1].beta()));
            double[] p0 = ZipfWorkload.distribution(single.target(), 0, 0, FirstTokenCheck.TARGET_TEMPERATURE);
            double checkBeta = single.beta(0, 0, FirstTokenCheck.TARGET_TEMPERATURE, 1);
            progress.clear();
            out.printf("%nExactness: the first emitted token must be distributed as p_0, whatever the draft.%n");
            out.printf("  one sequence, g = 1; target row with Zipf exponent %.1f at temperature %.1f: p_0 has top token %.3f%n",
                    FirstTokenCheck.ZIPF_EXPONENT, FirstTokenCheck.TARGET_TEMPERATURE, Arrays.stream(p0).max().orElseThrow());
            out.printf("  and 99%% of its mass on %d tokens; a %s (sigma %.3f) sampled at temperature 1: beta(p_0, q_0) = %.3f,%n",
                    tokensHolding(p0, 0.99), QUALITIES[QUALITIES.length - 1].name(), single.draftNoise(), checkBeta);
            out.printf("  so %.0f%% of first tokens come from the residual max(0, p_0 - q_0).%n", 100 * (1 - checkBeta));
            FirstTokenCheck check = FirstTokenCheck.run(verifier, single, 1f, options.samples(), options.seed(), step, progress,
                    "exactness");
            step += options.samples();
            progress.clear();
            check.print(out, checkBeta, options.vocab());
            exactnessOk = check.withinNoise();

            out.printf("%nControl: the same check with a deliberate bug. Drafts are sampled at temperature %.1f but verified as%n",
                    FirstTokenCheck.WRONG_SAMPLING_TEMPERATURE);
            out.println("  if sampled at 1: q is not the distribution the draft came from (the bug class of transformers #47932).");
            FirstTokenCheck control = FirstTokenCheck.run(verifier, single, FirstTokenCheck.WRONG_SAMPLING_TEMPERATURE,
                    options.samples(), options.seed(), step, progress, "control");
            progress.clear();
            control.print(out, Double.NaN, options.vocab());
            out.println(control.withinNoise()
                    ? "  The check did not see this bug with so few samples: raise --samples."
                    : "  As it must: the check sees a wrong q, so its OK above means something.");
        }
        out.printf("%nTotal time %.1f s.%n", (System.nanoTime() - started) / 1e9);
        return exactnessOk ? 0 : 1;
    }

    private static void printHeader(PrintStream out, DemoOptions o) {
        out.printf("""
                Specula demo: exact chain verification (ReferenceVerifier, double precision) on a synthetic workload.
                B = %d sequences, V = %d tokens, %d verify calls per table row, seed %d.
                  target rows  Zipf-shaped logits -s*ln(rank+1) + N(0, %.1f^2), s uniform in [%.0f, %.0f], token ids shuffled per row
                  draft rows   target rows plus Gaussian noise, scaled so that the mean beta is %.1f (good) or %.1f (weak)
                  every call draws fresh drafts from q with DraftSampler and advances the step (fresh random streams);
                  the rows stay fixed, so beta and the expected tokens below are exact for them.
                Columns
                  beta       mean over the drafted rows of sum_v min(p, q), computed exactly: the acceptance probability
                  alpha      measured per-position acceptance: accepted drafts / (accepted drafts + rejections)
                  tokens     measured tokens emitted per verification, +- one standard error
                  formula    (1 - alpha^(g+1)) / (1 - alpha) at the measured alpha
                  expected   expected tokens per verification for these rows: mean over sequences of sum_k prod_{i<k} beta_i
                  seq/s      sequences verified per second by verify() alone (drafting is not timed), one thread
                  ms/call    milliseconds per verify() call of B sequences
                """, o.batch(), o.vocab(), o.calls(), o.seed(), ZipfWorkload.LOGIT_NOISE, ZipfWorkload.MIN_EXPONENT,
                ZipfWorkload.MAX_EXPONENT, QUALITIES[0].beta(), QUALITIES[1].beta());
    }

    private static void printRow(PrintStream out, Tally t, double[][] beta) {
        int g = t.g();
        double a = t.alpha();
        double formula = a == 1 ? g + 1 : (1 - Math.pow(a, g + 1)) / (1 - a);
        double seconds = t.verifyNanos() / 1e9;
        out.printf("%4d%8.3f%8.3f%10.2f +- %4.2f%10.2f%10.2f%9.0f%9.2f%n", g, meanBeta(beta, g), a, t.meanTokens(), t.tokensError(), formula,
                expectedTokens(beta, g), t.verified() / seconds, 1e3 * seconds / (t.verified() / beta.length));
    }

    /**
     * Verifies {@code calls} batches with g drafts per sequence, drawn from the workload's draft
     * rows by {@link DraftSampler}, and tallies the outcome. Only {@code verify} is timed.
     */
    static Tally measure(ChainVerifier verifier, ZipfWorkload workload, int g, int calls, long seed, long firstStep, Progress progress,
                         String label) {
        int sequences = workload.sequences();
        // The workload has rows for the longest drafts; with fewer, the rows past g + 1 are not read.
        VerificationBatch batch = new VerificationBatch(sequences, g, workload.vocabSize())
                .target(workload.target())
                .draftDistribution(DraftDistribution.logits(workload.drafts()))
                .seedAll(seed)
                .stepAll(firstStep);
        VerificationResult result = VerificationResult.forBatch(batch);
        long accepted = 0, rejected = 0, nanos = 0;
        double tokens = 0, tokensSquared = 0;
        for (int call = 0; call < calls; call++) {
            for (int b = 0; b < sequences; b++) for (int i = 0; i < g; i++) DraftSampler.sampleDraft(batch, b, i);
            long start = System.nanoTime();
            verifier.verify(batch, result);
            nanos += System.nanoTime() - start;
            for (int b = 0; b < sequences; b++) {
                accepted += result.accepted(b);
                if (result.ending(b) == Ending.CORRECTION) rejected++;
                int n = result.emittedCount(b);
                tokens += n;
                tokensSquared += n * n;
            }
            batch.advanceSteps();
            progress.show(label, call + 1, calls);
        }
        return new Tally(g, (long) calls * sequences, accepted, rejected, tokens, tokensSquared, nanos);
    }

    /** beta[b][i] = sum_v min(p, q) of draft position i of sequence b, at temperature 1. */
    static double[][] betas(ZipfWorkload workload) {
        double[][] beta = new double[workload.sequences()][workload.maxDrafts()];
        for (int b = 0; b < beta.length; b++) for (int i = 0; i < beta[b].length; i++) beta[b][i] = workload.beta(b, i, 1, 1);
        return beta;
    }

    /** Mean of beta[b][i] over every sequence b and the first g positions i. */
    static double meanBeta(double[][] beta, int g) {
        return Arrays.stream(beta).mapToDouble(rows -> Arrays.stream(rows, 0, g).sum()).sum() / (beta.length * g);
    }

    /**
     * Expected tokens per verification with g drafts: position k is reached with probability
     * prod_{i<k} beta_i, and every position reached, 0..g, emits one token.
     */
    static double expectedTokens(double[][] beta, int g) {
        double sum = 0;
        for (double[] rows : beta) {
            double reach = 1;
            sum += reach;
            for (int i = 0; i < g; i++) {
                reach *= rows[i];
                sum += reach;
            }
        }
        return sum / beta.length;
    }

    /** How many of the most probable tokens it takes to hold {@code mass} of p. */
    static int tokensHolding(double[] p, double mass) {
        double[] sorted = p.clone();
        Arrays.sort(sorted);
        double sum = 0;
        int k = 0;
        while (sum < mass && k < sorted.length) sum += sorted[sorted.length - 1 - k++];
        return k;
    }
}
