package dev.specula.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.core.DraftDistribution;
import dev.specula.core.FloatRows;
import dev.specula.core.NonFiniteLogitException;
import dev.specula.core.ReferenceVerifier;
import dev.specula.core.SamplingSettings;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import dev.specula.ffm.opencl.ClAccess;
import dev.specula.ffm.opencl.ClBuffer;
import dev.specula.ffm.opencl.ClContext;
import dev.specula.ffm.opencl.OpenClTestDevice;
import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input gets the exception core's verifiers throw, with the same message where the reference
 * verifier names the bad value, and leaves the result as it was.
 */
class OpenClValidationTest {
    private static final float NAN = Float.NaN, INF = Float.POSITIVE_INFINITY, NEG_INF = Float.NEGATIVE_INFINITY;
    private static final int B = 3, G = 3, V = 700;
    private static OpenClVerifier verifier;

    @BeforeAll
    static void open() {
        verifier = OpenClVerifier.javaKernels(OpenClTestDevice.require());
    }

    @AfterAll
    static void close() {
        if (verifier != null) verifier.close();
    }

    private static float[] rows(int rowsPerSequence, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] z = new float[B * rowsPerSequence * V];
        for (int k = 0; k < z.length; k++) z[k] = (float) random.nextGaussian();
        return z;
    }

    private static VerificationBatch batch(float[] target, DraftDistribution draft, float temperature) {
        VerificationBatch batch = new VerificationBatch(B, G, V).target(FloatRows.of(target, B, G + 1, V)).draftDistribution(draft)
                .settings(SamplingSettings.temperature(temperature)).seedAll(9);
        for (int b = 0; b < B; b++) batch.drafts(b, 5, 6, 7);
        return batch;
    }

    /** Both verifiers throw the same type with the same message, and the device leaves the result alone. */
    private static void assertSameFailure(VerificationBatch batch, Class<? extends IllegalArgumentException> type) {
        RuntimeException expected = assertThrows(type, () -> new ReferenceVerifier().verify(batch));
        VerificationResult result = untouchedResult(batch);
        String before = result.toString();
        RuntimeException actual = assertThrows(type, () -> verifier.verify(batch, result));
        assertEquals(expected.getClass(), actual.getClass());
        assertEquals(before, result.toString(), "a call that throws leaves the result as it was");
        if (expected instanceof NonFiniteLogitException e && actual instanceof NonFiniteLogitException a) {
            assertEquals(List.of(e.sequence(), e.row(), e.token()), List.of(a.sequence(), a.row(), a.token()));
            assertEquals(e.getMessage(), a.getMessage());
        }
    }

    /** A result holding an earlier outcome, to see that a failing call does not touch it. */
    private static VerificationResult untouchedResult(VerificationBatch batch) {
        VerificationResult result = VerificationResult.forBatch(batch);
        for (int b = 0; b < B; b++) result.set(b, 0, 42, dev.specula.core.Ending.CORRECTION, batch);
        return result;
    }

    @Test
    void nonFiniteTargetLogitsInConsumedRowsAreRejectedLikeTheReference() {
        for (float bad : new float[] {NAN, INF}) {
            float[] target = rows(G + 1, 1);
            target[(1 * (G + 1) + 0) * V + 333] = bad;   // sequence 1, row 0: always read
            target[(2 * (G + 1) + 0) * V + 10] = bad;    // sequence 2 is bad too; sequence 1 is reported first
            assertSameFailure(batch(target, DraftDistribution.oneHot(), 1f), NonFiniteLogitException.class);
            assertSameFailure(batch(target, DraftDistribution.oneHot(), 0f), NonFiniteLogitException.class);
        }
    }

    @Test
    void aRowWithoutAFiniteLogitIsRejected() {
        float[] target = rows(G + 1, 2);
        Arrays.fill(target, 0, V, NEG_INF);              // sequence 0, row 0
        assertSameFailure(batch(target, DraftDistribution.oneHot(), 1f), NonFiniteLogitException.class);
    }

    @Test
    void badDraftRowsAreRejectedLikeTheReference() {
        float[] draft = rows(G, 3);
        draft[(0 * G + 0) * V + 600] = NAN;
        assertSameFailure(batch(rows(G + 1, 4), DraftDistribution.logits(FloatRows.of(draft, B, G, V)), 1f), NonFiniteLogitException.class);
        float[] masked = rows(G, 3);
        Arrays.fill(masked, 0, V, NEG_INF);
        assertSameFailure(batch(rows(G + 1, 4), DraftDistribution.logits(FloatRows.of(masked, B, G, V)), 1f), NonFiniteLogitException.class);
    }

    @Test
    void badDraftProbabilitiesAreRejected() {
        float[] q = new float[B * G * V];
        Arrays.fill(q, 1f / V);
        float[] outOfRange = q.clone();
        outOfRange[250] = -0.5f;
        assertSameFailure(batch(rows(G + 1, 5), DraftDistribution.probabilities(FloatRows.of(outOfRange, B, G, V)), 1f),
                IllegalArgumentException.class);
        float[] notANumber = q.clone();
        notANumber[251] = NAN;
        assertSameFailure(batch(rows(G + 1, 5), DraftDistribution.probabilities(FloatRows.of(notANumber, B, G, V)), 1f),
                IllegalArgumentException.class);
        float[] notNormalised = q.clone();
        for (int v = 0; v < V; v++) notNormalised[v] *= 1.01f;
        assertSameFailure(batch(rows(G + 1, 5), DraftDistribution.probabilities(FloatRows.of(notNormalised, B, G, V)), 1f),
                IllegalArgumentException.class);
        // The same rows, normalised, verify.
        VerificationBatch fine = batch(rows(G + 1, 5), DraftDistribution.probabilities(FloatRows.of(q, B, G, V)), 1f);
        assertEquals(B, verifier.verify(fine).sequences());
    }

    @Test
    void aRecordedDraftLogProbabilityThatDisagreesWithItsRowIsRejected() {
        VerificationBatch batch = batch(rows(G + 1, 6), DraftDistribution.logits(FloatRows.of(rows(G, 7), B, G, V)), 1f);
        batch.draftLogProbability(0, 0, -0.001); // far from log q(5), which is about -log(700 e^0.5)
        assertSameFailure(batch, IllegalArgumentException.class);
        VerificationBatch oneHot = batch(rows(G + 1, 6), DraftDistribution.oneHot(), 1f);
        oneHot.draftLogProbability(2, 0, -1.0);  // a one-hot draft has log q = 0
        assertSameFailure(oneHot, IllegalArgumentException.class);
    }

    @Test
    void badValuesInRowsTheChainNeverReadsAreIgnoredAsByTheReference() {
        float[] target = rows(G + 1, 8);
        VerificationBatch batch = batch(target, DraftDistribution.oneHot(), 1f);
        batch.draftCount(0, 1);
        Arrays.fill(target, 3 * V, 4 * V, NAN);          // sequence 0, row 3: beyond its one draft's bonus row
        VerificationResult expected = new ReferenceVerifier().verify(batch);
        VerificationResult actual = verifier.verify(batch);
        for (int b = 0; b < B; b++) assertArrayEquals(expected.emittedTokens(b), actual.emittedTokens(b));
    }

    @Test
    void truncatedSettingsAreVerifiedAndTheThresholdStageRunsOnlyForThem() {
        // Sequence 1 alone truncates its target (top-k 5): the threshold stage runs, and every sequence gets the reference's tokens.
        VerificationBatch topK = batch(rows(G + 1, 9), DraftDistribution.oneHot(), 1f);
        topK.settings(1, SamplingSettings.temperature(1f).withTopK(5));
        assertEquals(new ReferenceVerifier().verify(topK).toString(), verifier.verify(topK).toString());
        assertTrue(verifier.lastTimes().thresholdNanos() > 0, verifier.lastTimes().toString());
        assertTrue(stepNames().contains("ThresholdKernel"), stepNames().toString());

        // A truncated draft (top-p of draft logits) alone also needs the stage.
        VerificationBatch draftTopP = batch(rows(G + 1, 9), DraftDistribution.logits(FloatRows.of(rows(G, 10), B, G, V)), 1f)
                .draftSettings(2, SamplingSettings.temperature(1f).withTopP(0.9f));
        assertEquals(new ReferenceVerifier().verify(draftTopP).toString(), verifier.verify(draftTopP).toString());
        assertTrue(verifier.lastTimes().thresholdNanos() > 0, verifier.lastTimes().toString());

        // Temperature only, or truncation the batch cannot use (draft settings of one-hot drafts, greedy targets): no stage.
        VerificationBatch oneHot = batch(rows(G + 1, 9), DraftDistribution.oneHot(), 1f)
                .draftSettings(SamplingSettings.temperature(1f).withMinP(0.2f));
        assertEquals(new ReferenceVerifier().verify(oneHot).toString(), verifier.verify(oneHot).toString());
        assertEquals(0, verifier.lastTimes().thresholdNanos());
        assertTrue(!stepNames().contains("ThresholdKernel"), stepNames().toString());
        VerificationBatch greedy = batch(rows(G + 1, 9), DraftDistribution.oneHot(), 0f).settings(SamplingSettings.GREEDY.withTopK(3));
        assertEquals(new ReferenceVerifier().verify(greedy).toString(), verifier.verify(greedy).toString());
        assertEquals(0, verifier.lastTimes().thresholdNanos());
    }

    @Test
    void aBadValueInATruncatedRowIsStillReported() {
        float[] target = rows(G + 1, 9);
        target[(G + 1) * V + 17] = NAN;                 // sequence 1, row 0, token 17
        VerificationBatch batch = batch(target, DraftDistribution.oneHot(), 1f).settings(SamplingSettings.temperature(1f).withTopP(0.5f));
        NonFiniteLogitException e = assertThrows(NonFiniteLogitException.class, () -> verifier.verify(batch));
        assertTrue(e.getMessage().contains("sequence 1") && e.getMessage().contains("17"), e.getMessage());
    }

    private static List<String> stepNames() {
        return verifier.graph().steps().stream().map(step -> step.label()).toList();
    }

    @Test
    void shapesAndStatesAreCheckedBeforeAnyWork() {
        VerificationBatch batch = batch(rows(G + 1, 9), DraftDistribution.oneHot(), 1f);
        assertRejected(() -> verifier.verify(new VerificationBatch(B, G, V)), "target");
        assertRejected(() -> verifier.verify(batch, new VerificationResult(B - 1, G)), "result");
        ClContext context = verifier.context();
        try (ClBuffer buffer = context.deviceBuffer((long) B * (G + 1) * V * Float.BYTES, ClAccess.READ_ONLY)) {
            DeviceRows target = new DeviceRows(buffer, 0, B, G + 1, V, V, (long) (G + 1) * V);
            VerificationResult result = VerificationResult.forBatch(batch);
            assertRejected(() -> verifier.verify(batch, new DeviceRows(buffer, 0, B, G, V, V, (long) G * V), null, result), "shape");
            assertRejected(() -> verifier.verify(batch, target, target, result), "one-hot");
            VerificationBatch logits = batch(rows(G + 1, 9), DraftDistribution.logits(FloatRows.of(rows(G, 9), B, G, V)), 1f);
            assertRejected(() -> verifier.verify(logits, target, null, result), "DeviceRows");
            assertRejected(() -> new DeviceRows(buffer, -1, B, G + 1, V, V, (long) (G + 1) * V), "offset");
            assertRejected(() -> new DeviceRows(buffer, 1, B, G + 1, V, V, (long) (G + 1) * V), "bytes");
            assertRejected(() -> new DeviceRows(buffer, 0, B, G + 1, V, V - 1, (long) (G + 1) * V), "rowStride");
            try (ClContext other = ClContext.create(verifier.device());
                 ClBuffer foreign = other.deviceBuffer(buffer.byteSize(), ClAccess.READ_ONLY)) {
                assertRejected(() -> verifier.verify(batch, new DeviceRows(foreign, 0, B, G + 1, V, V, (long) (G + 1) * V), null, result),
                        "another ClContext");
            }
        }
        // Rows whose memory has been freed.
        Arena arena = Arena.ofConfined();
        FloatRows freed = FloatRows.dense(arena.allocate((long) B * (G + 1) * V * Float.BYTES, 128), B, G + 1, V);
        VerificationBatch dead = new VerificationBatch(B, G, V).target(freed);
        arena.close();
        assertThrows(IllegalStateException.class, () -> verifier.verify(dead));
    }

    @Test
    void aDeviceWithoutDoublePrecisionIsRefusedAtConstruction() {
        dev.specula.ffm.opencl.ClDevice real = verifier.device();
        java.util.Set<String> extensions = new java.util.HashSet<>(real.extensions());
        extensions.remove("cl_khr_fp64");
        dev.specula.ffm.opencl.ClDevice single = new dev.specula.ffm.opencl.ClDevice(real.platform(), real.id(), real.name(),
                real.vendor(), real.type(), real.version(), real.openClCVersion(), real.computeUnits(), real.globalMemBytes(),
                real.localMemBytes(), real.maxMemAllocBytes(), real.maxWorkGroupSize(), real.maxWorkItemSizes(),
                real.hostUnifiedMemory(), real.memBaseAddrAlignBytes(), extensions);
        assertRejected(() -> OpenClVerifier.javaKernels(single), "cl_khr_fp64");
    }

    private static void assertRejected(Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should mention " + fragment);
    }
}
