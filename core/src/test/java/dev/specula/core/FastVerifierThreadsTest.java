package dev.specula.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast verifier's threads: results do not depend on the thread count (sequences spread over
 * the pool for B &gt; 1, vocabulary chunks for B = 1), errors are those of a sequential run, and
 * the pool's life cycle is the verifier's.
 */
class FastVerifierThreadsTest {
    private static final float NEG_INF = Float.NEGATIVE_INFINITY;

    /** A batch of random rows with drafts sampled from the draft logits (half of them with recorded log q). */
    private static VerificationBatch randomBatch(SplittableRandom random, int sequences, int g, int vocab) {
        float[] target = new float[sequences * (g + 1) * vocab];
        float[] draft = new float[sequences * g * vocab];
        for (int i = 0; i < target.length; i++) target[i] = random.nextInt(10) == 0 ? NEG_INF : (float) (2 * random.nextGaussian());
        for (int b = 0; b < sequences; b++) {
            for (int r = 0; r < g; r++) {
                for (int v = 0; v < vocab; v++) {
                    // Drafts close to the target, so that runs of acceptances and rejections both occur.
                    draft[(b * g + r) * vocab + v] = target[(b * (g + 1) + r) * vocab + v] + (float) (0.7 * random.nextGaussian());
                }
            }
        }
        for (int b = 0; b < sequences; b++) target[b * (g + 1) * vocab] = 1f; // no row is fully masked
        return new VerificationBatch(sequences, g, vocab).target(FloatRows.of(target, sequences, g + 1, vocab))
                .draftDistribution(DraftDistribution.logits(FloatRows.of(draft, sequences, g, vocab)))
                .seedAll(random.nextLong());
    }

    private static void draw(VerificationBatch batch, SplittableRandom random, long step) {
        batch.stepAll(step);
        for (int b = 0; b < batch.sequences(); b++) {
            batch.settings(b, SamplingSettings.temperature(b % 5 == 4 ? 0f : 0.6f + b % 3 * 0.4f));
            for (int i = 0; i < batch.maxDrafts(); i++) {
                int token = DraftSampler.sampleDraft(batch, b, i);
                if (random.nextBoolean()) batch.draftToken(b, i, token); // forget log q: the row is read
            }
        }
    }

    /** Verifies {@code steps} steps on 1, 2 and 3 threads and asserts identical outcomes; returns the distinct outcomes seen. */
    private static int assertSameOnAnyThreadCount(VerificationBatch batch, int steps, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Set<String> outcomes = new HashSet<>();
        try (FastVerifier one = new FastVerifier(); FastVerifier two = new FastVerifier(2); FastVerifier three = new FastVerifier(3)) {
            VerificationResult expected = VerificationResult.forBatch(batch), actual = VerificationResult.forBatch(batch);
            for (long step = 0; step < steps; step++) {
                draw(batch, random, step);
                one.verify(batch, expected);
                for (FastVerifier threaded : new FastVerifier[] {two, three}) {
                    threaded.verify(batch, actual);
                    for (int b = 0; b < batch.sequences(); b++) {
                        assertArrayEquals(expected.emittedTokens(b), actual.emittedTokens(b), threaded.name() + ", step " + step + ", sequence " + b);
                        assertEquals(expected.ending(b), actual.ending(b));
                    }
                }
                for (int b = 0; b < batch.sequences(); b++) outcomes.add(b + ":" + expected.accepted(b) + ":" + expected.nextToken(b));
            }
        }
        return outcomes.size();
    }

    @Test
    void sequencesSpreadOverThreadsGiveTheTokensOfOneThread() {
        SplittableRandom random = new SplittableRandom(1);
        int distinct = assertSameOnAnyThreadCount(randomBatch(random, 33, 4, 300), 40, 2);
        assertTrue(distinct > 200, "the case is not degenerate: " + distinct + " distinct outcomes");
    }

    @Test
    void vocabularyChunksGiveTheTokensOfOneThread() {
        // B = 1 and V = 70,000: each row is split across the threads (at least 16,384 tokens each).
        SplittableRandom random = new SplittableRandom(3);
        int distinct = assertSameOnAnyThreadCount(randomBatch(random, 1, 3, 70_000), 60, 4);
        assertTrue(distinct > 20, "the case is not degenerate: " + distinct + " distinct outcomes");
    }

    @Test
    void aParallelBatchThrowsTheErrorOfItsLowestBadSequenceAndLeavesTheResult() {
        SplittableRandom random = new SplittableRandom(5);
        VerificationBatch batch = randomBatch(random, 8, 2, 50);
        draw(batch, random, 0);
        float[] target = batch.target().segment().toArray(ValueLayout.JAVA_FLOAT);
        MemorySegment segment = batch.target().segment();
        try (FastVerifier verifier = new FastVerifier(3)) {
            VerificationResult result = verifier.verify(batch);
            int[][] before = new int[8][];
            for (int b = 0; b < 8; b++) before[b] = result.emittedTokens(b);
            // Bad values in the first rows (always read) of sequences 6 and 3: sequence 3's is reported.
            segment.setAtIndex(ValueLayout.JAVA_FLOAT, (6 * 3) * 50 + 7, Float.NaN);
            segment.setAtIndex(ValueLayout.JAVA_FLOAT, (3 * 3) * 50 + 11, Float.POSITIVE_INFINITY);
            for (int repeat = 0; repeat < 20; repeat++) {
                NonFiniteLogitException e = assertThrows(NonFiniteLogitException.class, () -> verifier.verify(batch, result));
                assertEquals(3, e.sequence());
                assertEquals(0, e.row());
                assertEquals(11, e.token());
            }
            for (int b = 0; b < 8; b++) assertArrayEquals(before[b], result.emittedTokens(b), "sequence " + b + " was modified");
            // Repaired, the verifier works again.
            MemorySegment.copy(MemorySegment.ofArray(target), 0, segment, 0, segment.byteSize());
            VerificationResult again = verifier.verify(batch);
            for (int b = 0; b < 8; b++) assertArrayEquals(before[b], again.emittedTokens(b));
        }
    }

    @Test
    void aChunkedRowReportsItsFirstBadToken() {
        // Two bad values in one B = 1 row, in different chunks: the lower token is reported, as a scan would.
        int vocab = 65_536;
        float[] target = new float[2 * vocab];
        VerificationBatch batch = new VerificationBatch(1, 1, vocab).target(FloatRows.of(target, 1, 2, vocab)).drafts(0, 5);
        target[60_000] = Float.NaN;
        target[20_000] = Float.POSITIVE_INFINITY;
        try (FastVerifier verifier = new FastVerifier(2)) {
            NonFiniteLogitException e = assertThrows(NonFiniteLogitException.class, () -> verifier.verify(batch));
            assertEquals(20_000, e.token());
            target[20_000] = 0f;
            assertEquals(60_000, assertThrows(NonFiniteLogitException.class, () -> verifier.verify(batch)).token());
        }
    }

    @Test
    void rowsOfAConfinedArenaAreVerifiedOnTheCallingThread() {
        // Pool threads may not read a confined arena's segment: the verifier must not fail, and must agree with one thread.
        SplittableRandom random = new SplittableRandom(9);
        VerificationBatch heap = randomBatch(random, 5, 2, 40_000);
        draw(heap, random, 0);
        try (Arena arena = Arena.ofConfined(); FastVerifier threaded = new FastVerifier(2); FastVerifier one = new FastVerifier()) {
            MemorySegment confined = arena.allocate(heap.target().segment().byteSize(), 64);
            MemorySegment.copy(heap.target().segment(), 0, confined, 0, confined.byteSize());
            heap.target(FloatRows.dense(confined, 5, 3, 40_000));
            VerificationResult a = threaded.verify(heap), b = one.verify(heap);
            for (int s = 0; s < 5; s++) assertArrayEquals(b.emittedTokens(s), a.emittedTokens(s));
        }
    }

    @Test
    void lifeCycle() {
        assertThrows(IllegalArgumentException.class, () -> new FastVerifier(0));
        assertThrows(IllegalArgumentException.class, () -> new FastVerifier(-2));
        VerificationBatch batch = new VerificationBatch(1, 0, 3).target(FloatRows.of(new float[] {0f, 9f, 0f}, 1, 1, 3));
        for (FastVerifier verifier : new FastVerifier[] {new FastVerifier(), new FastVerifier(1), new FastVerifier(3)}) {
            assertEquals(1, verifier.verify(batch).nextToken(0), "token 1 holds all but 2.5e-4 of the mass");
            assertTrue(verifier.name().startsWith("fast-cpu(threads=" + verifier.threads() + ")"), verifier.name());
            verifier.close();
            verifier.close(); // idempotent
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> verifier.verify(batch));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
        try (FastVerifier four = new FastVerifier(4)) {
            assertEquals("fast-cpu(threads=4)", four.name());
        }
    }

    @Test
    void closeStopsThePoolThreads() throws InterruptedException {
        long before = poolThreads();
        FastVerifier verifier = new FastVerifier(3);
        assertEquals(before + 2, poolThreads(), "the calling thread and 2 workers make 3 threads");
        verifier.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (poolThreads() > before && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(before, poolThreads(), "workers still alive after close");
    }

    private static long poolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("specula-fast-cpu") && t.isAlive()).count();
    }
}
