package dev.specula.examples;

import dev.specula.core.ChainVerifier;
import dev.specula.core.DraftDistribution;
import dev.specula.core.DraftSampler;
import dev.specula.core.Ending;
import dev.specula.core.FloatRows;
import dev.specula.core.RandomStreams;
import dev.specula.core.ReferenceVerifier;
import dev.specula.core.SamplingSettings;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The demo the README starts with: chain verification with the exact {@link ReferenceVerifier}
 * on a synthetic, language-model-like workload ({@link ZipfWorkload}).
 *
 * <ol>
 *   <li>For draft lengths g = 1, 2, 4, 8 and a good and a weak draft, it verifies batches of
 *       freshly sampled drafts and compares the measured acceptance rate and tokens per
 *       verification with what theory predicts from the rows.
 *   <li>It checks exactness: the first emitted token must be distributed as the target p_0, to
 *       within the noise of a histogram of that many samples. A control run with a deliberately
 *       wrong q shows that the check can fail.
 * </ol>
 *
 * Only Specula's public API is used; the arithmetic the demo does itself (softmax, beta, TV) is
 * plain double-precision code in {@link ZipfWorkload} and here.
 */
public final class Demo {
    static final int[] DRAFT_LENGTHS = {1, 2, 4, 8};
    static final Quality[] QUALITIES = {new Quality("good draft", 0.8), new Quality("weak draft", 0.5)};
    /** Calls with the longest drafts before anything is timed, so the JIT has compiled the row loops. */
    static final int WARMUP_CALLS = 3;
    /**
     * Target temperature of the exactness check. Below 1 it concentrates p_0 on fewer tokens, so
     * that a few thousand samples say something about every token that carries mass.
     */
    static final float CHECK_TEMPERATURE = 0.7f;
    /** Zipf exponent of the exactness check's row: with the temperature above, p_0 holds 99% of its mass on a few dozen tokens. */
    static final double CHECK_EXPONENT = 1.5;
    /** The control's drafts are really sampled at this temperature while the verifier is told 1. */
    static final float WRONG_SAMPLING_TEMPERATURE = 0.7f;
    /** Histograms of direct draws from p_0 that measure the sampling noise of the check. */
    static final int NOISE_REPEATS = 200;
    /** The check reports a mismatch when the TV is this many standard deviations above the noise mean. */
    static final double MISMATCH_SDS = 4;

    static final String USAGE = """
            Usage: Demo [--vocab N] [--batch B] [--calls N] [--samples N] [--seed S]
              --vocab N    vocabulary size V (default 32000)
              --batch B    sequences per verification call (default 8)
              --calls N    verification calls per table row (default 40)
              --samples N  verifications of the exactness check, and of its control (default 2500)
              --seed S     seed of the synthetic rows and of the random streams (default 42)
              --help       this text
            """;

    private Demo() {}

    record Quality(String name, double beta) {}

    record Options(int vocab, int batch, int calls, int samples, long seed, boolean help) {}

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

    /** The outcome of one first-token check. */
    record Check(int samples, int acceptedDrafts, double tv, double expectedTv, double noiseMean, double noiseSd,
                 double normalApproximation) {
        boolean withinNoise() {
            return tv <= noiseMean + MISMATCH_SDS * noiseSd;
        }

        double sdsAboveNoise() {
            return (tv - noiseMean) / noiseSd;
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
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("Demo: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(USAGE);
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
            ZipfWorkload single = ZipfWorkload.generate(arena, 1, 1, options.vocab(), CHECK_EXPONENT, CHECK_EXPONENT, options.seed() + 1);
            single.setDraftNoise(single.noiseForBeta(QUALITIES[QUALITIES.length - 1].beta()));
            double[] p0 = ZipfWorkload.distribution(single.target(), 0, 0, CHECK_TEMPERATURE);
            double checkBeta = single.beta(0, 0, CHECK_TEMPERATURE, 1);
            progress.clear();
            out.printf("%nExactness: the first emitted token must be distributed as p_0, whatever the draft.%n");
            out.printf("  one sequence, g = 1; target row with Zipf exponent %.1f at temperature %.1f: p_0 has top token %.3f%n",
                    CHECK_EXPONENT, CHECK_TEMPERATURE, Arrays.stream(p0).max().orElseThrow());
            out.printf("  and 99%% of its mass on %d tokens; a %s (sigma %.3f) sampled at temperature 1: beta(p_0, q_0) = %.3f,%n",
                    tokensHolding(p0, 0.99), QUALITIES[QUALITIES.length - 1].name(), single.draftNoise(), checkBeta);
            out.printf("  so %.0f%% of first tokens come from the residual max(0, p_0 - q_0).%n", 100 * (1 - checkBeta));
            Check check = firstTokenCheck(verifier, single, 1f, options.samples(), options.seed(), step, progress, "exactness");
            step += options.samples();
            progress.clear();
            printCheck(out, check, checkBeta, options.vocab());
            exactnessOk = check.withinNoise();

            out.printf("%nControl: the same check with a deliberate bug. Drafts are sampled at temperature %.1f but verified as%n",
                    WRONG_SAMPLING_TEMPERATURE);
            out.println("  if sampled at 1: q is not the distribution the draft came from (the bug class of transformers #47932).");
            Check control = firstTokenCheck(verifier, single, WRONG_SAMPLING_TEMPERATURE, options.samples(), options.seed(), step,
                    progress, "control");
            progress.clear();
            printCheck(out, control, Double.NaN, options.vocab());
            out.println(control.withinNoise()
                    ? "  The check did not see this bug with so few samples: raise --samples."
                    : "  As it must: the check sees a wrong q, so its OK above means something.");
        }
        out.printf("%nTotal time %.1f s.%n", (System.nanoTime() - started) / 1e9);
        return exactnessOk ? 0 : 1;
    }

    private static void printHeader(PrintStream out, Options o) {
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

    private static void printCheck(PrintStream out, Check c, double beta, int vocab) {
        double accepted = (double) c.acceptedDrafts() / c.samples();
        out.printf("  %d verifications; first tokens that are accepted drafts: %.1f%% +- %.1f%%%s%n", c.samples(), 100 * accepted,
                100 * Math.sqrt(accepted * (1 - accepted) / c.samples()),
                Double.isNaN(beta) ? "" : String.format(" (beta: %.1f%%)", 100 * beta));
        out.printf("  TV(histogram of first tokens, p_0) over all %d tokens: %.4f%n", vocab, c.tv());
        out.printf("  (with no sampling noise it would be %.4f: the TV of this setup's first-token distribution, computed exactly)%n",
                c.expectedTv());
        out.printf("  noise: TV of %d histograms of %d draws made directly from p_0 (simulated): mean %.4f, sd %.4f%n",
                NOISE_REPEATS, c.samples(), c.noiseMean(), c.noiseSd());
        out.printf("         (normal approximation sum_v sqrt(p_v (1 - p_v) / (2 pi N)): %.4f)%n", c.normalApproximation());
        String distance = c.noiseSd() > 0 ? String.format("TV is %.1f sd from the noise mean", c.sdsAboveNoise()) : "no noise at all";
        out.printf("  %s (%s; MISMATCH is reported above %.0f sd)%n", c.withinNoise() ? "OK: within noise" : "MISMATCH", distance,
                MISMATCH_SDS);
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
                .drafts(DraftDistribution.logits(workload.drafts()))
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

    /**
     * Verifies the single sequence of {@code workload} with one draft {@code samples} times, the
     * target at {@link #CHECK_TEMPERATURE}, and compares the histogram of the first emitted token
     * with p_0.
     *
     * @param samplingTemperature the temperature the draft is really sampled at; the verifier is
     *     always told 1, so anything else is the bug of verifying against the wrong q
     */
    static Check firstTokenCheck(ChainVerifier verifier, ZipfWorkload workload, float samplingTemperature, int samples, long seed,
                                 long firstStep, Progress progress, String label) {
        FloatRows target = workload.target();
        FloatRows drafts = workload.drafts();
        VerificationBatch batch = new VerificationBatch(1, 1, workload.vocabSize())
                .target(target)
                .drafts(DraftDistribution.logits(drafts))
                .settings(SamplingSettings.temperature(CHECK_TEMPERATURE))
                .draftSettings(SamplingSettings.DEFAULT)
                .seedAll(seed)
                .stepAll(firstStep);
        VerificationResult result = VerificationResult.forBatch(batch);
        int[] counts = new int[workload.vocabSize()];
        int accepted = 0;
        for (int n = 0; n < samples; n++) {
            if (samplingTemperature == 1f) {
                DraftSampler.sampleDraft(batch, 0, 0);
            } else {
                // The bug, on purpose: the draft comes from softmax(z / samplingTemperature), the
                // verifier is told softmax(z). Only the token is recorded, so nothing can notice.
                double u = RandomStreams.draftUniform(seed, batch.stream(0), batch.step(0), 0);
                batch.drafts(0, DraftSampler.sample(drafts, 0, 0, SamplingSettings.temperature(samplingTemperature), u).token());
            }
            verifier.verify(batch, result);
            counts[result.emitted(0, 0)]++;
            accepted += result.accepted(0);
            batch.advanceSteps();
            progress.show(label, n + 1, samples);
        }

        double[] p0 = ZipfWorkload.distribution(target, 0, 0, CHECK_TEMPERATURE);
        double[] q0 = ZipfWorkload.distribution(drafts, 0, 0, 1);
        double[] first = firstTokenDistribution(p0, q0, ZipfWorkload.distribution(drafts, 0, 0, samplingTemperature));
        double[] noise = noiseTvs(p0, samples, NOISE_REPEATS, new SplittableRandom(seed));
        double mean = Arrays.stream(noise).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(noise).map(x -> (x - mean) * (x - mean)).sum() / (noise.length - 1));
        double approximation = Arrays.stream(p0).map(p -> Math.sqrt(p * (1 - p) / (2 * Math.PI * samples))).sum();
        return new Check(samples, accepted, tv(counts, samples, p0), tv(first, p0), mean, sd, approximation);
    }

    /**
     * The exact distribution of the first emitted token when drafts are drawn from {@code drawn}
     * but verified against q: accepted drafts, drawn(v) min(1, p(v) / q(v)), plus the rejected
     * mass times the residual norm(max(0, p - q)). It is p exactly when drawn = q.
     */
    static double[] firstTokenDistribution(double[] p, double[] q, double[] drawn) {
        double[] first = new double[p.length];
        double rejected = 0, residual = 0;
        for (int v = 0; v < p.length; v++) {
            double accept = q[v] > 0 ? Math.min(1, p[v] / q[v]) : 0;
            first[v] = drawn[v] * accept;
            rejected += drawn[v] * (1 - accept);
            residual += Math.max(0, p[v] - q[v]);
        }
        for (int v = 0; v < p.length; v++) first[v] += rejected * (residual > 0 ? Math.max(0, p[v] - q[v]) / residual : p[v]);
        return first;
    }

    /**
     * TV distances to p of {@code repeats} histograms, each of {@code samples} draws made
     * directly from p: the spread a correct sampler shows, with no approximation.
     */
    static double[] noiseTvs(double[] p, int samples, int repeats, SplittableRandom random) {
        double[] cdf = p.clone();
        Arrays.parallelPrefix(cdf, Double::sum);
        int[] counts = new int[p.length];
        double[] tvs = new double[repeats];
        for (int k = 0; k < repeats; k++) {
            Arrays.fill(counts, 0);
            for (int n = 0; n < samples; n++) {
                double u = random.nextDouble() * cdf[cdf.length - 1];
                int at = Arrays.binarySearch(cdf, u);
                int v = at >= 0 ? at + 1 : -at - 1; // the first token whose cumulative sum exceeds u
                counts[Math.min(v, p.length - 1)]++;
            }
            tvs[k] = tv(counts, samples, p);
        }
        return tvs;
    }

    /** Total-variation distance between two distributions. */
    static double tv(double[] a, double[] b) {
        double sum = 0;
        for (int v = 0; v < a.length; v++) sum += Math.abs(a[v] - b[v]);
        return sum / 2;
    }

    /** Total-variation distance between the histogram {@code counts} of n samples and p. */
    static double tv(int[] counts, int n, double[] p) {
        double sum = 0;
        for (int v = 0; v < p.length; v++) sum += Math.abs((double) counts[v] / n - p[v]);
        return sum / 2;
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

    static Options parse(String[] args) {
        int vocab = 32_000, batch = 8, calls = 40, samples = 2500;
        long seed = 42;
        for (int k = 0; k < args.length; k++) {
            String option = args[k];
            switch (option) {
                case "--help", "-h" -> {
                    return new Options(vocab, batch, calls, samples, seed, true);
                }
                case "--vocab" -> vocab = positive(option, value(args, ++k, option), 2);
                case "--batch" -> batch = positive(option, value(args, ++k, option), 1);
                case "--calls" -> calls = positive(option, value(args, ++k, option), 2);
                case "--samples" -> samples = positive(option, value(args, ++k, option), 2);
                case "--seed" -> {
                    String text = value(args, ++k, option);
                    try {
                        seed = Long.parseLong(text);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seed needs an integer, got '" + text + "'");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        long draftFloats = (long) batch * Arrays.stream(DRAFT_LENGTHS).max().orElseThrow() * vocab;
        if (draftFloats > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("--batch " + batch + " with --vocab " + vocab + " needs more draft noise than one array holds");
        }
        return new Options(vocab, batch, calls, samples, seed, false);
    }

    private static String value(String[] args, int k, String option) {
        if (k >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[k];
    }

    private static int positive(String option, String text, int min) {
        try {
            int n = Integer.parseInt(text);
            if (n >= min) return n;
        } catch (NumberFormatException e) {
            // reported below, with the same message as a number that is too small
        }
        throw new IllegalArgumentException(option + " needs an integer >= " + min + ", got '" + text + "'");
    }

    /** One line of progress on stderr, redrawn in place with \r at most ten times a second. */
    static final class Progress {
        private final PrintStream err;
        private long lastDrawn;
        private int width;

        Progress(PrintStream err) {
            this.err = err;
        }

        void show(String what) {
            draw(what + "...");
        }

        void show(String label, long done, long total) {
            long now = System.nanoTime();
            if (done < total && now - lastDrawn < 100_000_000L) return;
            lastDrawn = now;
            draw(label + ": " + done + "/" + total);
        }

        /** Erases the progress line, so that the next line of stdout starts on a clean line. */
        void clear() {
            if (width == 0) return;
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
            width = 0;
        }

        private void draw(String text) {
            String line = "  " + text;
            err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
            err.flush();
            width = Math.max(width, line.length());
        }
    }
}
