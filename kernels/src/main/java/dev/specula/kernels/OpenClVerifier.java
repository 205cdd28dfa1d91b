package dev.specula.kernels;

import dev.specula.core.ChainVerifier;
import dev.specula.core.DraftDistribution;
import dev.specula.core.FloatRows;
import dev.specula.core.NonFiniteLogitException;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import dev.specula.ffm.opencl.ClContext;
import dev.specula.ffm.opencl.ClDevice;
import dev.specula.kernels.graph.KernelGraph;
import dev.specula.kernels.host.DeviceContexts;
import dev.specula.kernels.host.DeviceSession;
import dev.specula.kernels.host.RowInput;
import dev.specula.kernels.pipeline.KernelSet;
import dev.specula.kernels.pipeline.PipelineShape;
import dev.specula.kernels.pipeline.Stage;
import dev.specula.kernels.pipeline.StageKernel;
import dev.specula.kernels.pipeline.ThresholdKernel;
import dev.specula.kernels.pipeline.Truncation;
import java.util.Map;
import java.util.Objects;

/**
 * Chain verification on an OpenCL device: the pipeline of {@link Stage} (row statistics per
 * vocabulary tile, their merge, the truncation threshold of truncated rows, the accept walk, the
 * residual or bonus tile sums, the inverse-CDF pick), run as one {@link KernelGraph} with one
 * synchronisation per call. It emits the same tokens as {@link dev.specula.core.ReferenceVerifier}
 * for the same inputs and seeds, up to floating-point boundary cases, with every
 * {@link dev.specula.core.SamplingSettings} (temperature, top-k, top-p, min-p; per sequence, for
 * the target and for draft logits). The threshold stage is launched only for batches with a
 * truncated row.
 *
 * {@snippet :
 * try (OpenClVerifier verifier = OpenClVerifier.javaKernels(Devices.select("0"))) {
 *     verifier.verify(batch, result);                       // rows in host segments
 *     long kernelNanos = verifier.lastTimes().totalNanos(); // profiling events
 * }
 * }
 *
 * <h2>Inputs</h2>
 * Rows in native segments aligned to the device's base-address alignment are read in place on a
 * device that shares host memory (zero-copy, {@code CL_MEM_USE_HOST_PTR}); other rows (heap
 * arrays, misaligned segments, discrete devices) are copied once per call. Rows already on the
 * device are passed as {@link DeviceRows} to {@link #verify(VerificationBatch, DeviceRows,
 * DeviceRows, VerificationResult)}.
 *
 * <h2>Validation</h2>
 * As in core: shapes, ids, settings and segments are checked before any native call; NaN or
 * +infinity in a row the chain consumes raises {@link NonFiniteLogitException}, bad draft
 * probabilities or an inconsistent recorded draft log-probability {@link IllegalArgumentException};
 * a call that throws leaves the result as it was.
 *
 * <h2>Resources</h2>
 * Programs are built once per device and kept in a process-wide {@link ClContext} of that device
 * ({@link #context()}), so that a new verifier for a known device starts at once. Each verifier
 * owns its queue, kernels and buffers, and frees them on {@link #close()}. The accept walk needs
 * double precision ({@code cl_khr_fp64}). Not thread-safe: use one verifier per thread.
 */
public final class OpenClVerifier implements ChainVerifier {
    private final String name;
    private final KernelSet kernelSet;
    private final ClDevice device;
    private final DeviceSession session;
    private final ClContext context;
    private final Map<Stage, StageKernel> kernels;
    private final KernelGraph graph;
    private final int maxLocalSize;
    private final int groupBudget;
    private PipelineShape shape;
    /** Whether the declared steps include the threshold stage. */
    private boolean truncating;
    private KernelTimes lastTimes = KernelTimes.NONE;
    private boolean closed;

    /** @param groupBudget the work-group budget of the launches, or 0 for the device's own ({@link PipelineShape#groupBudget}) */
    private OpenClVerifier(String name, KernelSet kernelSet, ClDevice device, int groupBudget) {
        Objects.requireNonNull(device, "device");
        if (!device.supports("cl_khr_fp64")) {
            throw new IllegalArgumentException("device " + device.name() + " lacks cl_khr_fp64: the accept walk needs double precision"
                    + " to reproduce core's uniforms and ratios");
        }
        this.name = name;
        this.kernelSet = kernelSet;
        this.device = device;
        this.session = new DeviceSession(device);
        this.context = session.context();
        this.graph = session.graph();
        try {
            this.kernels = kernelSet.build(context, device);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        long kernelLimit = Long.MAX_VALUE;
        for (StageKernel k : kernels.values()) kernelLimit = Math.min(kernelLimit, k.kernel().workGroupSize());
        this.maxLocalSize = PipelineShape.maxLocalSize(device, kernelLimit);
        this.groupBudget = groupBudget > 0 ? groupBudget : PipelineShape.groupBudget(device);
    }

    /** The verifier running the Java kernel classes, translated to OpenCL C, on {@code device}. */
    public static OpenClVerifier javaKernels(ClDevice device) {
        return new OpenClVerifier("opencl-java", KernelSet.javaKernels(), device, 0);
    }

    /**
     * The Java kernels launched with {@code groupBudget} work-groups at most per stage instead of
     * the device's budget: with a large budget a CPU device runs the many-tile geometry of a GPU
     * (for tests of that geometry on PoCL).
     */
    static OpenClVerifier javaKernels(ClDevice device, int groupBudget) {
        if (groupBudget < 1) throw new IllegalArgumentException("groupBudget must be positive, got " + groupBudget);
        return new OpenClVerifier("opencl-java", KernelSet.javaKernels(), device, groupBudget);
    }

    /** The verifier running the hand-written OpenCL C of the same pipeline on {@code device}. */
    public static OpenClVerifier handwritten(ClDevice device) {
        return new OpenClVerifier("opencl-handwritten", KernelSet.handwritten(), device, 0);
    }

    /** "opencl-java" or "opencl-handwritten". */
    @Override
    public String name() {
        return name;
    }

    /** The device the kernels run on. */
    public ClDevice device() {
        return device;
    }

    /** The context of the device's buffers: {@link DeviceRows} must be made in it. */
    public ClContext context() {
        return context;
    }

    /** Where the stages' OpenCL C comes from. */
    public KernelSet kernelSet() {
        return kernelSet;
    }

    /**
     * The OpenCL C this verifier runs for {@code stage}: for the Java kernels, the code Aparapi's
     * translator generated from the stage's class.
     */
    public String source(Stage stage) {
        return kernelSet.source(Objects.requireNonNull(stage, "stage"));
    }

    /** The kernel graph (for inspection: its steps, allocations and synchronisations). */
    public KernelGraph graph() {
        return graph;
    }

    /** The kernel time per stage of the last successful call, and the bytes it copied. */
    public KernelTimes lastTimes() {
        return lastTimes;
    }

    @Override
    public synchronized void verify(VerificationBatch batch, VerificationResult result) {
        ensureOpen();
        DeviceSession.requireVerifiable(batch, result);
        FloatRows draftRows = switch (batch.draftDistribution()) {
            case DraftDistribution.Logits(FloatRows rows) -> rows;
            case DraftDistribution.Probabilities(FloatRows rows) -> rows;
            case DraftDistribution.OneHot o -> null;
        };
        DeviceContexts.requireIndexable(DeviceRows.span(batch.target()), "target");
        if (draftRows != null) DeviceContexts.requireIndexable(DeviceRows.span(draftRows), "draft");
        RowInput target = session.target(batch.target());
        RowInput draft = session.draft(draftRows);
        try {
            run(batch, target, draft, result);
        } finally {
            target.release();
            if (draft != null) draft.release();
        }
    }

    /**
     * Verifies with rows already on the device ({@link DeviceRows} of this verifier's
     * {@link #context()}). The batch supplies everything else; its own row segments are not read.
     *
     * @param target    B x (at least g+1) x V target logits
     * @param draftRows B x (at least g) x V draft logits or probabilities, as the batch's draft
     *                  distribution says; null exactly when the batch's drafts are one-hot
     */
    public synchronized void verify(VerificationBatch batch, DeviceRows target, DeviceRows draftRows, VerificationResult result) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(result, "result");
        ensureOpen();
        result.requireFits(batch);
        requireShape("target logits", target, batch, batch.maxDrafts() + 1);
        boolean oneHot = batch.draftDistribution() instanceof DraftDistribution.OneHot;
        if (oneHot && draftRows != null) {
            throw new IllegalArgumentException("the batch's drafts are one-hot, so no draft rows are read; pass null");
        }
        if (!oneHot && draftRows == null) {
            throw new IllegalArgumentException("the batch's draft distribution is " + batch.draftDistribution().getClass().getSimpleName()
                    + ": pass its rows as DeviceRows");
        }
        if (draftRows != null) requireShape("draft rows", draftRows, batch, batch.maxDrafts());
        run(batch, new RowInput(target, null), draftRows == null ? null : new RowInput(draftRows, null), result);
    }

    private void requireShape(String what, DeviceRows rows, VerificationBatch batch, int minRows) {
        if (rows.sequences() != batch.sequences() || rows.vocabSize() != batch.vocabSize() || rows.rowsPerSequence() < minRows) {
            throw new IllegalArgumentException(what + " have shape " + rows.sequences() + "x" + rows.rowsPerSequence() + "x" + rows.vocabSize()
                    + " but this batch needs " + batch.sequences() + "x" + minRows + "x" + batch.vocabSize() + " (B x rows x V)");
        }
        if (rows.buffer().context() != context) {
            throw new IllegalArgumentException(what + ": the buffer belongs to another ClContext; make it in verifier.context()");
        }
        if (rows.buffer().isClosed()) throw new IllegalStateException(what + ": the buffer is closed");
        if (rows.buffer().hostSegment().isPresent() && !rows.buffer().hostSegment().get().scope().isAlive()) {
            throw new IllegalStateException(what + ": the arena of the buffer's host segment is closed");
        }
        DeviceContexts.requireIndexable(rows.offset() + rows.span(), what);
    }

    // ---- one call -------------------------------------------------------------------------

    private void run(VerificationBatch batch, RowInput target, RowInput draft, VerificationResult result) {
        int sequences = batch.sequences(), g = batch.maxDrafts(), vocab = batch.vocabSize();
        int draftKind = switch (batch.draftDistribution()) {
            case DraftDistribution.OneHot o -> 0;
            case DraftDistribution.Logits l -> 1;
            case DraftDistribution.Probabilities p -> 2;
        };
        PipelineShape next = PipelineShape.of(sequences, g, vocab, draftKind != 0, maxLocalSize, groupBudget);
        boolean truncated = Truncation.anyRow(batch);
        if (!next.equals(shape) || truncated != truncating) declare(next, truncated);
        graph.setInt("draftKind", draftKind);
        long[] nanos = session.run(batch, target, draft, result);
        long copied = target.copiedBytes() + (draft == null ? 0 : draft.copiedBytes());
        int at = truncating ? 1 : 0; // the threshold stage's time follows the merge's when it ran
        lastTimes = new KernelTimes(nanos[0], nanos[1], truncating ? nanos[2] : 0, nanos[2 + at], nanos[3 + at], nanos[4 + at], copied);
    }

    /** Declares the steps (the threshold stage only when {@code truncated}) and sizes the intermediates for a new shape. */
    private void declare(PipelineShape s, boolean truncated) {
        int rows = s.rows(), b = s.sequences(), tiles = s.tiles(), local = s.localSize();
        long partials = (long) rows * tiles;
        graph.intermediate("partialMax", partials * Float.BYTES);
        graph.intermediate("partialSum", partials * Float.BYTES);
        graph.intermediate("partialArg", partials * Integer.BYTES);
        graph.intermediate("partialBad", partials * Integer.BYTES);
        graph.intermediate("rowMax", (long) rows * Float.BYTES);
        graph.intermediate("rowSum", (long) rows * Double.BYTES);
        graph.intermediate("rowArg", (long) rows * Integer.BYTES);
        graph.intermediate("rowBad", (long) rows * Integer.BYTES);
        graph.intermediate("rowCut", (long) rows * Float.BYTES);
        graph.intermediate("rowKept", (long) rows * Double.BYTES);
        graph.intermediate("mode", (long) b * Integer.BYTES);
        graph.intermediate("sampleU", (long) b * Double.BYTES);
        graph.intermediate("tileMass", (long) b * tiles * Double.BYTES);
        graph.intermediate("tileP", (long) b * tiles * Double.BYTES);
        graph.local("localMax", (long) local * Float.BYTES).local("localSum", (long) local * Float.BYTES)
                .local("localArg", (long) local * Integer.BYTES).local("localBad", (long) local * Integer.BYTES)
                .local("localMass", (long) local * Double.BYTES).local("localP", (long) local * Double.BYTES)
                .local("localChunk", (long) local * Double.BYTES).local("localFound", (long) local * Integer.BYTES)
                .local("localLast", (long) local * Integer.BYTES);
        // The threshold stage's work-groups keep a histogram per work-item: at most ThresholdKernel.MAX_LOCAL wide.
        int thresholdLocal = Math.min(local, ThresholdKernel.MAX_LOCAL);
        long histogram = (long) thresholdLocal * ThresholdKernel.BUCKETS;
        graph.local("localBucketCount", histogram * Integer.BYTES).local("localBucketMass", histogram * Float.BYTES)
                .local("localBucketLow", histogram * Float.BYTES).local("localBucketHigh", histogram * Float.BYTES);
        graph.setInt("sequences", b).setInt("maxDrafts", s.maxDrafts()).setInt("vocabSize", s.vocabSize())
                .setInt("tiles", tiles).setInt("tileWidth", s.tileWidth()).setInt("rows", rows).setInt("passid", 0);
        graph.clearSteps();
        step(Stage.ROW_STATS, partials * local, local);
        step(Stage.ROW_COMBINE, s.roundUp(rows), local);
        if (truncated) step(Stage.THRESHOLD, (long) rows * thresholdLocal, thresholdLocal);
        step(Stage.ACCEPT, s.roundUp(b), local);
        step(Stage.SAMPLE_TILES, (long) b * tiles * local, local);
        step(Stage.SAMPLE_PICK, (long) b * local, local);
        session.size(b, s.maxDrafts());
        shape = s;
        truncating = truncated;
    }

    private void step(Stage stage, long global, long local) {
        StageKernel k = kernels.get(stage);
        graph.step(stage.kernelName(), k.kernel(), k.parameterNames(), global, local);
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("the " + name + " verifier is closed");
    }

    /** Frees the verifier's queue, kernels and buffers; idempotent. The device's programs stay cached. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        session.close();
        for (StageKernel k : kernels.values()) k.kernel().close();
    }
}
