package dev.specula.examples.llama;

import dev.specula.core.FloatRows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cache behaviour the decoding loop relies on, on a random-weight model: block and
 * token-by-token forwards give the same bits, roll-back forgets exactly the dropped positions,
 * and early-exit views compute the first k layers. Plus the refusals of bad calls.
 */
class LlamaModelTest {
    @TempDir
    static Path dir;
    static RandomLlama weights;
    static Path file;
    static final int[] TOKENS = new SplittableRandom(11).ints(24, 0, 50).toArray();

    @BeforeAll
    static void writeModel() throws IOException {
        // 3 layers, grouped-query attention (8 query heads over 2 kv heads), an unshared classifier;
        // hidden 192 makes the feed-forward products of a 24-token block large enough to be split across threads.
        weights = RandomLlama.generate(5, 64, 192, 3, 8, 2, 50, 32, false);
        file = dir.resolve("model.bin");
        weights.writeVersion1(file);
    }

    /** Row r of the logits as an array. */
    static float[] row(FloatRows rows, int r) {
        float[] out = new float[rows.vocabSize()];
        for (int v = 0; v < out.length; v++) out[v] = rows.get(0, r, v);
        return out;
    }

    static float[][] oneByOne(LlamaModel model, int[] tokens) {
        float[][] out = new float[tokens.length][];
        for (int t = 0; t < tokens.length; t++) out[t] = row(model.forward(tokens, t, 1), 0);
        return out;
    }

    @Test
    void blockForwardEqualsTokenByTokenForwardBitForBit() throws IOException {
        try (LlamaModel model = LlamaModel.load(file)) {
            float[][] single = oneByOne(model, TOKENS);
            assertEquals(TOKENS.length, model.length());
            model.rollback(0);
            // Blocks of uneven sizes, as a prefill and then verification steps would use.
            int t = 0;
            for (int size : new int[] {7, 1, 5, 3, 8}) {
                FloatRows block = model.forward(TOKENS, t, size);
                assertEquals(1, block.sequences());
                assertEquals(size, block.rowsPerSequence());
                assertEquals(50, block.vocabSize());
                for (int r = 0; r < size; r++) assertArrayEquals(single[t + r], row(block, r), "position " + (t + r));
                t += size;
            }
            assertEquals(TOKENS.length, model.length());
            // The whole sequence as one block (the prefill of a prompt), where products run on several threads.
            assertTrue((long) 192 * 64 * TOKENS.length > Kernels.PARALLEL_WORK);
            model.rollback(0);
            FloatRows all = model.forward(TOKENS, 0, TOKENS.length);
            for (int r = 0; r < TOKENS.length; r++) assertArrayEquals(single[r], row(all, r), "position " + r);
        }
    }

    @Test
    void logitsMatchTheReferenceAndDependOnThePrefix() throws IOException {
        double[][] reference = ReferenceLlama.logits(weights, TOKENS, weights.layers());
        try (LlamaModel model = LlamaModel.load(file)) {
            float[][] single = oneByOne(model, TOKENS);
            CheckpointFormatsTest.assertClose(reference, single, CheckpointFormatsTest.FLOAT_TOLERANCE, "cached forward vs reference");
        }
    }

    @Test
    void rollbackThenForwardGivesTheSameLogitsAsNeverHavingSeenTheDroppedTokens() throws IOException {
        try (LlamaModel model = LlamaModel.load(file)) {
            float[][] expected = oneByOne(model, TOKENS);
            model.rollback(10);
            assertEquals(10, model.length());
            // Overwrite positions 10..15 with other tokens (a rejected draft), then drop them.
            int[] other = {1, 2, 3, 4, 5, 6};
            float[] rejected = row(model.forward(other, 0, 6), 0);
            assertFalse(Arrays.equals(expected[10], rejected), "a different token at position 10 must change its logits");
            model.rollback(10);
            FloatRows again = model.forward(TOKENS, 10, TOKENS.length - 10);
            for (int r = 0; r < TOKENS.length - 10; r++) assertArrayEquals(expected[10 + r], row(again, r), "position " + (10 + r));
            model.rollback(model.length()); // a no-op roll-back is allowed
            assertEquals(TOKENS.length, model.length());
        }
    }

    @Test
    void earlyExitAtFullDepthIsTheModelAndShallowerExitsAreTheirFirstLayers() throws IOException {
        try (LlamaModel model = LlamaModel.load(file);
             LlamaModel full = model.earlyExit(3);
             LlamaModel one = model.earlyExit(1)) {
            assertEquals(3, full.layers());
            assertEquals(1, one.layers());
            FloatRows a = model.forward(TOKENS, 0, TOKENS.length);
            float[][] expected = new float[TOKENS.length][];
            for (int r = 0; r < TOKENS.length; r++) expected[r] = row(a, r);
            FloatRows b = full.forward(TOKENS, 0, TOKENS.length);
            for (int r = 0; r < TOKENS.length; r++) assertArrayEquals(expected[r], row(b, r));

            // Its own cache: the views' lengths are independent of the model's.
            assertEquals(0, one.length());
            float[][] shallow = oneByOne(one, TOKENS);
            CheckpointFormatsTest.assertClose(ReferenceLlama.logits(weights, TOKENS, 1), shallow, CheckpointFormatsTest.FLOAT_TOLERANCE,
                    "1-layer early exit vs reference");
            assertFalse(Arrays.equals(expected[5], shallow[5]), "one layer must differ from three");
            assertEquals(TOKENS.length, model.length());

            assertThrows(IllegalArgumentException.class, () -> model.earlyExit(0));
            assertThrows(IllegalArgumentException.class, () -> model.earlyExit(4));
        }
    }

    @Test
    void badCallsAreRefusedWithoutChangingTheCache() throws IOException {
        try (LlamaModel model = LlamaModel.load(file)) {
            model.forward(TOKENS, 0, 4);
            assertThrows(IllegalArgumentException.class, () -> model.forward(null, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> model.forward(TOKENS, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> model.forward(TOKENS, -1, 1));
            assertThrows(IllegalArgumentException.class, () -> model.forward(TOKENS, 20, 5));
            assertThrows(IllegalArgumentException.class, () -> model.forward(new int[] {3, 50}, 0, 2));
            assertThrows(IllegalArgumentException.class, () -> model.forward(new int[] {-1}, 0, 1));
            IllegalArgumentException full = assertThrows(IllegalArgumentException.class, () -> model.forward(new int[29], 0, 29));
            assertTrue(full.getMessage().contains("context length 32"), full.getMessage());
            assertThrows(IllegalArgumentException.class, () -> model.rollback(5));
            assertThrows(IllegalArgumentException.class, () -> model.rollback(-1));
            assertEquals(4, model.length());
            model.forward(new int[28], 0, 28); // exactly fills the context
            assertEquals(32, model.length());
            assertThrows(IllegalArgumentException.class, () -> model.forward(new int[1], 0, 1));
        }
    }

    @Test
    void closedModelsAndViewsOfAClosedCheckpointRefuseToRun() throws IOException {
        LlamaModel model = LlamaModel.load(file);
        LlamaModel view = model.earlyExit(2);
        FloatRows logits = model.forward(TOKENS, 0, 2);
        model.close();
        model.close(); // idempotent
        assertFalse(model.checkpoint().isOpen());
        assertThrows(IllegalStateException.class, () -> model.forward(TOKENS, 0, 1));
        assertThrows(IllegalStateException.class, () -> model.rollback(0));
        assertThrows(IllegalStateException.class, () -> logits.requireAlive("logits of a closed model"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> view.forward(TOKENS, 0, 1));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        view.close();

        try (Checkpoint checkpoint = Checkpoint.open(file)) {
            LlamaModel borrowed = LlamaModel.of(checkpoint);
            borrowed.forward(TOKENS, 0, 1);
            borrowed.close();
            assertTrue(checkpoint.isOpen(), "a model over a borrowed checkpoint must not close it");
        }
    }
}
