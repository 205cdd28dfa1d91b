package dev.specula.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * After warm-up a verify call allocates nothing: workspaces are kept, SIMD vectors are scalar
 * replaced by the JIT, random blocks use a kept array. Measured with the JVM's per-thread
 * allocation counter ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}) over
 * 400 calls that go through every path (the counter is exact for this thread: a vector the JIT
 * failed to scalar-replace, a boxed value or a grown workspace would all show): accepts and rejections, bonus tokens, greedy and
 * sampled targets, logits with and without recorded log q, probabilities and one-hot drafts,
 * truncated targets and drafts (top-k, top-p, min-p).
 */
class FastVerifierAllocationTest {
    private static final int QUIET_ROUNDS = 5;

    @Test
    void aWarmVerifierAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes");
        threads.setThreadAllocatedMemoryEnabled(true);

        int sequences = 4, g = 4, vocab = 5_000;
        SplittableRandom random = new SplittableRandom(11);
        float[] target = new float[sequences * (g + 1) * vocab];
        float[] draft = new float[sequences * g * vocab];
        for (int i = 0; i < target.length; i++) target[i] = (float) (1.5 * random.nextGaussian());
        for (int b = 0; b < sequences; b++) {
            for (int r = 0; r < g; r++) {
                // Draft rows close to their target rows: long runs of acceptances as well as rejections.
                for (int v = 0; v < vocab; v++) {
                    draft[(b * g + r) * vocab + v] = target[(b * (g + 1) + r) * vocab + v] + (float) (0.3 * random.nextGaussian());
                }
            }
        }
        float[] probabilities = new float[draft.length];
        for (int row = 0; row < sequences * g; row++) {
            for (int v = 0; v < vocab; v++) probabilities[row * vocab + v] = 1f / vocab;
        }
        DraftDistribution logits = DraftDistribution.logits(FloatRows.of(draft, sequences, g, vocab));
        DraftDistribution[] kinds = {logits, DraftDistribution.probabilities(FloatRows.of(probabilities, sequences, g, vocab)),
                DraftDistribution.oneHot()};
        VerificationBatch batch = new VerificationBatch(sequences, g, vocab).target(FloatRows.of(target, sequences, g + 1, vocab)).seedAll(5);
        for (int b = 0; b < sequences; b++) batch.settings(b, SamplingSettings.temperature(b == 3 ? 0f : 0.5f + b * 0.5f));
        // Truncated settings too: top-k on the target of sequence 1 and on its drafts, top-p and min-p on sequence 2's.
        batch.settings(1, SamplingSettings.temperature(1f).withTopK(50)).draftSettings(1, SamplingSettings.DEFAULT.withTopK(200));
        batch.settings(2, SamplingSettings.temperature(1.5f).withTopP(0.9f).withMinP(0.01f)).draftSettings(2, SamplingSettings.DEFAULT.withTopP(0.95f));
        VerificationResult result = VerificationResult.forBatch(batch);

        // Inputs for each call are prepared up front: the draft sampler is not under test.
        int calls = 400;
        int[][] tokens = new int[calls][sequences * g];
        double[][] logQ = new double[calls][sequences * g];
        for (int call = 0; call < calls; call++) {
            batch.draftDistribution(logits).stepAll(call);
            for (int b = 0; b < sequences; b++) {
                for (int i = 0; i < g; i++) {
                    tokens[call][b * g + i] = DraftSampler.sampleDraft(batch, b, i);
                    logQ[call][b * g + i] = call % 2 == 0 ? batch.draftLogProbability(b, i) : Double.NaN;
                }
            }
        }

        // Every round makes the same 400 calls on the same inputs, so a path that allocates does so in
        // every round. Until the JIT has compiled every path, interpreted vector code allocates;
        // compilation runs in the background and may take many rounds on a busy machine, and a late
        // recompilation can still cost a few hundred bytes in some round. So the verifier must reach
        // five rounds in a row without a byte allocated: one that allocates on any path never does,
        // and fails at the cap. (The test runs in a JVM of its own, see core's pom: what it claims is
        // the steady state of an application verifying in a loop, not of a JVM whose profiles other
        // test classes have shaped.)
        int accepted = 0, rejected = 0;
        try (FastVerifier verifier = new FastVerifier()) {
            int round = 0, quiet = 0;
            for (; round < 300 && quiet < QUIET_ROUNDS; round++) {
                quiet = round(threads, verifier, batch, result, kinds, tokens, logQ, sequences, g) == 0 ? quiet + 1 : 0;
            }
            assertEquals(QUIET_ROUNDS, quiet, "no " + QUIET_ROUNDS + " rounds of " + calls + " calls in a row without allocation in "
                    + round + " rounds");
            for (int call = 0; call < calls; call++) {
                prepare(batch, kinds[call % 3], tokens[call], logQ[call], call, sequences, g);
                verifier.verify(batch, result);
                for (int b = 0; b < sequences; b++) {
                    if (result.ending(b) == Ending.BONUS) accepted++;
                    else rejected++;
                }
            }
        }
        assertTrue(accepted > 100 && rejected > 100, "both endings must be exercised: " + accepted + " bonus, " + rejected + " corrections");
    }

    /**
     * Makes every call once; returns the bytes this thread allocated inside {@code verify} (setting
     * up a batch allocates: the batch's setters build their error messages eagerly).
     */
    private static long round(com.sun.management.ThreadMXBean threads, FastVerifier verifier, VerificationBatch batch, VerificationResult result,
                              DraftDistribution[] kinds, int[][] tokens, double[][] logQ, int sequences, int g) {
        long allocated = 0;
        for (int call = 0; call < tokens.length; call++) {
            prepare(batch, kinds[call % 3], tokens[call], logQ[call], call, sequences, g);
            long before = threads.getCurrentThreadAllocatedBytes();
            verifier.verify(batch, result);
            allocated += threads.getCurrentThreadAllocatedBytes() - before;
        }
        return allocated;
    }

    /** Points the batch at call {@code call}'s drafts. */
    private static void prepare(VerificationBatch batch, DraftDistribution kind, int[] tokens, double[] logQ, int call, int sequences, int g) {
        batch.draftDistribution(kind).stepAll(call);
        for (int b = 0; b < sequences; b++) {
            for (int i = 0; i < g; i++) {
                batch.draftToken(b, i, tokens[b * g + i]);
                if (kind instanceof DraftDistribution.Logits && !Double.isNaN(logQ[b * g + i])) batch.draftLogProbability(b, i, logQ[b * g + i]);
            }
            batch.draftCount(b, g);
        }
    }
}
