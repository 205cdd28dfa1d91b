package dev.specula.kernels.cuda;

import dev.specula.core.ChainVerifier;
import dev.specula.core.DraftDistribution;
import dev.specula.core.FloatRows;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import dev.specula.ffm.cuda.Cuda;
import dev.specula.ffm.cuda.CudaBuffer;
import dev.specula.ffm.cuda.CudaContext;
import dev.specula.ffm.cuda.CudaDevice;
import dev.specula.ffm.cuda.CudaEvent;
import dev.specula.ffm.cuda.CudaFunction;
import dev.specula.ffm.cuda.CudaModule;
import dev.specula.ffm.cuda.CudaStream;
import dev.specula.ffm.cuda.Dim3;
import dev.specula.ffm.cuda.LaunchConfig;
import dev.specula.kernels.cuda.PipelinePlan.Block;
import dev.specula.kernels.cuda.PipelinePlan.DeviceArray;
import dev.specula.kernels.cuda.PipelinePlan.Launch;
import dev.specula.kernels.cuda.PipelinePlan.RowGeometry;
import dev.specula.kernels.pipeline.Truncation;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The CUDA backend: the hand-written pipeline ({@code native/specula_verify.h}) launched through
 * Specula's FFM binding of the CUDA driver. Its kernels run on one stream (the threshold stage
 * only for batches with a truncated row: top-k, top-p or min-p); the per-sequence
 * inputs go to the device in one copy, the outputs come back in one copy, and that read is the
 * call's only synchronisation.
 *
 * <p>Logits are read where they are when a model runtime hands over device pointers
 * ({@link #verify(VerificationBatch, CudaRows, CudaRows, VerificationResult)}); host rows
 * ({@link #verify(VerificationBatch, VerificationResult)}) are copied to device buffers kept
 * between calls. The PTX is the one nvcc built with the jar, or NVRTC's (see {@link PtxSource}).
 * Emits the same tokens as core's verifiers for the same inputs and seeds, up to float
 * boundary cases. Not thread-safe.
 *
 * {@snippet :
 * try (CudaVerifier verifier = CudaVerifier.open(0)) {
 *     VerificationResult result = verifier.verify(batch);
 * }
 * }
 */
public final class CudaVerifier implements ChainVerifier {
    private static final int LOCAL = HandwrittenSource.CUDA_LOCAL;

    private final CudaContext context;
    private final boolean ownsContext;
    private final PtxSource.Ptx ptx;
    private final CudaModule module;
    private final Map<String, CudaFunction> functions = new HashMap<>();
    private final CudaStream stream;
    private final CudaEvent start;
    private final CudaEvent stop;
    private final Arena arena = Arena.ofShared();

    // Per shape: the plan, its device workspace and the host images of its input and output blocks.
    private PipelinePlan plan;
    private Map<String, Long> offsets;
    private CudaBuffer workspace;
    private MemorySegment inputs;
    private MemorySegment outputs;
    // Device copies of host rows (target, draft), grown as needed, and a native staging area for heap rows.
    private final CudaBuffer[] rowCopies = new CudaBuffer[2];
    private MemorySegment staging = MemorySegment.NULL;
    private float lastKernelMillis = Float.NaN;
    private boolean closed;

    private CudaVerifier(CudaContext context, boolean ownsContext) {
        this.context = context;
        this.ownsContext = ownsContext;
        CudaModule loaded = null;
        CudaStream queue = null;
        CudaEvent before = null;
        try {
            this.ptx = PtxSource.forDevice(context.device());
            loaded = context.loadModule(ptx.text());
            for (KernelSignature kernel : HandwrittenKernels.STAGES) functions.put(kernel.name(), loaded.function(kernel.name()));
            queue = context.createStream();
            before = context.createEvent();
            this.stop = context.createEvent();
        } catch (RuntimeException e) {
            // Nothing half-made stays behind, also in a context this verifier does not own.
            if (before != null) before.close();
            if (queue != null) queue.close();
            if (loaded != null) loaded.close();
            if (ownsContext) context.close();
            arena.close();
            throw e;
        }
        this.module = loaded;
        this.stream = queue;
        this.start = before;
    }

    /**
     * A verifier on CUDA device {@code ordinal}, retaining its primary context.
     *
     * @throws IllegalStateException if the CUDA driver (libcuda.so.1) is not installed
     * @throws IllegalArgumentException if there is no such device
     */
    public static CudaVerifier open(int ordinal) {
        if (!Cuda.isInstalled()) {
            throw new IllegalStateException("the CUDA backend needs the CUDA driver, but libcuda.so.1 cannot be loaded on this machine");
        }
        int count = Cuda.deviceCount();
        if (ordinal < 0 || ordinal >= count) {
            throw new IllegalArgumentException("no CUDA device " + ordinal + ": the driver reports " + count);
        }
        return new CudaVerifier(CudaContext.retainPrimary(Cuda.device(ordinal)), true);
    }

    /** A verifier in an open context (for example the one a model runtime uses); it does not close it. */
    public static CudaVerifier on(CudaContext context) {
        Objects.requireNonNull(context, "context");
        if (context.isClosed()) throw new IllegalStateException("the CUDA context is closed");
        return new CudaVerifier(context, false);
    }

    @Override
    public String name() {
        return "cuda-handwritten";
    }

    public CudaDevice device() {
        return context.device();
    }

    /** Whether the kernels came from the build's nvcc or from NVRTC at run time. */
    public PtxSource.Origin ptxOrigin() {
        return ptx.origin();
    }

    /** Kernel time of the last verify call in milliseconds (CUDA events around the launches), NaN before the first. */
    public float lastKernelMillis() {
        return lastKernelMillis;
    }

    /** Verifies a batch whose rows are in host memory: they are copied to the device first. */
    @Override
    public void verify(VerificationBatch batch, VerificationResult result) {
        requireOpen();
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(result, "result");
        batch.validate();
        result.requireFits(batch);
        int kind = PipelineInputs.draftKind(batch.draftDistribution());
        FloatRows target = batch.target();
        FloatRows draft = switch (batch.draftDistribution()) {
            case DraftDistribution.Logits l -> l.rows();
            case DraftDistribution.Probabilities p -> p.rows();
            case DraftDistribution.OneHot o -> null;
        };
        PipelinePlan shape = planFor(batch, kind);
        long targetPointer = upload(0, target, batch.maxDrafts() + 1);
        long draftPointer = draft == null || batch.maxDrafts() == 0 ? targetPointer : upload(1, draft, batch.maxDrafts());
        RowGeometry targetGeometry = new RowGeometry(0, target.rowStride(), target.sequenceStride());
        RowGeometry draftGeometry = draft == null ? targetGeometry : new RowGeometry(0, draft.rowStride(), draft.sequenceStride());
        run(batch, shape, targetPointer, targetGeometry, draftPointer, draftGeometry, result,
                (isDraft, b, r, v) -> (isDraft ? draft : target).get(b, r, v));
    }

    /**
     * Verifies a batch whose rows are already on this verifier's device (a model runtime's
     * pointers), as {@code OpenClVerifier} does with {@code DeviceRows}. The batch supplies the
     * drafts, settings, random streams and the kind of its draft distribution; its own row
     * segments are not read.
     *
     * @param target B x (at least g+1) x V target logits
     * @param draftRows B x (at least g) x V draft logits or probabilities, as the batch's draft
     *     distribution says; null exactly when the batch's drafts are one-hot
     * @throws IllegalArgumentException if a shape does not match the batch, or draft rows are
     *     given for one-hot drafts or missing for others
     */
    public void verify(VerificationBatch batch, CudaRows target, CudaRows draftRows, VerificationResult result) {
        requireOpen();
        Objects.requireNonNull(result, "result");
        int kind = deviceDraftKind(batch, target, draftRows);
        result.requireFits(batch);
        PipelinePlan shape = planFor(batch, kind);
        CudaRows q = draftRows == null ? target : draftRows;
        run(batch, shape, target.devicePointer(), target.geometry(), q.devicePointer(), q.geometry(), result,
                (isDraft, b, r, v) -> deviceFloat(isDraft ? q : target, b, r, v));
    }

    private void run(VerificationBatch batch, PipelinePlan shape, long targetPointer, RowGeometry targetGeometry,
                     long draftPointer, RowGeometry draftGeometry, VerificationResult result,
                     PipelineOutcomes.RowValues values) {
        PipelineInputs.write(batch, shape, inputs);
        long base = workspace.devicePointer();
        workspace.writeAsync(0, inputs, stream);
        Map<String, Number> scalars = shape.scalars(targetGeometry, draftGeometry);
        start.record(stream);
        for (Launch launch : shape.launches(Truncation.anyRow(batch))) {
            KernelSignature kernel = launch.kernel();
            functions.get(kernel.name()).launch(new LaunchConfig(Dim3.of((int) launch.groups()), Dim3.of(LOCAL), 0), stream,
                    kernel.pack(name -> switch (name) {
                        case "target" -> targetPointer;
                        case "draft" -> draftPointer;
                        default -> base + offsets.get(name);
                    }, scalars));
        }
        stop.record(stream);
        workspace.readAsync(shape.blockStart(Block.OUTPUTS), outputs, stream);
        stream.synchronize();
        lastKernelMillis = stop.elapsedMillisSince(start);
        PipelineOutcomes.decode(batch, shape, outputs, values, result);
    }

    /** The plan for the batch's shape; a new shape reallocates the workspace. */
    private PipelinePlan planFor(VerificationBatch batch, int kind) {
        PipelinePlan wanted = PipelinePlan.of(batch.sequences(), batch.maxDrafts(), batch.vocabSize(), kind, LOCAL);
        if (!wanted.equals(plan)) {
            if (workspace != null) workspace.close();
            workspace = context.allocate(wanted.workspaceBytes());
            inputs = arena.allocate(wanted.blockEnd(Block.INPUTS), PipelinePlan.ALIGNMENT);
            outputs = arena.allocate(wanted.blockEnd(Block.OUTPUTS) - wanted.blockStart(Block.OUTPUTS), PipelinePlan.ALIGNMENT);
            Map<String, Long> byName = new HashMap<>();
            for (DeviceArray array : wanted.arrays()) byName.put(array.name(), array.offset());
            offsets = byName;
            plan = wanted;
        }
        return plan;
    }

    /** Copies the first {@code rows} rows of every sequence's span to device copy {@code slot}. */
    private long upload(int slot, FloatRows rows, int rowCount) {
        long floats = (rows.sequences() - 1L) * rows.sequenceStride() + (rowCount - 1L) * rows.rowStride() + rows.vocabSize();
        long bytes = floats * Float.BYTES;
        MemorySegment source = rows.segment().asSlice(0, bytes);
        if (!source.isNative()) {
            if (staging.byteSize() < bytes) staging = arena.allocate(bytes, PipelinePlan.ALIGNMENT);
            MemorySegment.copy(source, 0, staging, 0, bytes);
            source = staging.asSlice(0, bytes);
        }
        if (rowCopies[slot] == null || rowCopies[slot].byteSize() < bytes) {
            if (rowCopies[slot] != null) rowCopies[slot].close();
            rowCopies[slot] = context.allocate(bytes);
        }
        rowCopies[slot].writeAsync(0, source, stream);
        return rowCopies[slot].devicePointer();
    }

    /** One float of device rows, read only to quote a bad value in an exception. */
    private float deviceFloat(CudaRows rows, int b, int r, int v) {
        long index = rows.offset() + b * rows.sequenceStride() + r * rows.rowStride() + v;
        try (Arena confined = Arena.ofConfined(); CudaBuffer view = context.wrap(rows.devicePointer() + index * Float.BYTES, Float.BYTES)) {
            MemorySegment one = confined.allocate(ValueLayout.JAVA_FLOAT);
            view.read(0, one);
            return one.get(ValueLayout.JAVA_FLOAT, 0);
        }
    }

    /**
     * Checks device rows against the batch, before any native call, and returns the kernels'
     * draft kind (the batch's draft distribution).
     */
    static int deviceDraftKind(VerificationBatch batch, CudaRows target, CudaRows draftRows) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(target, "target");
        requireShape("target logits", target, batch, batch.maxDrafts() + 1);
        int kind = PipelineInputs.draftKind(batch.draftDistribution());
        if (kind == PipelinePlan.ONE_HOT && draftRows != null) {
            throw new IllegalArgumentException("the batch's drafts are one-hot, so no draft rows are read; pass null");
        }
        if (kind != PipelinePlan.ONE_HOT && draftRows == null) {
            throw new IllegalArgumentException("the batch's draft distribution is " + batch.draftDistribution().getClass().getSimpleName()
                    + ": pass its rows as CudaRows");
        }
        if (draftRows != null) requireShape("draft rows", draftRows, batch, batch.maxDrafts());
        return kind;
    }

    private static void requireShape(String what, CudaRows rows, VerificationBatch batch, int minRows) {
        if (rows.sequences() != batch.sequences() || rows.vocabSize() != batch.vocabSize() || rows.rowsPerSequence() < minRows) {
            throw new IllegalArgumentException(what + " have shape " + rows.sequences() + "x" + rows.rowsPerSequence() + "x"
                    + rows.vocabSize() + " but this batch needs " + batch.sequences() + "x" + minRows + "x" + batch.vocabSize()
                    + " (B x rows x V)");
        }
    }

    private void requireOpen() {
        if (closed) throw new IllegalStateException("this CudaVerifier is closed");
    }

    /** Frees the device memory, the module and, if this verifier retained it, the context. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            for (CudaBuffer copy : rowCopies) if (copy != null) copy.close();
            if (workspace != null) workspace.close();
            stop.close();
            start.close();
            stream.close();
            module.close();
        } finally {
            if (ownsContext) context.close();
            arena.close();
        }
    }
}
