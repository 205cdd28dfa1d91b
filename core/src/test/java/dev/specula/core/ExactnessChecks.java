package dev.specula.core;

import static dev.specula.core.Distributions.assertFollows;
import static dev.specula.core.Distributions.beta;
import static dev.specula.core.Distributions.softmax;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The whole draft-then-verify step, run many times against any {@link ChainVerifier}, with
 * drafts freshly sampled from q in every trial; the emitted tokens are compared with the exact
 * target distributions by {@link Distributions#assertFollows}. Backends reuse these checks, and
 * the negative controls show they fail on biased verifiers.
 */
final class ExactnessChecks {
    /** Trials per chain check; see {@link Distributions} for the power this gives. */
    static final int TRIALS = 200_000;
    /** Sequences per verify call. */
    static final int BATCH = 100;

    private ExactnessChecks() {}

    /** What the verifier is told about q, and how the test draws drafts from it. */
    sealed interface Draft {
        /** Draft logits at a temperature; drafts drawn with {@link DraftSampler}. */
        record Logits(float[][] rows, float temperature) implements Draft {}

        /** Draft probabilities; drafts drawn by the test from those rows. */
        record Probabilities(float[][] rows) implements Draft {}

        /** Fixed one-hot drafts (an n-gram drafter's proposals, say). */
        record OneHot(int... tokens) implements Draft {}

        default double[] q(int i, int vocab) {
            return switch (this) {
                case Logits l -> softmax(l.rows()[i], l.temperature());
                case Probabilities p -> normalised(p.rows()[i]);
                case OneHot o -> Distributions.oneHot(vocab, o.tokens()[i]);
            };
        }

    }

    /**
     * One chain: g+1 target rows (the same for every trial), the target temperature, the draft
     * (whose first g rows or tokens are used).
     *
     * @param sampler what the test feeds the verifier as the draft's distribution; normally
     *     {@code draft}, but a negative control may let the two disagree
     */
    record Chain(float[][] target, float temperature, Draft draft, Draft sampler) {
        Chain(float[][] target, float temperature, Draft draft) {
            this(target, temperature, draft, draft);
        }

        int vocab() {
            return target[0].length;
        }

        int drafts() {
            return target.length - 1;
        }

        double[] p(int i) {
            return softmax(target[i], temperature);
        }
    }

    /** Emitted-token counts of many trials of one chain. */
    record Tally(long[] first, long[] secondAfterAccept, long[] accepted) {}

    /**
     * Checks (a) the first emitted token follows p_0, (b) the second emitted token, given the
     * first draft was accepted, follows p_1, (c) the number of accepted drafts follows the
     * per-position beta_i = sum min(p_i, q_i).
     */
    static void assertExact(String what, ChainVerifier verifier, Chain chain, long seed) {
        Tally tally = run(verifier, chain, TRIALS, seed);
        int g = chain.drafts();
        assertFollows(what + ", first token", chain.p(0), tally.first());
        if (g >= 1 && Arrays.stream(tally.secondAfterAccept()).sum() > 0) {
            assertFollows(what + ", second token after an accepted draft", chain.p(1), tally.secondAfterAccept());
        }
        assertFollows(what + ", accepted drafts", acceptedLengthDistribution(chain), tally.accepted());
    }

    /** P(k drafts accepted), k = 0..g: prod_{i<k} beta_i * (1 - beta_k), and prod beta_i for k = g. */
    static double[] acceptedLengthDistribution(Chain chain) {
        int g = chain.drafts();
        double[] distribution = new double[g + 1];
        double reach = 1;
        for (int k = 0; k < g; k++) {
            double b = beta(chain.p(k), chain.draft().q(k, chain.vocab()));
            distribution[k] = reach * (1 - b);
            reach *= b;
        }
        distribution[g] = reach;
        return distribution;
    }

    /** Runs {@code trials} independent draft-then-verify steps of {@code chain}. */
    static Tally run(ChainVerifier verifier, Chain chain, int trials, long seed) {
        int vocab = chain.vocab(), g = chain.drafts(), batchSize = Math.min(BATCH, trials);
        VerificationBatch batch = new VerificationBatch(batchSize, g, vocab)
                .target(FloatRows.of(replicate(chain.target(), g + 1, batchSize), batchSize, g + 1, vocab))
                .settings(SamplingSettings.temperature(chain.temperature()))
                .seedAll(seed);
        switch (chain.draft()) {
            case Draft.Logits l -> batch.draftDistribution(DraftDistribution.logits(FloatRows.of(replicate(l.rows(), g, batchSize), batchSize, g, vocab)))
                    .draftSettings(SamplingSettings.temperature(l.temperature()));
            case Draft.Probabilities p -> batch.draftDistribution(DraftDistribution.probabilities(
                    FloatRows.of(replicate(p.rows(), g, batchSize), batchSize, g, vocab)));
            case Draft.OneHot o -> batch.draftDistribution(DraftDistribution.oneHot());
        }
        SplittableRandom random = new SplittableRandom(seed);
        VerificationResult result = VerificationResult.forBatch(batch);
        Tally tally = new Tally(new long[vocab], new long[vocab], new long[g + 1]);
        for (int call = 0; call < trials / batchSize; call++) {
            batch.stepAll(call);
            for (int b = 0; b < batchSize; b++) {
                for (int i = 0; i < g; i++) batch.draftToken(b, i, drawDraft(chain.sampler(), batch, b, i, random));
                batch.draftCount(b, g);
            }
            verifier.verify(batch, result);
            for (int b = 0; b < batchSize; b++) {
                tally.first()[result.emitted(b, 0)]++;
                tally.accepted()[result.accepted(b)]++;
                if (result.accepted(b) >= 1) tally.secondAfterAccept()[result.emitted(b, 1)]++;
            }
        }
        return tally;
    }

    private static int drawDraft(Draft sampler, VerificationBatch batch, int b, int i, SplittableRandom random) {
        return switch (sampler) {
            case Draft.Logits l -> DraftSampler.sample(FloatRows.of(l.rows()[i], 1, 1, l.rows()[i].length), 0, 0,
                    SamplingSettings.temperature(l.temperature()), RandomStreams.draftUniform(batch.seed(b), batch.stream(b),
                            batch.step(b), i)).token();
            case Draft.Probabilities p -> Distributions.inverseCdf(normalised(p.rows()[i]), random.nextDouble());
            case Draft.OneHot o -> o.tokens()[i];
        };
    }

    /**
     * End-to-end exactness of speculative decoding over an order-1 Markov "language model":
     * target row = logits {@code target[previous token]}, draft row = {@code draft[previous]}.
     * Decodes {@code length} tokens after {@code start} for each of {@code sequences} sequences
     * (drafts of up to g tokens, fewer near the end) and checks that the joint distribution of the
     * decoded tokens is the product of the target's conditionals, so rows that depend on the
     * drafted prefix, variable draft counts and the emission of several tokens per step are all
     * covered. Cells: V^length.
     */
    static void assertMarkovDecodingExact(String what, ChainVerifier verifier, float[][] target, float temperature,
                                          float[][] draft, float draftTemperature, int g, int start, int length,
                                          int sequences, long seed) {
        int vocab = target.length;
        long[] joint = new long[Math.toIntExact((long) Math.pow(vocab, length))];
        decodeMarkov(verifier, target, temperature, draft, draftTemperature, g, start, length, sequences, seed,
                tokens -> joint[cell(tokens, vocab)]++);
        double[] expected = new double[joint.length];
        for (int cell = 0; cell < expected.length; cell++) {
            double probability = 1;
            int previous = start;
            for (int k = 0, rest = cell; k < length; k++, rest /= vocab) {
                int token = rest % vocab;
                probability *= softmax(target[previous], temperature)[token];
                previous = token;
            }
            expected[cell] = probability;
        }
        assertFollows(what, expected, joint);
    }

    /** Index of a token sequence among the V^length cells, first token least significant. */
    private static int cell(int[] tokens, int vocab) {
        int cell = 0;
        for (int k = tokens.length - 1; k >= 0; k--) cell = cell * vocab + tokens[k];
        return cell;
    }

    /**
     * Greedy speculative decoding (target temperature 0) must equal arg-max decoding token for
     * token, whatever the drafts.
     *
     * @return the mean number of tokens emitted per verification, to show drafts were accepted
     */
    static double assertGreedyMarkovDecodingIsArgmax(ChainVerifier verifier, float[][] target, float[][] draft,
                                                     float draftTemperature, int g, int start, int length, int sequences,
                                                     long seed) {
        int[] argmaxChain = new int[length];
        for (int k = 0, previous = start; k < length; k++) {
            argmaxChain[k] = previous = argmax(softmax(target[previous], 0));
        }
        long verifications = decodeMarkov(verifier, target, 0f, draft, draftTemperature, g, start, length, sequences, seed,
                tokens -> assertArrayEquals(argmaxChain, tokens, "greedy speculative decoding must emit the arg-max chain"));
        return (double) sequences * length / verifications;
    }

    /**
     * Decodes {@code sequences} sequences of {@code length} tokens, {@link #BATCH} at a time, and
     * hands each finished one to {@code onSequence}.
     *
     * @return the number of sequence verifications it took
     */
    private static long decodeMarkov(ChainVerifier verifier, float[][] target, float temperature, float[][] draft,
                                     float draftTemperature, int g, int start, int length, int sequences, long seed,
                                     Consumer<int[]> onSequence) {
        int vocab = target.length, batchSize = Math.min(BATCH, sequences);
        float[] targetRows = new float[batchSize * (g + 1) * vocab];
        float[] draftRows = new float[batchSize * Math.max(g, 1) * vocab];
        VerificationBatch batch = new VerificationBatch(batchSize, g, vocab)
                .target(FloatRows.of(targetRows, batchSize, g + 1, vocab))
                .draftDistribution(DraftDistribution.logits(FloatRows.of(draftRows, batchSize, g, vocab)))
                .settings(SamplingSettings.temperature(temperature))
                .draftSettings(SamplingSettings.temperature(draftTemperature))
                .seedAll(seed);
        VerificationResult result = VerificationResult.forBatch(batch);
        int[][] decoded = new int[batchSize][length];
        int[] decodedLength = new int[batchSize];
        int started = 0, finished = 0;
        long verifications = 0;
        for (int b = 0; b < batchSize; b++) batch.stream(b, started++).step(b, 0);
        while (finished < sequences) {
            for (int b = 0; b < batchSize; b++) {
                int previous = decodedLength[b] == 0 ? start : decoded[b][decodedLength[b] - 1];
                int n = Math.min(g, length - decodedLength[b] - 1);
                for (int i = 0; i < n; i++) {
                    System.arraycopy(draft[previous], 0, draftRows, (b * g + i) * vocab, vocab);
                    System.arraycopy(target[previous], 0, targetRows, (b * (g + 1) + i) * vocab, vocab);
                    previous = DraftSampler.sampleDraft(batch, b, i);
                }
                batch.draftCount(b, n);
                System.arraycopy(target[previous], 0, targetRows, (b * (g + 1) + n) * vocab, vocab);
            }
            verifier.verify(batch, result);
            verifications += batchSize;
            for (int b = 0; b < batchSize; b++) {
                for (int k = 0; k < result.emittedCount(b) && decodedLength[b] < length; k++) {
                    decoded[b][decodedLength[b]++] = result.emitted(b, k);
                }
                batch.step(b, batch.step(b) + 1);
                if (decodedLength[b] == length) {
                    if (finished < sequences) {
                        onSequence.accept(decoded[b].clone());
                        finished++;
                    }
                    decodedLength[b] = 0;
                    batch.stream(b, started++).step(b, 0);
                }
            }
        }
        return verifications;
    }

    /** The first {@code count} rows, {@code times} times over, as one dense array. */
    static float[] replicate(float[][] rows, int count, int times) {
        int vocab = rows.length == 0 ? 0 : rows[0].length;
        float[] out = new float[times * count * vocab];
        for (int t = 0; t < times; t++) {
            for (int r = 0; r < count; r++) System.arraycopy(rows[r], 0, out, (t * count + r) * vocab, vocab);
        }
        return out;
    }

    static double[] normalised(float[] row) {
        double sum = 0;
        for (float x : row) sum += x;
        double[] q = new double[row.length];
        for (int v = 0; v < row.length; v++) q[v] = row[v] / sum;
        return q;
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int v = 1; v < p.length; v++) if (p[v] > p[best]) best = v;
        return best;
    }
}
