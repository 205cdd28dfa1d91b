package dev.specula.kernels.host;

import dev.specula.core.FloatRows;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import dev.specula.ffm.opencl.ClContext;
import dev.specula.ffm.opencl.ClDevice;
import dev.specula.ffm.opencl.ClQueue;
import dev.specula.kernels.DeviceRows;
import dev.specula.kernels.graph.KernelGraph;
import dev.specula.kernels.pipeline.TemperatureOnly;
import java.util.Objects;

/**
 * What a device verifier owns besides its kernels: a queue on the device's shared context, one
 * {@link KernelGraph}, the per-sequence inputs, the staging of target and draft rows, and the
 * outcome. A verify call binds its rows, runs the graph (one synchronisation) and writes the
 * outcome to the result with {@link #run}.
 */
public final class DeviceSession implements AutoCloseable {
    private final ClContext context;
    private final ClQueue queue;
    private final KernelGraph graph;
    private final SequenceInputs inputs;
    private final HostRows targetCopy, draftCopy;
    private final Outcomes outcomes;

    /** A new queue on {@code device}'s process-wide context ({@link DeviceContexts}). */
    public DeviceSession(ClDevice device) {
        context = DeviceContexts.of(device);
        queue = context.createQueue(device);
        graph = new KernelGraph(queue);
        inputs = new SequenceInputs(context, queue, graph);
        targetCopy = new HostRows(context, queue);
        draftCopy = new HostRows(context, queue);
        outcomes = new Outcomes(queue);
    }

    /**
     * The checks every device verifier makes before any native call: both present, the batch as a
     * whole, the result's size, and settings the device kernels can form (temperature only).
     */
    public static void requireVerifiable(VerificationBatch batch, VerificationResult result, String backend) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(result, "result");
        batch.validate();
        result.requireFits(batch);
        TemperatureOnly.require(batch, backend);
    }

    public ClContext context() {
        return context;
    }

    public ClQueue queue() {
        return queue;
    }

    public KernelGraph graph() {
        return graph;
    }

    /** Sizes the per-sequence inputs and the outcome buffer for B sequences of up to g drafts. */
    public void size(int sequences, int maxDrafts) {
        inputs.size(sequences, maxDrafts);
        graph.intermediate(Outcomes.NAME, Outcomes.bytes(sequences));
    }

    /** The target rows as the kernels see them; release after the call. */
    public RowInput target(FloatRows rows) {
        return targetCopy.input(rows);
    }

    /** The draft rows as the kernels see them, or null when there are none to read (g = 0); release after the call. */
    public RowInput draft(FloatRows rows) {
        return rows == null || rows.rowsPerSequence() == 0 ? null : draftCopy.input(rows);
    }

    /**
     * Stages the batch's per-sequence inputs, binds the rows ({@code target*}, {@code draft*}:
     * the target rows again when there are no draft rows), runs the graph and writes the outcome
     * to {@code result} (or throws, leaving it as it was).
     *
     * @return each step's kernel time in nanoseconds
     */
    public long[] run(VerificationBatch batch, RowInput target, RowInput draft, VerificationResult result) {
        inputs.stage(batch);
        bindRows("target", target.rows());
        bindRows("draft", draft != null ? draft.rows() : target.rows());
        long[] nanos = graph.execute(Outcomes.NAME, outcomes.segment(batch.sequences()));
        outcomes.apply(batch, target, draft, result);
        return nanos;
    }

    private void bindRows(String prefix, DeviceRows rows) {
        graph.buffer(prefix, rows.buffer());
        graph.setLong(prefix + "Offset", rows.offset())
                .setLong(prefix + "RowStride", rows.rowStride())
                .setLong(prefix + "SequenceStride", rows.sequenceStride());
    }

    /** Waits for the queue, then frees the graph, the staging and the queue; not idempotent (its owner's close is). */
    @Override
    public void close() {
        queue.finish();
        graph.close();
        inputs.close();
        targetCopy.close();
        draftCopy.close();
        queue.close();
        outcomes.close();
    }
}
