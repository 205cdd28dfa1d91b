package dev.specula.kernels.host;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.specula.core.VerificationBatch;
import dev.specula.ffm.opencl.ClAccess;
import dev.specula.ffm.opencl.ClBuffer;
import dev.specula.ffm.opencl.ClContext;
import dev.specula.ffm.opencl.ClQueue;
import dev.specula.kernels.graph.KernelGraph;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The small per-sequence inputs of a verify call, bound to a {@link KernelGraph} under the names
 * the kernels take: {@code draftCount}, {@code draftToken}, {@code temperature},
 * {@code draftTemperature}, the random stream ({@code seedLo}, {@code seedHi}, {@code stream},
 * {@code stepLo}, {@code stepHi}) and {@code recordedLogQ}. Written by the host into native
 * memory, read by the kernels in place on host-unified devices, uploaded without waiting otherwise.
 */
public final class SequenceInputs {
    private final ClContext context;
    private final ClQueue queue;
    private final KernelGraph graph;
    private final Staged draftCount, draftToken, temperature, draftTemperature, seedLo, seedHi, stream, stepLo, stepHi, recordedLogQ;
    private final List<Staged> all;

    public SequenceInputs(ClContext context, ClQueue queue, KernelGraph graph) {
        this.context = context;
        this.queue = queue;
        this.graph = graph;
        draftCount = new Staged("draftCount", JAVA_INT);
        draftToken = new Staged("draftToken", JAVA_INT);
        temperature = new Staged("temperature", JAVA_FLOAT);
        draftTemperature = new Staged("draftTemperature", JAVA_FLOAT);
        seedLo = new Staged("seedLo", JAVA_INT);
        seedHi = new Staged("seedHi", JAVA_INT);
        stream = new Staged("stream", JAVA_INT);
        stepLo = new Staged("stepLo", JAVA_INT);
        stepHi = new Staged("stepHi", JAVA_INT);
        recordedLogQ = new Staged("recordedLogQ", JAVA_DOUBLE);
        all = List.of(draftCount, draftToken, temperature, draftTemperature, seedLo, seedHi, stream, stepLo, stepHi, recordedLogQ);
    }

    /** Makes room for B sequences of up to g drafts (kept when large enough). */
    public void size(int sequences, int maxDrafts) {
        int perDraft = sequences * Math.max(maxDrafts, 1);
        for (Staged s : all) s.size(s == draftToken || s == recordedLogQ ? perDraft : sequences);
    }

    /** Writes the batch's per-sequence inputs and queues their upload. */
    public void stage(VerificationBatch batch) {
        int g = batch.maxDrafts();
        for (int b = 0; b < batch.sequences(); b++) {
            draftCount.segment.setAtIndex(JAVA_INT, b, batch.draftCount(b));
            temperature.segment.setAtIndex(JAVA_FLOAT, b, batch.settings(b).temperature());
            draftTemperature.segment.setAtIndex(JAVA_FLOAT, b, batch.draftSettings(b).temperature());
            long seed = batch.seed(b), step = batch.step(b);
            seedLo.segment.setAtIndex(JAVA_INT, b, (int) seed);
            seedHi.segment.setAtIndex(JAVA_INT, b, (int) (seed >>> 32));
            stream.segment.setAtIndex(JAVA_INT, b, batch.stream(b));
            stepLo.segment.setAtIndex(JAVA_INT, b, (int) step);
            stepHi.segment.setAtIndex(JAVA_INT, b, (int) (step >>> 32));
            for (int i = 0; i < g; i++) {
                draftToken.segment.setAtIndex(JAVA_INT, b * g + i, batch.draftToken(b, i));
                recordedLogQ.segment.setAtIndex(JAVA_DOUBLE, b * g + i, batch.draftLogProbability(b, i));
            }
        }
        for (Staged s : all) s.upload();
    }

    /** Frees every staging segment and buffer; idempotent. */
    public void close() {
        for (Staged s : all) s.close();
    }

    /** One input array. */
    private final class Staged {
        private final String name;
        private final ValueLayout layout;
        private Arena arena;
        private MemorySegment segment;
        private ClBuffer buffer;

        Staged(String name, ValueLayout layout) {
            this.name = name;
            this.layout = layout;
        }

        void size(long count) {
            long bytes = Math.max(count, 1) * layout.byteSize();
            if (segment != null && segment.byteSize() >= bytes) return;
            close();
            arena = Arena.ofShared();
            segment = arena.allocate(bytes, context.hostAlignment());
            buffer = context.device().hostUnifiedMemory()
                    ? context.hostBuffer(segment, ClAccess.READ_ONLY)
                    : context.deviceBuffer(bytes, ClAccess.READ_ONLY);
            graph.buffer(name, buffer);
        }

        void upload() {
            if (buffer.kind() == ClBuffer.Kind.DEVICE) queue.enqueueWrite(buffer, 0, segment);
        }

        void close() {
            if (buffer != null) buffer.close();
            if (arena != null) arena.close();
            buffer = null;
            segment = null;
            arena = null;
        }
    }
}
