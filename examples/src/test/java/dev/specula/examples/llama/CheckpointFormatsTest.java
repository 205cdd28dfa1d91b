package dev.specula.examples.llama;

import dev.specula.core.FloatRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three llama2.c layouts load to the same model. Random-weight checkpoints are written by
 * {@link RandomLlama}'s own writers (from export.py's layout, not from the reader) and the
 * logits are compared with {@link ReferenceLlama}, a naive double-precision forward pass.
 *
 * <p>Tolerances: float32 arithmetic through these 2-3 layer models drifts from double by about
 * 1e-6 of the logit scale; {@value #FLOAT_TOLERANCE} (relative to the largest |logit|) leaves a
 * wide margin, while any misread tensor, swapped order or wrong rotation moves logits by 1e-1 or
 * more. Q8_0 files are compared twice. First with the reference run on the dequantised weights
 * the file represents: the same tolerance applies, since only the summation order differs; this
 * is the check of the Q8_0 reader and kernel. Then with the original float weights, a check of
 * the quantisation's fidelity: each weight moved by at most max|w in its group| / 254, about
 * 0.4 % of the group's largest weight, and through 2-3 random layers (whose logits, unlike a
 * trained model's, sit close together) that moves the logits by up to ~4 % of their scale
 * (observed); {@value #Q8_TOLERANCE} allows for that, and still fails when a scale is misapplied,
 * which changes weights by ~100 % and the logits by the order of their scale.
 */
class CheckpointFormatsTest {
    static final double FLOAT_TOLERANCE = 1e-4;
    static final double Q8_TOLERANCE = 0.1;

    @TempDir
    Path dir;

    @Test
    void groupedQueryAttentionUnsharedClassifierAndQ8GroupsAcrossRows() throws IOException {
        // hidden 44: w2 has 44 columns, so its groups of 32 straddle rows, as in stories260K's w2.
        checkAllFormats(RandomLlama.generate(1, 32, 44, 2, 4, 2, 64, 16, false), 32);
    }

    @Test
    void multiHeadAttentionSharedClassifierAndOddSizes() throws IOException {
        // dim 36 and groups of 12 are not multiples of any vector width: every kernel's scalar tail runs.
        checkAllFormats(RandomLlama.generate(2, 36, 60, 3, 6, 6, 40, 12, true), 12);
    }

    private void checkAllFormats(RandomLlama m, int groupSize) throws IOException {
        int[] tokens = new SplittableRandom(7).ints(m.seqLen(), 0, m.vocab()).toArray();
        Path legacy = dir.resolve("legacy.bin"), v1 = dir.resolve("v1.bin"), v2 = dir.resolve("v2.bin");
        m.writeLegacy(legacy);
        m.writeVersion1(v1);
        RandomLlama dequantised = m.writeVersion2(v2, groupSize);
        double[][] reference = ReferenceLlama.logits(m, tokens, m.layers());

        float[][] legacyLogits = logits(legacy, CheckpointFormat.LEGACY, m, tokens);
        float[][] v1Logits = logits(v1, CheckpointFormat.FLOAT32, m, tokens);
        float[][] v2Logits = logits(v2, CheckpointFormat.Q8_0, m, tokens);

        for (int p = 0; p < tokens.length; p++) {
            // Same floats, same arithmetic: identical bits.
            assertEquals(java.util.Arrays.toString(legacyLogits[p]), java.util.Arrays.toString(v1Logits[p]), "position " + p);
        }
        assertClose(reference, legacyLogits, FLOAT_TOLERANCE, "legacy vs reference");
        assertClose(ReferenceLlama.logits(dequantised, tokens, m.layers()), v2Logits, FLOAT_TOLERANCE, "Q8_0 vs reference on its dequantised weights");
        assertClose(reference, v2Logits, Q8_TOLERANCE, "Q8_0 vs reference on the original float weights");
    }

    private static float[][] logits(Path file, CheckpointFormat format, RandomLlama m, int[] tokens) throws IOException {
        try (LlamaModel model = LlamaModel.load(file)) {
            assertEquals(format, model.checkpoint().format());
            assertEquals(new LlamaConfig(m.dim(), m.hidden(), m.layers(), m.heads(), m.kvHeads(), m.vocab(), m.seqLen(), m.shared()),
                    model.config());
            FloatRows rows = model.forward(tokens, 0, tokens.length);
            float[][] out = new float[tokens.length][m.vocab()];
            for (int p = 0; p < tokens.length; p++) for (int v = 0; v < m.vocab(); v++) out[p][v] = rows.get(0, p, v);
            return out;
        }
    }

    /** max |actual - expected| <= tolerance x max |expected|, over all positions and tokens. */
    static void assertClose(double[][] expected, float[][] actual, double tolerance, String what) {
        double scale = 0, worst = 0;
        for (double[] row : expected) for (double v : row) scale = Math.max(scale, Math.abs(v));
        for (int p = 0; p < expected.length; p++) {
            for (int v = 0; v < expected[p].length; v++) worst = Math.max(worst, Math.abs(actual[p][v] - expected[p][v]));
        }
        double relative = worst / scale;
        assertTrue(scale > 0.5, what + ": logits too small to compare (max " + scale + ")");
        assertTrue(relative <= tolerance, what + ": max |difference| " + worst + " = " + relative + " of the logit scale " + scale
                + ", allowed " + tolerance);
        System.out.printf("%s: max |difference| %.3g of the logit scale %.3g%n", what, relative, scale);
    }
}
