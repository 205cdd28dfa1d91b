package dev.specula.kernels;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.core.DraftDistribution;
import dev.specula.core.DraftSampler;
import dev.specula.core.Ending;
import dev.specula.core.FastVerifier;
import dev.specula.core.FloatRows;
import dev.specula.core.RandomStreams;
import dev.specula.core.ReferenceVerifier;
import dev.specula.core.SamplingSettings;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import dev.specula.ffm.opencl.ClAccess;
import dev.specula.ffm.opencl.ClBuffer;
import dev.specula.ffm.opencl.ClQueue;
import dev.specula.ffm.opencl.OpenClTestDevice;
import dev.specula.ffm.opencl.raw.OpenCL;
import dev.specula.kernels.graph.KernelGraph;
import dev.specula.kernels.pipeline.PipelineShape;
import dev.specula.kernels.pipeline.Stage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenCL verifier's own behaviour: random streams, the graph, zero-copy, device rows, large V, lifecycle. */
class OpenClVerifierTest {
    private static OpenClVerifier verifier;

    @BeforeAll
    static void open() {
        verifier = OpenClVerifier.javaKernels(OpenClTestDevice.require());
    }

    @AfterAll
    static void close() {
        if (verifier != null) verifier.close();
    }

    /** Dense random logits, B x rows x V. */
    private static float[] logits(SplittableRandom random, int sequences, int rows, int vocab, double scale) {
        float[] z = new float[sequences * rows * vocab];
        for (int k = 0; k < z.length; k++) z[k] = (float) (scale * random.nextGaussian());
        return z;
    }

    private static double[] readDoubles(ClBuffer buffer, int count) {
        try (Arena arena = Arena.ofConfined(); ClQueue queue = verifier.context().createQueue()) {
            MemorySegment host = arena.allocate(JAVA_DOUBLE, count);
            queue.read(buffer, 0, host);
            return host.toArray(JAVA_DOUBLE);
        }
    }

    @Test
    void sampleUniformsAreCoreRandomStreamsBitForBit() {
        // p(0) = 1 in every row (token 1 is masked), so every one-hot draft of token 0 is accepted
        // and each sequence samples its bonus with the sample uniform of position n = draftCount.
        int sequences = 64, g = 40, vocab = 2;
        float[] z = new float[sequences * (g + 1) * vocab];
        for (int k = 1; k < z.length; k += 2) z[k] = Float.NEGATIVE_INFINITY;
        VerificationBatch batch = new VerificationBatch(sequences, g, vocab).target(FloatRows.of(z, sequences, g + 1, vocab));
        SplittableRandom random = new SplittableRandom(11);
        int compared = 0;
        for (int call = 0; call < 30; call++) {
            for (int b = 0; b < sequences; b++) {
                batch.seed(b, random.nextLong()).stream(b, random.nextInt()).step(b, random.nextLong())
                        .draftCount(b, random.nextInt(g + 1));
            }
            VerificationResult result = verifier.verify(batch);
            double[] u = readDoubles(verifier.graph().boundBuffer("sampleU"), sequences);
            for (int b = 0; b < sequences; b++, compared++) {
                assertEquals(Ending.BONUS, result.ending(b));
                double expected = RandomStreams.sampleUniform(batch.seed(b), batch.stream(b), batch.step(b), batch.draftCount(b));
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(u[b]),
                        "sample uniform of sequence " + b + ": device " + u[b] + ", core " + expected);
            }
        }
        assertEquals(1920, compared);
    }

    @Test
    void acceptDecisionsFollowCoreAcceptUniforms() {
        // One one-hot draft of token 0 per sequence, p(0) = 1 / (1 + e^x) for a random x: accepted
        // iff the accept uniform (words w0, w1) lies below p(0). A wrong word pair or key schedule
        // would disagree on about half of the 3,200 sequences.
        int sequences = 64, vocab = 2;
        SplittableRandom random = new SplittableRandom(12);
        int disagreements = 0;
        for (int call = 0; call < 50; call++) {
            float[] z = new float[sequences * 2 * vocab];
            for (int b = 0; b < sequences; b++) z[b * 4 + 1] = (float) (3 * random.nextGaussian());
            VerificationBatch batch = new VerificationBatch(sequences, 1, vocab).target(FloatRows.of(z, sequences, 2, vocab));
            for (int b = 0; b < sequences; b++) batch.seed(b, random.nextLong()).stream(b, random.nextInt()).step(b, random.nextLong()).drafts(b, 0);
            VerificationResult result = verifier.verify(batch);
            for (int b = 0; b < sequences; b++) {
                double p = 1 / (1 + Math.exp(z[b * 4 + 1]));
                double u = RandomStreams.acceptUniform(batch.seed(b), batch.stream(b), batch.step(b), 0);
                boolean expected = u < p;
                if (expected != (result.accepted(b) == 1) && Math.abs(u - p) > 1e-6 * p) disagreements++;
            }
        }
        assertEquals(0, disagreements);
    }

    @Test
    void theGraphAllocatesOncePerShapeAndSynchronisesOncePerCall() {
        try (OpenClVerifier own = OpenClVerifier.javaKernels(verifier.device())) {
            SplittableRandom random = new SplittableRandom(5);
            int sequences = 3, g = 4, vocab = 3000;
            float[] target = logits(random, sequences, g + 1, vocab, 2);
            VerificationBatch batch = new VerificationBatch(sequences, g, vocab).target(FloatRows.of(target, sequences, g + 1, vocab));
            for (int b = 0; b < sequences; b++) batch.drafts(b, 1, 2, 3, 4);
            VerificationResult result = VerificationResult.forBatch(batch);
            own.verify(batch, result);
            KernelGraph graph = own.graph();
            int allocations = graph.allocations();
            long syncs = graph.synchronisations();
            // Temperature only: every stage but the threshold stage, in order.
            assertEquals(Arrays.stream(Stage.values()).filter(s -> s != Stage.THRESHOLD).map(Stage::kernelName).toList(),
                    graph.steps().stream().map(KernelGraph.Step::label).toList());
            for (int call = 0; call < 20; call++) {
                batch.advanceSteps();
                own.verify(batch, result);
            }
            assertEquals(allocations, graph.allocations(), "the same shape reuses every intermediate");
            assertEquals(syncs + 20, graph.synchronisations(), "one synchronisation per call");
            assertTrue(own.lastTimes().totalNanos() > 0 && own.lastTimes().rowStatsNanos() > 0, own.lastTimes().toString());
            // A smaller batch fits in the buffers already there.
            VerificationBatch small = new VerificationBatch(1, g, vocab).target(FloatRows.of(Arrays.copyOf(target, (g + 1) * vocab), 1, g + 1, vocab));
            own.verify(small);
            assertEquals(allocations, graph.allocations());
        }
    }

    @Test
    void alignedNativeRowsAreReadInPlaceAndAWriteThroughTheSegmentIsSeenWithoutACopy() {
        int sequences = 2, g = 2, vocab = 1000;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate((long) sequences * (g + 1) * vocab * Float.BYTES, verifier.context().hostAlignment());
            FloatRows rows = FloatRows.dense(segment, sequences, g + 1, vocab);
            for (long k = 0; k < segment.byteSize() / Float.BYTES; k++) segment.setAtIndex(JAVA_FLOAT, k, -1f);
            segment.setAtIndex(JAVA_FLOAT, 17, 5f);                         // arg-max of sequence 0, row 0
            VerificationBatch batch = new VerificationBatch(sequences, g, vocab).target(rows).settings(SamplingSettings.GREEDY);
            DeviceRows device = DeviceRows.zeroCopy(verifier.context(), rows);
            try {
                // The buffer is the segment: its host pointer is the segment's address.
                try (Arena query = Arena.ofConfined()) {
                    MemorySegment pointer = query.allocate(ADDRESS);
                    assertEquals(OpenCL.CL_SUCCESS, OpenCL.clGetMemObjectInfo(device.buffer().handle(), OpenCL.CL_MEM_HOST_PTR,
                            ADDRESS.byteSize(), pointer, MemorySegment.NULL));
                    assertEquals(segment.address(), pointer.get(ADDRESS, 0).address());
                }
                assertEquals(ClBuffer.Kind.HOST, device.buffer().kind());
                VerificationResult result = VerificationResult.forBatch(batch);
                verifier.verify(batch, device, null, result);
                assertEquals(17, result.nextToken(0));
                assertEquals(0, verifier.lastTimes().copiedBytes());
                // The producer writes new logits into the segment; the same buffer, no copy, sees them.
                segment.setAtIndex(JAVA_FLOAT, 423, 9f);
                verifier.verify(batch, device, null, result);
                assertEquals(423, result.nextToken(0));
                assertEquals(0, verifier.lastTimes().copiedBytes());
            } finally {
                device.buffer().close();
            }
            // The host-segment entry point takes the same path for such rows ...
            segment.setAtIndex(JAVA_FLOAT, 3 * vocab + 99, 7f);              // arg-max of sequence 1, row 0
            VerificationResult result = verifier.verify(batch);
            assertEquals(423, result.nextToken(0));
            assertEquals(99, result.nextToken(1));
            assertEquals(0, verifier.lastTimes().copiedBytes());
            // ... and copies heap rows.
            float[] heap = segment.toArray(JAVA_FLOAT);
            verifier.verify(new VerificationBatch(sequences, g, vocab).target(FloatRows.of(heap, sequences, g + 1, vocab))
                    .settings(SamplingSettings.GREEDY));
            assertEquals((long) heap.length * Float.BYTES, verifier.lastTimes().copiedBytes());
        }
    }

    @Test
    void rowsAlreadyOnTheDeviceGiveTheReferenceTokens() {
        SplittableRandom random = new SplittableRandom(21);
        ReferenceVerifier reference = new ReferenceVerifier();
        int differences = 0;
        try (ClQueue queue = verifier.context().createQueue()) {
            for (int k = 0; k < 40; k++) {
                int sequences = 1 + random.nextInt(4), g = random.nextInt(5), vocab = 1 + random.nextInt(3000);
                int stride = vocab + random.nextInt(40); // padded rows
                float[] target = new float[sequences * (g + 1) * stride];
                float[] draft = new float[Math.max(1, sequences * g * stride)];
                for (int i = 0; i < target.length; i++) target[i] = (float) (2 * random.nextGaussian());
                for (int i = 0; i < draft.length; i++) draft[i] = (float) (2 * random.nextGaussian());
                FloatRows targetRows = new FloatRows(MemorySegment.ofArray(target), sequences, g + 1, vocab, stride, (long) (g + 1) * stride);
                FloatRows draftRows = new FloatRows(MemorySegment.ofArray(draft), sequences, g, vocab, stride, (long) g * stride);
                VerificationBatch batch = new VerificationBatch(sequences, g, vocab).target(targetRows)
                        .draftDistribution(DraftDistribution.logits(draftRows)).seedAll(random.nextLong())
                        .settings(SamplingSettings.temperature(0.8f));
                for (int b = 0; b < sequences; b++) {
                    int n = random.nextInt(g + 1);
                    for (int i = 0; i < n; i++) DraftSampler.sampleDraft(batch, b, i);
                    batch.draftCount(b, n);
                }
                try (ClBuffer t = verifier.context().deviceBuffer((long) target.length * Float.BYTES, ClAccess.READ_ONLY);
                     ClBuffer d = verifier.context().deviceBuffer((long) draft.length * Float.BYTES, ClAccess.READ_ONLY)) {
                    queue.write(t, 0, MemorySegment.ofArray(target));
                    queue.write(d, 0, MemorySegment.ofArray(draft));
                    VerificationResult actual = VerificationResult.forBatch(batch);
                    verifier.verify(batch, new DeviceRows(t, 0, sequences, g + 1, vocab, stride, (long) (g + 1) * stride),
                            new DeviceRows(d, 0, sequences, g, vocab, stride, (long) g * stride), actual);
                    assertEquals(0, verifier.lastTimes().copiedBytes());
                    VerificationResult expected = reference.verify(batch);
                    for (int b = 0; b < sequences; b++) {
                        if (!Arrays.equals(expected.emittedTokens(b), actual.emittedTokens(b))) differences++;
                    }
                }
            }
        }
        // Differences can only come from float boundary cases, about 1 in 10^5 sequences.
        assertTrue(differences <= 1, differences + " sequences differ from the reference");
    }

    @Test
    void oneSequenceOverALlamaSizedVocabularyAgreesWithTheFastVerifier() {
        agreesWithTheFastVerifierAtALlamaSizedVocabulary(verifier);
        // 9 rows (5 target, 4 draft) share the device's budget: on a 2-core CPU device, 8 groups -> one tile per row.
        long expectedTiles = Math.max(1, Math.min(63, PipelineShape.groupBudget(verifier.device()) / 9));
        assertEquals(expectedTiles, verifier.graph().steps().getFirst().globalSize() / 64 / 9);
    }

    /** The many-tile geometry a GPU gets (63 tiles per row), run on this device. */
    @Test
    void theGpuGeometryAgreesWithTheFastVerifierToo() {
        try (OpenClVerifier manyTiles = OpenClVerifier.javaKernels(verifier.device(), Integer.MAX_VALUE)) {
            agreesWithTheFastVerifierAtALlamaSizedVocabulary(manyTiles);
            assertEquals(63, manyTiles.graph().steps().getFirst().globalSize() / 64 / 9);
        }
    }

    private static void agreesWithTheFastVerifierAtALlamaSizedVocabulary(OpenClVerifier verifier) {
        int vocab = 128_256, g = 4;
        SplittableRandom random = new SplittableRandom(31);
        int differences = 0;
        try (FastVerifier fast = new FastVerifier()) {
            for (int k = 0; k < 12; k++) {
                float[] target = logits(random, 1, g + 1, vocab, 3);
                float[] draft = target.clone();
                for (int i = 0; i < g * vocab; i++) draft[i] += (float) random.nextGaussian();
                VerificationBatch batch = new VerificationBatch(1, g, vocab).target(FloatRows.of(target, 1, g + 1, vocab))
                        .draftDistribution(DraftDistribution.logits(FloatRows.of(Arrays.copyOf(draft, g * vocab), 1, g, vocab)))
                        .seedAll(random.nextLong()).step(0, k).settings(SamplingSettings.temperature(k % 3 == 0 ? 0f : 1f));
                for (int i = 0; i < g; i++) DraftSampler.sampleDraft(batch, 0, i);
                batch.draftCount(0, g);
                VerificationResult expected = fast.verify(batch);
                VerificationResult actual = verifier.verify(batch);
                if (!Arrays.equals(expected.emittedTokens(0), actual.emittedTokens(0))) differences++;
                assertEquals(expected.ending(0), actual.ending(0));
            }
        }
        assertEquals(0, differences);
        assertTrue(verifier.lastTimes().rowStatsNanos() > 0);
    }

    @Test
    void closingIsIdempotentAndAClosedVerifierRefusesWork() {
        VerificationBatch batch = new VerificationBatch(1, 0, 4).target(FloatRows.of(new float[] {0, 1, 2, 3}, 1, 1, 4));
        for (int k = 0; k < 25; k++) { // repeated open/verify/close: nothing accumulates in the shared context
            OpenClVerifier own = OpenClVerifier.javaKernels(verifier.device());
            assertEquals("opencl-java", own.name());
            assertSame(verifier.context(), own.context(), "one context per device keeps the built programs");
            assertNotNull(own.verify(batch));
            own.close();
            own.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> own.verify(batch));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
        assertArrayEquals(new int[] {3}, verifier.verify(batch.settings(SamplingSettings.GREEDY)).emittedTokens(0));
    }

    /** The context's reference count: PoCL's buffers, queues, programs and kernels each hold one on it. */
    private static int contextReferences() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(java.lang.foreign.ValueLayout.JAVA_INT);
            assertEquals(OpenCL.CL_SUCCESS, OpenCL.clGetContextInfo(verifier.context().handle(), OpenCL.CL_CONTEXT_REFERENCE_COUNT,
                    Integer.BYTES, count, MemorySegment.NULL));
            return count.get(java.lang.foreign.ValueLayout.JAVA_INT, 0);
        }
    }

    @Test
    void repeatedCallsAndVerifiersLeaveNoOpenCLObjectsBehind() {
        int sequences = 2, g = 3, vocab = 500;
        SplittableRandom random = new SplittableRandom(41);
        float[] heap = logits(random, sequences, g + 1, vocab, 1);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment aligned = arena.allocate((long) heap.length * Float.BYTES, verifier.context().hostAlignment());
            MemorySegment.copy(MemorySegment.ofArray(heap), 0, aligned, 0, aligned.byteSize());
            VerificationBatch zeroCopy = new VerificationBatch(sequences, g, vocab).target(FloatRows.dense(aligned, sequences, g + 1, vocab));
            VerificationBatch copied = new VerificationBatch(sequences, g, vocab).target(FloatRows.of(heap, sequences, g + 1, vocab))
                    .draftDistribution(DraftDistribution.logits(FloatRows.of(Arrays.copyOf(heap, sequences * g * vocab), sequences, g, vocab)));
            verifier.verify(zeroCopy);
            verifier.verify(copied);
            int before = contextReferences();
            for (int call = 0; call < 200; call++) {
                verifier.verify(zeroCopy.advanceSteps()); // a host buffer over the segment per call, released after it
                verifier.verify(copied.advanceSteps());
            }
            assertEquals(before, contextReferences(), "repeated calls release every per-call object");
            for (int k = 0; k < 10; k++) {
                try (OpenClVerifier own = OpenClVerifier.javaKernels(verifier.device())) {
                    own.verify(zeroCopy);
                    own.verify(copied);
                    assertTrue(contextReferences() > before, "an open verifier holds its queue, kernels and buffers");
                }
            }
            assertEquals(before, contextReferences(), "a closed verifier releases its queue, kernels and buffers");
        }
    }
}
