package dev.specula.kernels.paper;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.core.DraftDistribution;
import dev.specula.core.DraftSampler;
import dev.specula.core.FloatRows;
import dev.specula.core.NonFiniteLogitException;
import dev.specula.core.ReferenceVerifier;
import dev.specula.core.SamplingSettings;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import dev.specula.ffm.opencl.ClDevice;
import dev.specula.ffm.opencl.OpenClTestDevice;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The paper verifiers' API, scope and validation: names and exactness, the scope refusals
 * before any native call, bad rows reported as core's verifiers report them, launches and
 * profiling times, zero-copy and copied inputs, lifecycle.
 */
class PaperVerifierTest {
    private static final int B = 3, G = 3, V = 700;
    private static final Map<PaperVariant, PaperVerifier> VERIFIERS = new EnumMap<>(PaperVariant.class);

    @BeforeAll
    static void open() {
        for (PaperVariant variant : PaperVariant.values()) VERIFIERS.put(variant, PaperVerifier.open(variant, OpenClTestDevice.require()));
    }

    @AfterAll
    static void close() {
        VERIFIERS.values().forEach(PaperVerifier::close);
    }

    private static float[] gaussian(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] z = new float[count];
        for (int k = 0; k < z.length; k++) z[k] = (float) (2 * random.nextGaussian());
        return z;
    }

    /** B x G logit drafts: sampled from their rows with their recorded log q, or the fixed drafts 5, 6, 7 without ({@code fixed}). */
    private static VerificationBatch batch(float[] target, float[] draft, boolean fixed) {
        VerificationBatch batch = new VerificationBatch(B, G, V).target(FloatRows.of(target, B, G + 1, V))
                .draftDistribution(DraftDistribution.logits(FloatRows.of(draft, B, G, V))).seedAll(17);
        for (int b = 0; b < B; b++) {
            if (fixed) {
                batch.drafts(b, 5, 6, 7);
            } else {
                for (int i = 0; i < G; i++) DraftSampler.sampleDraft(batch, b, i);
                batch.draftCount(b, G);
            }
        }
        return batch;
    }

    private static VerificationBatch batch() {
        return batch(gaussian(B * (G + 1) * V, 1), gaussian(B * G * V, 2), false);
    }

    private static void assertRefused(Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should mention " + fragment);
    }

    @Test
    void namesLabelsAndExactness() {
        assertEquals(List.of("paper-baseline", "paper-exact-concurrent", "paper-sigmoid-INEXACT", "paper-sigmoid-exact-bonus-INEXACT"),
                VERIFIERS.values().stream().map(PaperVerifier::name).toList());
        assertEquals(List.of("baseline", "exact-concurrent", "sigmoid (inexact)", "sigmoid, exact bonus (inexact)"),
                VERIFIERS.keySet().stream().map(PaperVariant::label).toList());
        assertEquals(List.of(true, true, false, false), VERIFIERS.values().stream().map(PaperVerifier::exact).toList());
        VERIFIERS.forEach((variant, verifier) -> assertEquals(variant, verifier.variant()));
        ClDevice device = OpenClTestDevice.require();
        try (PaperVerifier b = PaperVerifier.baseline(device); PaperVerifier c = PaperVerifier.exactConcurrent(device);
             PaperVerifier s = PaperVerifier.sigmoidInexact(device); PaperVerifier e = PaperVerifier.sigmoidInexactExactBonus(device)) {
            assertEquals(List.of(PaperVariant.BASELINE, PaperVariant.EXACT_CONCURRENT, PaperVariant.SIGMOID, PaperVariant.SIGMOID_EXACT_BONUS),
                    List.of(b.variant(), c.variant(), s.variant(), e.variant()));
            assertEquals(device, b.device());
        }
    }

    @Test
    void draftsOutsideTheScopeAreRefusedBeforeAnyWork() {
        VerificationBatch oneHot = new VerificationBatch(B, G, V).target(FloatRows.of(gaussian(B * (G + 1) * V, 3), B, G + 1, V));
        for (int b = 0; b < B; b++) oneHot.drafts(b, 1, 2, 3);
        float[] q = new float[B * G * V];
        java.util.Arrays.fill(q, 1f / V);
        VerificationBatch probabilities = new VerificationBatch(B, G, V).target(FloatRows.of(gaussian(B * (G + 1) * V, 3), B, G + 1, V))
                .draftDistribution(DraftDistribution.probabilities(FloatRows.of(q, B, G, V)));
        for (PaperVerifier verifier : VERIFIERS.values()) {
            assertRefused(() -> verifier.verify(oneHot), "logits");
            assertRefused(() -> verifier.verify(probabilities), "logits");
        }
    }

    @Test
    void truncatingAndGreedySettingsAreRefused() {
        for (PaperVerifier verifier : VERIFIERS.values()) {
            assertRefused(() -> verifier.verify(batch().settings(1, SamplingSettings.temperature(1f).withTopK(50))), "target settings of sequence 1 truncate");
            assertRefused(() -> verifier.verify(batch().draftSettings(2, SamplingSettings.temperature(1f).withTopP(0.9f))), "draft settings of sequence 2 truncate");
            assertRefused(() -> verifier.verify(batch().settings(0, SamplingSettings.GREEDY)), "T > 0");
            assertRefused(() -> verifier.verify(batch().draftSettings(2, SamplingSettings.GREEDY)), "sequence 2");
        }
    }

    @Test
    void badShapesAndStatesAreRefused() {
        PaperVerifier verifier = VERIFIERS.get(PaperVariant.EXACT_CONCURRENT);
        assertThrows(IllegalArgumentException.class, () -> verifier.verify(new VerificationBatch(B, G, V)));  // no target rows
        assertRefused(() -> verifier.verify(batch(), new VerificationResult(B - 1, G)), "result");
        Arena arena = Arena.ofConfined();
        FloatRows freed = FloatRows.dense(arena.allocate((long) B * (G + 1) * V * Float.BYTES, 128), B, G + 1, V);
        VerificationBatch dead = batch(gaussian(B * (G + 1) * V, 1), gaussian(B * G * V, 2), true).target(freed);
        arena.close();
        assertThrows(IllegalStateException.class, () -> verifier.verify(dead));
        // A shape whose matrices exceed what the device allocates at once: refused before any allocation.
        ClDevice real = verifier.device();
        ClDevice small = new ClDevice(real.platform(), real.id(), real.name(), real.vendor(), real.type(), real.version(),
                real.openClCVersion(), real.computeUnits(), real.globalMemBytes(), real.localMemBytes(), 10_000,
                real.maxWorkGroupSize(), real.maxWorkItemSizes(), real.hostUnifiedMemory(), real.memBaseAddrAlignBytes(), real.extensions());
        try (PaperVerifier limited = PaperVerifier.exactConcurrent(small)) {
            assertRefused(() -> limited.verify(batch()), "allocates at once");
            assertEquals(0, limited.graph().allocations());
        }
    }

    @Test
    void aDeviceWithoutDoublePrecisionIsRefused() {
        ClDevice real = OpenClTestDevice.require();
        Set<String> extensions = new HashSet<>(real.extensions());
        extensions.remove("cl_khr_fp64");
        ClDevice single = new ClDevice(real.platform(), real.id(), real.name(), real.vendor(), real.type(), real.version(),
                real.openClCVersion(), real.computeUnits(), real.globalMemBytes(), real.localMemBytes(), real.maxMemAllocBytes(),
                real.maxWorkGroupSize(), real.maxWorkItemSizes(), real.hostUnifiedMemory(), real.memBaseAddrAlignBytes(), extensions);
        assertRefused(() -> PaperVerifier.baseline(single), "cl_khr_fp64");
    }

    @Test
    void nonFiniteLogitsInConsumedRowsAreReportedAsByTheReference() {
        for (PaperVerifier verifier : VERIFIERS.values()) {
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
                float[] target = gaussian(B * (G + 1) * V, 4);
                target[(1 * (G + 1)) * V + 333] = bad;          // sequence 1, row 0: always read
                assertSameFailure(verifier, batch(target, gaussian(B * G * V, 5), true));
                float[] draft = gaussian(B * G * V, 6);
                draft[(2 * G) * V + 600] = bad;                 // sequence 2, draft row 0: always read
                assertSameFailure(verifier, batch(gaussian(B * (G + 1) * V, 4), draft, true));
            }
            // A target row without a finite logit, and the bonus row of a batch without drafts (read by every variant).
            float[] masked = gaussian(B * (G + 1) * V, 7);
            java.util.Arrays.fill(masked, 0, V, Float.NEGATIVE_INFINITY);
            assertSameFailure(verifier, batch(masked, gaussian(B * G * V, 5), true));
            float[] bonus = gaussian(2 * V, 8);
            bonus[V + 17] = Float.NaN;
            VerificationBatch noDrafts = new VerificationBatch(2, 0, V).target(FloatRows.of(bonus, 2, 1, V))
                    .draftDistribution(DraftDistribution.logits(FloatRows.of(new float[1], 2, 0, V)));
            assertSameFailure(verifier, noDrafts);
        }
    }

    /** The reference verifier and the paper verifier throw the same exception for the same row; the result is untouched. */
    private static void assertSameFailure(PaperVerifier verifier, VerificationBatch batch) {
        NonFiniteLogitException expected = assertThrows(NonFiniteLogitException.class, () -> new ReferenceVerifier().verify(batch));
        VerificationResult result = VerificationResult.forBatch(batch);
        String before = result.toString();
        NonFiniteLogitException actual = assertThrows(NonFiniteLogitException.class, () -> verifier.verify(batch, result), verifier.name());
        assertEquals(expected.getMessage(), actual.getMessage(), verifier.name());
        assertEquals(before, result.toString());
    }

    @Test
    void aRecordedDraftLogProbabilityThatDisagreesIsRejectedByEveryVariant() {
        for (PaperVerifier verifier : VERIFIERS.values()) {
            VerificationBatch batch = batch();
            batch.draftLogProbability(1, 0, -0.001);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> verifier.verify(batch), verifier.name());
            assertTrue(e.getMessage().contains("recorded with log q"), e.getMessage());
        }
    }

    @Test
    void launchesTimesAndWhatIsCopied() {
        VerificationBatch recorded = batch(), unrecorded = batch(gaussian(B * (G + 1) * V, 1), gaussian(B * G * V, 2), true);
        Map<PaperVariant, Integer> launches = new EnumMap<>(PaperVariant.class);
        for (PaperVerifier verifier : VERIFIERS.values()) {
            assertEquals(B, verifier.verify(unrecorded).sequences());
            PaperTimes times = verifier.lastTimes();
            assertTrue(times.kernelNanos() > 0, times.toString());
            assertEquals((long) (B * (G + 1) * V + B * G * V) * Float.BYTES, times.copiedBytes(), "heap rows are copied");
            assertEquals(verifier.graph().steps().size(), times.launches());
            launches.put(verifier.variant(), times.launches());
        }
        // One kernel per torch operation against the fused kernel; the sigmoid variants form no softmax.
        assertEquals(10, launches.get(PaperVariant.BASELINE));
        assertEquals(6, launches.get(PaperVariant.EXACT_CONCURRENT));
        assertTrue(launches.get(PaperVariant.BASELINE) > launches.get(PaperVariant.EXACT_CONCURRENT));
        assertEquals(5, launches.get(PaperVariant.SIGMOID));
        assertEquals(6, launches.get(PaperVariant.SIGMOID_EXACT_BONUS));
        // A recorded draft log q is checked against the draft softmax, which the sigmoid variants then launch too.
        PaperVerifier sigmoid = VERIFIERS.get(PaperVariant.SIGMOID);
        sigmoid.verify(recorded);
        assertEquals(6, sigmoid.lastTimes().launches());
        assertEquals("softmax q", sigmoid.graph().steps().getFirst().label());
    }

    @Test
    void alignedNativeRowsAreReadInPlace() {
        VerificationBatch heap = batch();
        try (Arena arena = Arena.ofConfined()) {
            long alignment = 128;
            MemorySegment target = arena.allocate((long) B * (G + 1) * V * Float.BYTES, alignment);
            MemorySegment draft = arena.allocate((long) B * G * V * Float.BYTES, alignment);
            MemorySegment.copy(heap.target().segment(), 0, target, 0, target.byteSize());
            FloatRows heapDraft = ((DraftDistribution.Logits) heap.draftDistribution()).rows();
            MemorySegment.copy(heapDraft.segment(), 0, draft, 0, draft.byteSize());
            VerificationBatch nativeRows = batch(target.toArray(JAVA_FLOAT), draft.toArray(JAVA_FLOAT), false)
                    .target(FloatRows.dense(target, B, G + 1, V))
                    .draftDistribution(DraftDistribution.logits(FloatRows.dense(draft, B, G, V)));
            for (PaperVerifier verifier : VERIFIERS.values()) {
                VerificationResult copied = verifier.verify(heap);
                VerificationResult inPlace = verifier.verify(nativeRows);
                assertEquals(0, verifier.lastTimes().copiedBytes(), verifier.name());
                for (int b = 0; b < B; b++) assertArrayEquals(copied.emittedTokens(b), inPlace.emittedTokens(b));
            }
        }
    }

    @Test
    void theExactVariantsAgreeWithTheReferenceOnALlamaSizedRow() {
        int vocab = 128_256, g = 3;
        float[] target = gaussian((g + 1) * vocab, 11), draft = target.clone();
        SplittableRandom random = new SplittableRandom(12);
        for (int k = 0; k < draft.length; k++) draft[k] += (float) random.nextGaussian();
        VerificationBatch batch = new VerificationBatch(1, g, vocab).target(FloatRows.of(target, 1, g + 1, vocab))
                .draftDistribution(DraftDistribution.logits(FloatRows.of(java.util.Arrays.copyOf(draft, g * vocab), 1, g, vocab)));
        ReferenceVerifier reference = new ReferenceVerifier();
        for (int step = 0; step < 4; step++) {
            batch.seedAll(step).step(0, step);
            for (int i = 0; i < g; i++) DraftSampler.sampleDraft(batch, 0, i);
            batch.draftCount(0, g);
            int[] expected = reference.verify(batch).emittedTokens(0);
            assertArrayEquals(expected, VERIFIERS.get(PaperVariant.BASELINE).verify(batch).emittedTokens(0));
            assertArrayEquals(expected, VERIFIERS.get(PaperVariant.EXACT_CONCURRENT).verify(batch).emittedTokens(0));
        }
    }

    @Test
    void closingIsIdempotentAndAClosedVerifierRefusesWork() {
        PaperVerifier own = PaperVerifier.sigmoidInexact(OpenClTestDevice.require());
        VerificationBatch batch = batch();
        own.verify(batch);
        own.close();
        own.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> own.verify(batch));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertFalse(own.exact());
    }

    @Test
    void intermediateMemoryGrowsWithTheMatricesEachDesignMaterialises() {
        // B = 64, g = 8, V = 256,000 (the largest benchmark shape): p alone is 590 MB; the concurrent designs
        // add the ratio and residual matrices (524 MB each).
        long baseline = VERIFIERS.get(PaperVariant.BASELINE).intermediateBytes(64, 8, 256_000);
        long concurrent = VERIFIERS.get(PaperVariant.EXACT_CONCURRENT).intermediateBytes(64, 8, 256_000);
        long p = 64L * 9 * 256_000 * Float.BYTES, matrix = 64L * 8 * 256_000 * Float.BYTES;
        assertTrue(baseline >= p + matrix && baseline < p + matrix + 100_000_000L, Long.toString(baseline));
        assertTrue(concurrent >= p + 3 * matrix && concurrent < p + 3 * matrix + 100_000_000L, Long.toString(concurrent));
    }
}
