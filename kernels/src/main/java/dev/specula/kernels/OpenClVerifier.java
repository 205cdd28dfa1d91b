package dev.specula.kernels;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.specula.core.ChainVerifier;
import dev.specula.core.DraftDistribution;
import dev.specula.core.Ending;
import dev.specula.core.FloatRows;
import dev.specula.core.NonFiniteLogitException;
import dev.specula.core.SamplingSettings;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import dev.specula.ffm.opencl.ClAccess;
import dev.specula.ffm.opencl.ClBuffer;
import dev.specula.ffm.opencl.ClContext;
import dev.specula.ffm.opencl.ClDevice;
import dev.specula.ffm.opencl.ClDeviceType;
import dev.specula.ffm.opencl.ClQueue;
import dev.specula.kernels.graph.KernelGraph;
import dev.specula.kernels.pipeline.KernelSet;
import dev.specula.kernels.pipeline.PipelineShape;
import dev.specula.kernels.pipeline.PipelineStatus;
import dev.specula.kernels.pipeline.Stage;
import dev.specula.kernels.pipeline.StageKernel;
import dev.specula.kernels.pipeline.ThresholdKernel;
import dev.specula.kernels.pipeline.Truncation;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

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
    private static final Map<Long, ClContext> CONTEXTS = new ConcurrentHashMap<>();
    private static final String OUTCOME = "outcome";
    private static final int OUTCOME_INTS = 5;

    private final String name;
    private final KernelSet kernelSet;
    private final ClDevice device;
    private final ClContext context;
    private final ClQueue queue;
    private final Map<Stage, StageKernel> kernels;
    private final KernelGraph graph;
    private final int maxLocalSize;
    private final List<Staged> staged = new ArrayList<>();
    private final Staged draftCount, draftToken, temperature, draftTemperature, seedLo, seedHi, stream, stepLo, stepHi, recordedLogQ;
    private final Staged topK, topP, minP, draftTopK, draftTopP, draftMinP;
    private final Copy targetCopy, draftCopy;
    private Arena outcomeArena;
    private MemorySegment outcome;
    private PipelineShape shape;
    /** Whether the declared steps include the threshold stage. */
    private boolean truncating;
    private KernelTimes lastTimes = KernelTimes.NONE;
    private boolean closed;

    private OpenClVerifier(String name, KernelSet kernelSet, ClDevice device) {
        Objects.requireNonNull(device, "device");
        if (!device.supports("cl_khr_fp64")) {
            throw new IllegalArgumentException("device " + device.name() + " lacks cl_khr_fp64: the accept walk needs double precision"
                    + " to reproduce core's uniforms and ratios");
        }
        this.name = name;
        this.kernelSet = kernelSet;
        this.device = device;
        this.context = contextOf(device);
        this.queue = context.createQueue(device);
        try {
            this.kernels = kernelSet.build(context, device);
            long limit = device.type() == ClDeviceType.CPU ? 64 : 256;
            for (StageKernel k : kernels.values()) limit = Math.min(limit, k.kernel().workGroupSize());
            this.maxLocalSize = Integer.highestOneBit((int) limit);
            this.graph = new KernelGraph(queue);
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
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
        topK = new Staged("topK", JAVA_INT);
        topP = new Staged("topP", JAVA_FLOAT);
        minP = new Staged("minP", JAVA_FLOAT);
        draftTopK = new Staged("draftTopK", JAVA_INT);
        draftTopP = new Staged("draftTopP", JAVA_FLOAT);
        draftMinP = new Staged("draftMinP", JAVA_FLOAT);
        targetCopy = new Copy();
        draftCopy = new Copy();
        outcomeArena = Arena.ofConfined();
        outcome = outcomeArena.allocate(JAVA_INT, OUTCOME_INTS);
    }

    /** The verifier running the Java kernel classes, translated to OpenCL C, on {@code device}. */
    public static OpenClVerifier javaKernels(ClDevice device) {
        return new OpenClVerifier("opencl-java", KernelSet.javaKernels(), device);
    }

    /** The verifier running the hand-written OpenCL C of the same pipeline on {@code device}. */
    public static OpenClVerifier handwritten(ClDevice device) {
        return new OpenClVerifier("opencl-handwritten", KernelSet.handwritten(), device);
    }

    /** The process-wide context of {@code device}, where its programs are built once. */
    private static ClContext contextOf(ClDevice device) {
        return CONTEXTS.compute(device.id().address(), (id, existing) ->
                existing != null && !existing.isClosed() ? existing : ClContext.create(device));
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
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(result, "result");
        ensureOpen();
        batch.validate();
        result.requireFits(batch);
        FloatRows draftRows = switch (batch.draftDistribution()) {
            case DraftDistribution.Logits(FloatRows rows) -> rows;
            case DraftDistribution.Probabilities(FloatRows rows) -> rows;
            case DraftDistribution.OneHot o -> null;
        };
        requireIndexable(DeviceRows.span(batch.target()), "target");
        if (draftRows != null) requireIndexable(DeviceRows.span(draftRows), "draft");
        Input target = targetCopy.input(batch.target());
        // With g = 0 there are no draft rows to read (and maybe no memory behind them).
        Input draft = draftRows == null || draftRows.rowsPerSequence() == 0 ? null : draftCopy.input(draftRows);
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
        run(batch, new Input(target, null), draftRows == null ? null : new Input(draftRows, null), result);
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
        requireIndexable(rows.offset() + rows.span(), what);
    }

    /** The kernels index rows with 32-bit integers. */
    private static void requireIndexable(long floats, String what) {
        if (floats > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " rows span " + floats + " floats; the device pipeline addresses at most "
                    + Integer.MAX_VALUE + " floats per buffer");
        }
    }

    // ---- one call -------------------------------------------------------------------------

    private void run(VerificationBatch batch, Input target, Input draft, VerificationResult result) {
        int sequences = batch.sequences(), g = batch.maxDrafts(), vocab = batch.vocabSize();
        int draftKind = switch (batch.draftDistribution()) {
            case DraftDistribution.OneHot o -> 0;
            case DraftDistribution.Logits l -> 1;
            case DraftDistribution.Probabilities p -> 2;
        };
        PipelineShape next = PipelineShape.of(sequences, g, vocab, draftKind != 0, maxLocalSize);
        boolean truncated = Truncation.anyRow(batch);
        if (!next.equals(shape) || truncated != truncating) declare(next, truncated);
        stage(batch);
        bindRows("target", target.rows());
        bindRows("draft", draft != null ? draft.rows() : target.rows());
        graph.setInt("draftKind", draftKind);
        long[] nanos = graph.execute(OUTCOME, outcome.asSlice(0, (long) OUTCOME_INTS * sequences * Integer.BYTES));

        // Every sequence is checked before the result is touched, in the reference's order.
        for (int b = 0; b < sequences; b++) {
            PipelineStatus status = PipelineStatus.of(outcome.getAtIndex(JAVA_INT, OUTCOME_INTS * b + 2));
            if (status != PipelineStatus.OK) throw failure(batch, b, status, target, draft);
        }
        for (int b = 0; b < sequences; b++) {
            int accepted = outcome.getAtIndex(JAVA_INT, OUTCOME_INTS * b);
            int token = outcome.getAtIndex(JAVA_INT, OUTCOME_INTS * b + 1);
            if (accepted < 0 || accepted > batch.draftCount(b) || token < 0 || token >= vocab) {
                throw new IllegalStateException("the device returned accepted = " + accepted + ", token = " + token + " for sequence " + b);
            }
        }
        for (int b = 0; b < sequences; b++) {
            int accepted = outcome.getAtIndex(JAVA_INT, OUTCOME_INTS * b);
            int token = outcome.getAtIndex(JAVA_INT, OUTCOME_INTS * b + 1);
            result.set(b, accepted, token, accepted == batch.draftCount(b) ? Ending.BONUS : Ending.CORRECTION, batch);
        }
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
        graph.intermediate(OUTCOME, (long) b * OUTCOME_INTS * Integer.BYTES);
        if (outcome.byteSize() < (long) b * OUTCOME_INTS * Integer.BYTES) {
            outcomeArena.close();
            outcomeArena = Arena.ofConfined();
            outcome = outcomeArena.allocate(JAVA_INT, (long) b * OUTCOME_INTS);
        }
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
        int perSequence = b, perDraft = b * Math.max(s.maxDrafts(), 1);
        draftCount.size(perSequence);
        draftToken.size(perDraft);
        temperature.size(perSequence);
        draftTemperature.size(perSequence);
        seedLo.size(perSequence);
        seedHi.size(perSequence);
        stream.size(perSequence);
        stepLo.size(perSequence);
        stepHi.size(perSequence);
        recordedLogQ.size(perDraft);
        for (Staged setting : List.of(topK, topP, minP, draftTopK, draftTopP, draftMinP)) setting.size(perSequence);
        shape = s;
        truncating = truncated;
    }

    private void step(Stage stage, long global, long local) {
        StageKernel k = kernels.get(stage);
        graph.step(stage.kernelName(), k.kernel(), k.parameterNames(), global, local);
    }

    /** Writes the per-sequence inputs into their staging segments and queues their upload. */
    private void stage(VerificationBatch batch) {
        int g = batch.maxDrafts();
        for (int b = 0; b < batch.sequences(); b++) {
            draftCount.segment.setAtIndex(JAVA_INT, b, batch.draftCount(b));
            temperature.segment.setAtIndex(JAVA_FLOAT, b, batch.settings(b).temperature());
            draftTemperature.segment.setAtIndex(JAVA_FLOAT, b, batch.draftSettings(b).temperature());
            SamplingSettings settings = batch.settings(b), draftSettings = batch.draftSettings(b);
            topK.segment.setAtIndex(JAVA_INT, b, settings.topK());
            topP.segment.setAtIndex(JAVA_FLOAT, b, settings.topP());
            minP.segment.setAtIndex(JAVA_FLOAT, b, settings.minP());
            draftTopK.segment.setAtIndex(JAVA_INT, b, draftSettings.topK());
            draftTopP.segment.setAtIndex(JAVA_FLOAT, b, draftSettings.topP());
            draftMinP.segment.setAtIndex(JAVA_FLOAT, b, draftSettings.minP());
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
        for (Staged s : staged) s.upload();
    }

    private void bindRows(String prefix, DeviceRows rows) {
        graph.buffer(prefix, rows.buffer());
        graph.setLong(prefix + "Offset", rows.offset())
                .setLong(prefix + "RowStride", rows.rowStride())
                .setLong(prefix + "SequenceStride", rows.sequenceStride());
    }

    // ---- failures -------------------------------------------------------------------------

    /** The exception core's verifiers throw for the same bad row. */
    private RuntimeException failure(VerificationBatch batch, int b, PipelineStatus status, Input target, Input draft) {
        int row = outcome.getAtIndex(JAVA_INT, OUTCOME_INTS * b + 3);
        int index = outcome.getAtIndex(JAVA_INT, OUTCOME_INTS * b + 4);
        return switch (status) {
            case TARGET_NON_FINITE -> new NonFiniteLogitException("target logits", b, row, index, valueAt(target, b, row, index));
            case TARGET_NO_FINITE -> new NonFiniteLogitException("target logits", b, row, -1, Float.NEGATIVE_INFINITY);
            case DRAFT_NON_FINITE -> new NonFiniteLogitException("draft logits", b, row, index, valueAt(draft, b, row, index));
            case DRAFT_NO_FINITE -> new NonFiniteLogitException("draft logits", b, row, -1, Float.NEGATIVE_INFINITY);
            case PROBABILITY_OUT_OF_RANGE -> new IllegalArgumentException("draft probability of sequence " + b + ", row " + row + ", token "
                    + index + " is " + valueAt(draft, b, row, index) + ", not in [0, 1]");
            case PROBABILITY_SUM -> new IllegalArgumentException("draft probabilities of sequence " + b + ", row " + row
                    + " do not sum to 1 (within 1e-3)");
            case RECORDED_LOG_Q -> new IllegalArgumentException("draft " + row + " of sequence " + b + " (token " + batch.draftToken(b, row)
                    + ") was recorded with log q = " + batch.draftLogProbability(b, row) + " but its draft distribution differs by more than 1e-4"
                    + ": the draft was not sampled from the distribution it is verified against");
            case OK -> throw new AssertionError();
        };
    }

    /** One float of the input rows, for an error message (a small blocking read when the rows are on the device). */
    private float valueAt(Input input, int b, int row, int token) {
        if (input.host() != null) return input.host().get(b, row, token);
        DeviceRows rows = input.rows();
        long at = rows.offset() + b * rows.sequenceStride() + row * rows.rowStride() + token;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_FLOAT);
            queue.read(rows.buffer(), at * Float.BYTES, value);
            return value.get(JAVA_FLOAT, 0);
        }
    }

    // ---- inputs ---------------------------------------------------------------------------

    /**
     * Rows as the kernels see them, and what must be released after the call.
     *
     * @param rows the device view of the rows
     * @param host the host rows they came from, or null for caller's device rows
     */
    private record Input(DeviceRows rows, FloatRows host, ClBuffer temporary, long copiedBytes) {
        Input(DeviceRows rows, FloatRows host) {
            this(rows, host, null, 0);
        }

        void release() {
            if (temporary != null) temporary.close();
        }
    }

    /** How host rows reach the device: in place when possible, else through a copy kept per shape. */
    private final class Copy {
        private Arena arena;
        private MemorySegment staging;
        private ClBuffer buffer;

        Input input(FloatRows rows) {
            long bytes = Math.max(Float.BYTES, DeviceRows.span(rows) * Float.BYTES);
            MemorySegment segment = rows.segment();
            if (segment.isNative() && segment.address() % context.hostAlignment() == 0 && device.hostUnifiedMemory()) {
                DeviceRows inPlace = DeviceRows.zeroCopy(context, rows);
                return new Input(inPlace, rows, inPlace.buffer(), 0);
            }
            if (staging == null || staging.byteSize() < bytes) {
                if (buffer != null) buffer.close();
                if (arena != null) arena.close();
                arena = Arena.ofShared();
                staging = arena.allocate(bytes, context.hostAlignment());
                buffer = device.hostUnifiedMemory()
                        ? context.hostBuffer(staging, ClAccess.READ_ONLY)
                        : context.deviceBuffer(bytes, ClAccess.READ_ONLY);
            }
            long copied = DeviceRows.span(rows) * Float.BYTES;
            MemorySegment.copy(segment, 0, staging, 0, copied);
            if (buffer.kind() == ClBuffer.Kind.DEVICE) queue.enqueueWrite(buffer, 0, staging.asSlice(0, Math.max(copied, 1)));
            DeviceRows view = new DeviceRows(buffer, 0, rows.sequences(), rows.rowsPerSequence(), rows.vocabSize(), rows.rowStride(),
                    rows.sequenceStride());
            return new Input(view, rows, null, copied);
        }

        void close() {
            if (buffer != null) buffer.close();
            if (arena != null) arena.close();
        }
    }

    /**
     * A small per-sequence input array (draft counts, seeds, ...): written by the host into native
     * memory, read by the kernels in place on host-unified devices, uploaded without waiting otherwise.
     */
    private final class Staged {
        private final String name;
        private final ValueLayout layout;
        private Arena arena;
        private MemorySegment segment;
        private ClBuffer buffer;

        Staged(String name, ValueLayout layout) {
            this.name = name;
            this.layout = layout;
            staged.add(this);
        }

        void size(long count) {
            long bytes = Math.max(count, 1) * layout.byteSize();
            if (segment != null && segment.byteSize() >= bytes) return;
            close();
            arena = Arena.ofShared();
            segment = arena.allocate(bytes, context.hostAlignment());
            buffer = device.hostUnifiedMemory()
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

    // ---- lifecycle --------------------------------------------------------------------------

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("the " + name + " verifier is closed");
    }

    /** Frees the verifier's queue, kernels and buffers; idempotent. The device's programs stay cached. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        queue.finish();
        graph.close();
        for (Staged s : staged) s.close();
        targetCopy.close();
        draftCopy.close();
        for (StageKernel k : kernels.values()) k.kernel().close();
        queue.close();
        outcomeArena.close();
    }
}
