package dev.specula.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every public entry point rejects bad input with an exception whose message names the offending
 * value, and verification checks its input before it changes the result.
 */
class ValidationTest {
    /** The verifier under test; {@link FastVerifierValidationTest} runs every test here against the fast verifier. */
    ChainVerifier verifier() {
        return new ReferenceVerifier();
    }

    private static final float NEG_INF = Float.NEGATIVE_INFINITY;

    /** Asserts an IllegalArgumentException (or subclass) whose message contains every fragment. */
    private static IllegalArgumentException assertRejected(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertMentions(e, fragments);
        return e;
    }

    private static void assertMentions(Throwable e, String... fragments) {
        for (String f : fragments) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(f),
                    () -> "message \"" + e.getMessage() + "\" should mention \"" + f + "\"");
        }
    }

    /** B x R x V dense rows filled with {@code value}. */
    private static FloatRows filled(int b, int r, int v, float value) {
        float[] data = new float[b * r * v];
        Arrays.fill(data, value);
        return FloatRows.of(data, b, r, v);
    }

    /** A valid B=2, g=2, V=5 batch: target logits 0 except where set, one draft per sequence. */
    private static VerificationBatch batch(float[] target) {
        return new VerificationBatch(2, 2, 5).target(FloatRows.of(target, 2, 3, 5)).drafts(0, 1).drafts(1, 2);
    }

    // ---- FloatRows ---------------------------------------------------------------------------

    @Test
    void floatRowsRejectBadShapes() {
        MemorySegment seg = MemorySegment.ofArray(new float[100]);
        assertRejected(() -> new FloatRows(null, 1, 1, 1, 1, 1), "segment", "null");
        assertRejected(() -> new FloatRows(seg, 0, 1, 5, 5, 5), "sequences", "0");
        assertRejected(() -> new FloatRows(seg, 1, -1, 5, 5, 5), "rowsPerSequence", "-1");
        assertRejected(() -> new FloatRows(seg, 1, 1, 0, 5, 5), "vocabSize", "0");
        assertRejected(() -> new FloatRows(seg, 1, 2, 5, 4, 10), "rowStride 4", "vocabSize 5");
        // 2 rows of stride 5 span 10 floats, so a sequence stride of 9 overlaps the next sequence.
        assertRejected(() -> new FloatRows(seg, 2, 2, 5, 5, 9), "sequenceStride 9");
    }

    @Test
    void floatRowsRejectATooSmallSegment() {
        // 2 x 3 x 5 dense needs 30 floats = 120 bytes; 29 floats hold 116.
        assertRejected(() -> FloatRows.of(new float[29], 2, 3, 5), "116", "120");
        // Padding counts: the last row of the last sequence must fit, not the trailing padding.
        // rows at 0 and 8 (+5) in sequence 0, at 20 and 28 (+5) in sequence 1: 33 floats.
        assertDoesNotThrow(() -> new FloatRows(MemorySegment.ofArray(new float[33]), 2, 2, 5, 8, 20));
        assertRejected(() -> new FloatRows(MemorySegment.ofArray(new float[32]), 2, 2, 5, 8, 20), "128", "132");
        assertDoesNotThrow(() -> FloatRows.of(new float[30], 2, 3, 5));
    }

    @Test
    void floatRowsRejectAMisalignedSegment() {
        assertRejected(() -> FloatRows.dense(MemorySegment.ofArray(new byte[64]).asSlice(1), 1, 1, 4), "aligned to 1 byte");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment native64 = arena.allocate(64, 8);
            assertRejected(() -> FloatRows.dense(native64.asSlice(2), 1, 1, 4), "aligned to 2 byte");
            assertDoesNotThrow(() -> FloatRows.dense(native64.asSlice(4), 1, 1, 4));
        }
    }

    // ---- VerificationBatch -------------------------------------------------------------------

    @Test
    void batchConstructorRejectsBadSizes() {
        assertRejected(() -> new VerificationBatch(0, 1, 5), "sequences", "0");
        assertRejected(() -> new VerificationBatch(1, -1, 5), "maxDrafts", "-1");
        assertRejected(() -> new VerificationBatch(1, 65536, 5), "maxDrafts", "65536");
        assertRejected(() -> new VerificationBatch(1, 1, 0), "vocabSize", "0");
    }

    @Test
    void batchRejectsRowsOfTheWrongShape() {
        VerificationBatch batch = new VerificationBatch(2, 2, 5); // target needs 2 x 3 x 5
        assertRejected(() -> batch.target(null), "target", "null");
        assertRejected(() -> batch.target(filled(1, 3, 5, 0f)), "1x3x5");
        assertRejected(() -> batch.target(filled(2, 2, 5, 0f)), "2x2x5");
        assertRejected(() -> batch.target(filled(2, 3, 4, 0f)), "2x3x4");
        assertDoesNotThrow(() -> batch.target(filled(2, 4, 5, 0f))); // extra rows are allowed
        // draft rows need 2 x 2 x 5
        assertRejected(() -> batch.draftDistribution(DraftDistribution.logits(filled(2, 1, 5, 0f))), "2x1x5");
        assertRejected(() -> batch.draftDistribution(DraftDistribution.probabilities(filled(2, 2, 6, 0f))), "2x2x6");
        assertRejected(() -> batch.draftDistribution(null), "null");
        assertRejected(() -> DraftDistribution.logits(null), "null");
        assertRejected(() -> DraftDistribution.probabilities(null), "null");
    }

    @Test
    void batchRejectsTokenIdsOutsideTheVocabulary() {
        VerificationBatch batch = new VerificationBatch(2, 2, 5);
        assertRejected(() -> batch.drafts(0, 5), "5", "[0, 5)");
        assertRejected(() -> batch.drafts(0, 1, -1), "-1");
        assertRejected(() -> batch.draftToken(1, 0, 7), "7");
    }

    @Test
    void batchRejectsBadDraftCounts() {
        VerificationBatch batch = new VerificationBatch(2, 2, 5);
        assertRejected(() -> batch.drafts(0, 1, 2, 3), "3 drafts");
        assertRejected(() -> batch.draftCount(0, 3), "draft count 3");
        assertRejected(() -> batch.draftCount(0, -1), "draft count -1");
        assertRejected(() -> batch.draftToken(0, 2, 1), "draft position 2");
        assertRejected(() -> batch.draftLogProbability(0, -1, -0.5), "draft position -1");
    }

    @Test
    void batchRejectsSequenceIndicesOutOfRange() {
        VerificationBatch batch = new VerificationBatch(2, 2, 5);
        assertRejected(() -> batch.drafts(2, 1), "sequence 2");
        assertRejected(() -> batch.draftCount(-1, 0), "sequence -1");
        assertRejected(() -> batch.draftCount(2), "sequence 2");
        assertRejected(() -> batch.settings(2, SamplingSettings.DEFAULT), "sequence 2");
        assertRejected(() -> batch.draftSettings(-1, SamplingSettings.DEFAULT), "sequence -1");
        assertRejected(() -> batch.seed(2, 1L), "sequence 2");
        assertRejected(() -> batch.stream(2, 1), "sequence 2");
        assertRejected(() -> batch.step(2, 1L), "sequence 2");
        assertRejected(() -> batch.draftToken(2, 0), "sequence 2");
    }

    @Test
    void batchRejectsNullSettings() {
        VerificationBatch batch = new VerificationBatch(2, 2, 5);
        assertRejected(() -> batch.settings(null), "settings", "null");
        assertRejected(() -> batch.settings(1, null), "sequence 1", "null");
        assertRejected(() -> batch.draftSettings(null), "draft settings", "null");
        assertRejected(() -> batch.draftSettings(0, null), "sequence 0", "null");
    }

    @Test
    void batchRejectsValuesThatAreNotLogProbabilities() {
        VerificationBatch batch = new VerificationBatch(2, 2, 5).drafts(0, 1, 2);
        assertRejected(() -> batch.draftLogProbability(0, 1, 0.25), "0.25");
        assertRejected(() -> batch.draftLogProbability(0, 1, Double.NaN), "NaN");
        assertRejected(() -> batch.draftLogProbability(0, 1, Double.POSITIVE_INFINITY), "Infinity");
        assertDoesNotThrow(() -> batch.draftLogProbability(0, 1, 0.0)); // log 1
    }

    @Test
    void verifyNeedsTargetLogits() {
        VerificationBatch batch = new VerificationBatch(1, 1, 5).drafts(0, 1);
        assertRejected(() -> verifier().verify(batch), "target logits are not set");
    }

    // ---- SamplingSettings and VerificationResult ---------------------------------------------

    @Test
    void temperatureMustBeFiniteAndNonNegative() {
        assertRejected(() -> SamplingSettings.temperature(-0.5f), "-0.5");
        assertRejected(() -> SamplingSettings.temperature(-Float.MIN_VALUE), "-1.4E-45");
        assertRejected(() -> new SamplingSettings(Float.NaN), "NaN");
        assertRejected(() -> SamplingSettings.temperature(Float.POSITIVE_INFINITY), "Infinity");
        assertRejected(() -> SamplingSettings.temperature(Float.NEGATIVE_INFINITY), "-Infinity");
        assertTrue(SamplingSettings.temperature(0f).isGreedy());
    }

    @Test
    void resultMustFitTheBatch() {
        VerificationBatch batch = batch(new float[30]); // B = 2, g = 2
        ChainVerifier verifier = verifier();
        assertRejected(() -> verifier.verify(batch, new VerificationResult(1, 2)), "1 sequences", "2");
        assertRejected(() -> verifier.verify(batch, new VerificationResult(2, 1)), "up to 1", "up to 2");
        assertRejected(() -> new VerificationResult(0, 1), "sequences", "0");
        assertRejected(() -> new VerificationResult(1, -1), "maxDrafts", "-1");
        VerificationResult result = verifier.verify(batch);
        assertRejected(() -> result.emitted(0, 5), "emitted token 5");
        assertRejected(() -> result.accepted(2), "sequence 2");
    }

    // ---- non-finite logits -------------------------------------------------------------------

    @Test
    void nonFiniteTargetLogitsNameSequenceRowAndToken() {
        for (SamplingSettings settings : new SamplingSettings[] {SamplingSettings.DEFAULT, SamplingSettings.GREEDY}) {
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
                float[] target = new float[30];
                target[15 + 3] = bad; // sequence 1, row 0, token 3
                VerificationBatch batch = batch(target).settings(settings);
                NonFiniteLogitException e = assertThrows(NonFiniteLogitException.class, () -> verifier().verify(batch));
                assertEquals(1, e.sequence());
                assertEquals(0, e.row());
                assertEquals(3, e.token());
                assertMentions(e, "target logits", "sequence 1", "row 0", "token 3", Float.toString(bad));
            }
        }
    }

    @Test
    void nonFiniteTargetLogitInTheBonusRow() {
        // Sequence 0 has no drafts, so its row 0 is the bonus row and must be checked too.
        float[] target = new float[30];
        target[4] = Float.NaN;
        VerificationBatch batch = batch(target).draftCount(0, 0);
        NonFiniteLogitException e = assertThrows(NonFiniteLogitException.class, () -> verifier().verify(batch));
        assertEquals(0, e.sequence());
        assertEquals(0, e.row());
        assertEquals(4, e.token());
    }

    @Test
    void nonFiniteDraftLogitsNameSequenceRowAndToken() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            float[] draft = new float[20]; // 2 x 2 x 5
            draft[10 + 2] = bad; // sequence 1, row 0, token 2
            VerificationBatch batch = batch(new float[30]).draftDistribution(DraftDistribution.logits(FloatRows.of(draft, 2, 2, 5)));
            NonFiniteLogitException e = assertThrows(NonFiniteLogitException.class, () -> verifier().verify(batch));
            assertEquals(1, e.sequence());
            assertEquals(0, e.row());
            assertEquals(2, e.token());
            assertMentions(e, "draft logits", "sequence 1", Float.toString(bad));
        }
    }

    @Test
    void aRowWithNoFiniteLogitIsRejected() {
        float[] target = new float[30];
        Arrays.fill(target, 15, 20, NEG_INF); // sequence 1, row 0
        NonFiniteLogitException e = assertThrows(NonFiniteLogitException.class, () -> verifier().verify(batch(target)));
        assertEquals(1, e.sequence());
        assertEquals(0, e.row());
        assertEquals(-1, e.token());
        assertMentions(e, "no finite entry");
        // A row that is -infinity except for one token is fine: -infinity masks a token.
        target[17] = 0f;
        assertDoesNotThrow(() -> verifier().verify(batch(target)));
    }

    // ---- draft probabilities and recorded log-probabilities ----------------------------------

    private static VerificationBatch withDraftProbabilities(float... rowOfSequence0) {
        float[] probs = new float[20];
        System.arraycopy(rowOfSequence0, 0, probs, 0, 5);
        Arrays.fill(probs, 10, 15, 0.2f); // sequence 1, row 0: uniform
        return batch(new float[30]).draftDistribution(DraftDistribution.probabilities(FloatRows.of(probs, 2, 2, 5)));
    }

    @Test
    void draftProbabilitiesMustBeADistribution() {
        // negative entry (the row still sums to 1)
        assertRejected(() -> verifier().verify(withDraftProbabilities(0.5f, 0.6f, -0.1f, 0f, 0f)), "token 2", "-0.1");
        // NaN entry
        assertRejected(() -> verifier().verify(withDraftProbabilities(0.5f, 0.5f, Float.NaN, 0f, 0f)), "NaN");
        // sums to 0.9
        assertRejected(() -> verifier().verify(withDraftProbabilities(0.5f, 0.4f, 0f, 0f, 0f)), "sum to 0.9");
        assertDoesNotThrow(() -> verifier().verify(withDraftProbabilities(0.5f, 0.25f, 0.25f, 0f, 0f)));
    }

    @Test
    void recordedLogProbabilityMustMatchTheDraftRow() {
        float[] draftLogits = {0f, 1f, 2f, 0f, 0f, /* row 1 */ 0f, 0f, 0f, 0f, 0f, /* seq 1 */ 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f};
        // log q(1) at temperature 1, computed by hand: 1 - log(1 + e + e^2 + 1 + 1)
        double logQAtT1 = 1.0 - Math.log(3.0 + Math.E + Math.E * Math.E);
        VerificationBatch batch = batch(new float[30])
                .draftDistribution(DraftDistribution.logits(FloatRows.of(draftLogits, 2, 2, 5)))
                .draftLogProbability(0, 0, logQAtT1);
        // Consistent with temperature 1: accepted as input.
        assertDoesNotThrow(() -> verifier().verify(batch));
        // Recorded under temperature 1 but verified against temperature 0.5: rejected.
        batch.draftSettings(0, SamplingSettings.temperature(0.5f));
        assertRejected(() -> verifier().verify(batch), "sequence 0", "token 1", Double.toString(logQAtT1));
    }

    // ---- closed arenas -----------------------------------------------------------------------

    @Test
    void segmentsOfAClosedArenaAreRejectedAtVerify() {
        VerificationBatch batch = new VerificationBatch(1, 1, 4).drafts(0, 1);
        Arena arena = Arena.ofConfined();
        MemorySegment target = arena.allocate(ValueLayout.JAVA_FLOAT, 8);
        batch.target(FloatRows.dense(target, 1, 2, 4));
        VerificationResult result = verifier().verify(batch); // fine while open
        arena.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> verifier().verify(batch, result));
        assertMentions(e, "target logits", "closed");
    }

    @Test
    void draftRowsOfAClosedArenaAreRejected() {
        Arena arena = Arena.ofConfined();
        FloatRows draft = FloatRows.dense(arena.allocate(ValueLayout.JAVA_FLOAT, 4), 1, 1, 4);
        VerificationBatch batch = new VerificationBatch(1, 1, 4).target(filled(1, 2, 4, 0f))
                .draftDistribution(DraftDistribution.logits(draft)).drafts(0, 1);
        arena.close();
        assertMentions(assertThrows(IllegalStateException.class, () -> verifier().verify(batch)), "draft logits", "closed");
        assertThrows(IllegalStateException.class, () -> DraftSampler.sample(draft, 0, 0, SamplingSettings.DEFAULT, 0.5));
        assertThrows(IllegalStateException.class, () -> DraftSampler.sampleDraft(batch, 0, 0));
    }

    // ---- DraftSampler ------------------------------------------------------------------------

    @Test
    void draftSamplerNeedsAUniformStrictlyBetweenZeroAndOne() {
        FloatRows rows = filled(1, 1, 4, 0f);
        for (double u : new double[] {0.0, 1.0, -0.25, 1.5, Double.NaN}) {
            assertRejected(() -> DraftSampler.sample(rows, 0, 0, SamplingSettings.DEFAULT, u), Double.toString(u));
        }
    }

    @Test
    void draftSamplerRejectsRowsOutsideTheShape() {
        // 2 sequences x 2 rows: row 2 of sequence 0 would be row 0 of sequence 1 in memory.
        FloatRows rows = filled(2, 2, 4, 0f);
        assertRejected(() -> DraftSampler.sample(rows, 0, 2, SamplingSettings.DEFAULT, 0.5), "row 2");
        assertRejected(() -> DraftSampler.sample(rows, 0, -1, SamplingSettings.DEFAULT, 0.5), "row -1");
        assertRejected(() -> DraftSampler.sample(rows, 2, 0, SamplingSettings.DEFAULT, 0.5), "sequence 2");
        assertRejected(() -> DraftSampler.sample(rows, 0, 0, null, 0.5), "settings", "null");
    }

    @Test
    void sampleDraftNeedsDraftLogits() {
        VerificationBatch batch = new VerificationBatch(1, 2, 4); // one-hot drafts by default
        assertThrows(IllegalStateException.class, () -> DraftSampler.sampleDraft(batch, 0, 0));
        VerificationBatch withLogits = batch.draftDistribution(DraftDistribution.logits(filled(1, 2, 4, 0f)));
        assertRejected(() -> DraftSampler.sampleDraft(withLogits, 1, 0), "sequence 1");
        assertRejected(() -> DraftSampler.sampleDraft(withLogits, 0, 2), "row 2");
    }

    // ---- validation before work --------------------------------------------------------------

    @Test
    void aBadSequenceLeavesTheResultOfEarlierSequencesUntouched() {
        // ChainVerifier.verify: "Validates the whole batch before any work." A result filled by an
        // earlier call must not be half-overwritten when a later sequence turns out to be invalid.
        for (SamplingSettings settings : new SamplingSettings[] {SamplingSettings.GREEDY, SamplingSettings.DEFAULT}) {
            float[] target = new float[30];
            VerificationBatch batch = new VerificationBatch(2, 2, 5).target(FloatRows.of(target, 2, 3, 5)).settings(settings);
            target[2] = 50f;  // sequence 0, row 0: token 2 (all but certain at temperature 1)
            target[15] = 50f; // sequence 1, row 0: token 0
            VerificationResult result = verifier().verify(batch); // no drafts: bonus from row 0
            assertArrayEquals(new int[] {2}, result.emittedTokens(0));

            target[2] = 0f;
            target[4] = 50f;           // sequence 0 would now emit token 4 ...
            target[15 + 1] = Float.NaN; // ... but sequence 1 is invalid
            assertThrows(NonFiniteLogitException.class, () -> verifier().verify(batch, result));
            assertArrayEquals(new int[] {2}, result.emittedTokens(0), "result of sequence 0 was modified by a failed call");
            assertArrayEquals(new int[] {0}, result.emittedTokens(1));
        }
    }
}
