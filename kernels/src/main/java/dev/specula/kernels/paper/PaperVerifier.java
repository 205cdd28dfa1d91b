package dev.specula.kernels.paper;

import dev.specula.core.ChainVerifier;
import dev.specula.core.DraftDistribution;
import dev.specula.core.FloatRows;
import dev.specula.core.NonFiniteLogitException;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import dev.specula.ffm.opencl.ClDevice;
import dev.specula.ffm.opencl.ClKernel;
import dev.specula.ffm.opencl.ClProgram;
import dev.specula.kernels.DeviceRows;
import dev.specula.kernels.graph.KernelGraph;
import dev.specula.kernels.host.DeviceContexts;
import dev.specula.kernels.host.DeviceSession;
import dev.specula.kernels.host.RowInput;
import dev.specula.kernels.pipeline.PipelineShape;
import dev.specula.kernels.pipeline.TemperatureOnly;
import dev.specula.kernels.translate.KernelTranslator;
import dev.specula.kernels.translate.TranslatedKernel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The seed paper's verifiers on an OpenCL device (Wagner et al., "Optimized Speculative Sampling
 * for GPU Hardware Accelerators", EMNLP 2024): its baseline, its exact kernel and its sigmoid
 * approximation, as Java kernels translated to OpenCL C and run through one {@link KernelGraph}
 * per verifier, so that they can be measured beside Specula's own single-pass pipeline on the
 * same device. See {@link PaperVariant} for what each does, and the package documentation for
 * their launches.
 *
 * {@snippet :
 * try (PaperVerifier baseline = PaperVerifier.baseline(Devices.select("0"))) {
 *     baseline.verify(batch, result);               // draft logits, temperature-only settings, T > 0
 *     PaperTimes times = baseline.lastTimes();      // kernel time, launches, bytes copied
 * }
 * }
 *
 * <p>{@link #exact()} is false for the two sigmoid variants: their tokens do not follow the
 * target distribution, and every report must say so ({@link #name()} ends in "-INEXACT").
 *
 * <h2>Scope</h2>
 * The paper verifies drafts of a draft model: the batch's drafts must be
 * {@link DraftDistribution.Logits} (one-hot and probability drafts go to
 * {@link dev.specula.kernels.OpenClVerifier} or {@link dev.specula.core.FastVerifier}), its
 * settings temperature-only ({@link TemperatureOnly}) with T > 0 for target and draft. Anything
 * else is refused with an {@link IllegalArgumentException} before any native call.
 *
 * <h2>Randomness and validation</h2>
 * As every Specula backend: the accept and sample uniforms of core's
 * {@link dev.specula.core.RandomStreams}, accept iff {@code u < p(d) / q(d)}, inverse-CDF
 * sampling in token order. So the exact variants emit {@link dev.specula.core.ReferenceVerifier}'s
 * tokens up to float boundary cases. Shapes, ids, settings and segments are checked before any
 * native call; NaN or +infinity in a row the chain consumes raises {@link NonFiniteLogitException},
 * an inconsistent recorded draft log-probability an {@link IllegalArgumentException}; a call that
 * throws leaves the result as it was. Rows in aligned native segments are read in place on a
 * device that shares host memory, other rows are copied once per call.
 *
 * <p>Owns its queue, kernels and intermediates (the programs stay in the device's process-wide
 * context); {@link #close()} frees them. Needs {@code cl_khr_fp64}. Not thread-safe.
 */
public final class PaperVerifier implements ChainVerifier {
    private final PaperVariant variant;
    private final ClDevice device;
    private final DeviceSession session;
    private final KernelGraph graph;
    private final Map<PaperStep, Launch> launches = new LinkedHashMap<>();
    private final int maxLocalSize;
    private final int groupBudget;
    private Plan plan;
    private PaperTimes lastTimes = PaperTimes.NONE;
    private boolean closed;

    /** A built kernel and the graph names of its parameters. */
    private record Launch(ClKernel kernel, List<String> names) {}

    /** What the graph is declared for: a shape, and whether the steps include the draft softmax. */
    private record Plan(PipelineShape shape, boolean draftSoftmax) {}

    private PaperVerifier(PaperVariant variant, ClDevice device) {
        this.variant = Objects.requireNonNull(variant, "variant");
        this.device = Objects.requireNonNull(device, "device");
        if (!device.supports("cl_khr_fp64")) {
            throw new IllegalArgumentException("device " + device.name() + " lacks cl_khr_fp64: the first-rejection kernel needs double"
                    + " precision to reproduce core's uniforms");
        }
        this.session = new DeviceSession(device);
        this.graph = session.graph();
        long kernelLimit = Long.MAX_VALUE;
        try {
            for (PaperStep step : PaperStep.all(variant)) {
                TranslatedKernel translated = KernelTranslator.shared().translate(step.kernel());
                ClProgram program = session.context().program(translated.source(), "", device);
                ClKernel kernel = program.kernel(translated.functionName());
                launches.put(step, new Launch(kernel, step.graphNames(translated.parameterNames())));
                kernelLimit = Math.min(kernelLimit, kernel.workGroupSize());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.maxLocalSize = PipelineShape.maxLocalSize(device, kernelLimit);
        this.groupBudget = PipelineShape.groupBudget(device);
    }

    /** Hugging Face's {@code _speculative_sampling}, one kernel per torch operation, on {@code device}. */
    public static PaperVerifier baseline(ClDevice device) {
        return open(PaperVariant.BASELINE, device);
    }

    /** The paper's exact concurrent kernel on {@code device}. */
    public static PaperVerifier exactConcurrent(ClDevice device) {
        return open(PaperVariant.EXACT_CONCURRENT, device);
    }

    /** The paper's sigmoid approximation, bonus as its code draws it, on {@code device}. <b>Inexact</b>. */
    public static PaperVerifier sigmoidInexact(ClDevice device) {
        return open(PaperVariant.SIGMOID, device);
    }

    /** The paper's sigmoid approximation with the bonus drawn from the exact softmax, on {@code device}. <b>Inexact</b>. */
    public static PaperVerifier sigmoidInexactExactBonus(ClDevice device) {
        return open(PaperVariant.SIGMOID_EXACT_BONUS, device);
    }

    /** The verifier of {@code variant} on {@code device}. */
    public static PaperVerifier open(PaperVariant variant, ClDevice device) {
        return new PaperVerifier(variant, device);
    }

    /** "paper-baseline", "paper-exact-concurrent", "paper-sigmoid-INEXACT" or "paper-sigmoid-exact-bonus-INEXACT". */
    @Override
    public String name() {
        return variant.verifierName();
    }

    /** False for the sigmoid variants. */
    @Override
    public boolean exact() {
        return variant.exact();
    }

    /** Which of the paper's verifiers this is. */
    public PaperVariant variant() {
        return variant;
    }

    /** The device the kernels run on. */
    public ClDevice device() {
        return device;
    }

    /** The kernel graph (for inspection: its steps, allocations and synchronisations). */
    public KernelGraph graph() {
        return graph;
    }

    /** The kernel time, launches and copied bytes of the last successful call. */
    public PaperTimes lastTimes() {
        return lastTimes;
    }

    /**
     * The device memory the intermediates of a verify call of this shape take, at most (the rows
     * themselves not counted; the sigmoid variants allocate q only to check recorded draft
     * log-probabilities): for sizing a benchmark before running it. Kept until {@link #close()}.
     */
    public long intermediateBytes(int sequences, int maxDrafts, int vocabSize) {
        return Intermediates.of(variant, sequences, maxDrafts, vocabSize, true).total();
    }

    @Override
    public synchronized void verify(VerificationBatch batch, VerificationResult result) {
        ensureOpen();
        DeviceSession.requireVerifiable(batch, result);
        TemperatureOnly.require(batch, "paper");
        if (!(batch.draftDistribution() instanceof DraftDistribution.Logits(FloatRows draftRows))) {
            throw new IllegalArgumentException("the paper's verifiers take drafts of a draft model given as logits, but this batch's drafts are "
                    + batch.draftDistribution().getClass().getSimpleName() + ": use OpenClVerifier or FastVerifier for one-hot or probability drafts");
        }
        for (int b = 0; b < batch.sequences(); b++) {
            if (batch.settings(b).temperature() == 0f || batch.draftSettings(b).temperature() == 0f) {
                throw new IllegalArgumentException("the paper's verifiers sample (T > 0), but sequence " + b + " has target temperature "
                        + batch.settings(b).temperature() + " and draft temperature " + batch.draftSettings(b).temperature()
                        + ": use OpenClVerifier or FastVerifier for greedy settings");
            }
        }
        DeviceContexts.requireIndexable(DeviceRows.span(batch.target()), "target");
        DeviceContexts.requireIndexable(DeviceRows.span(draftRows), "draft");
        boolean draftSoftmax = !variant.sigmoid() || recordsDraftLogProbabilities(batch);
        Intermediates sizes = Intermediates.of(variant, batch.sequences(), batch.maxDrafts(), batch.vocabSize(), draftSoftmax);
        sizes.requireFits(device);
        RowInput target = session.target(batch.target());
        RowInput draft = session.draft(draftRows);
        try {
            run(batch, target, draft, sizes, draftSoftmax, result);
        } finally {
            target.release();
            if (draft != null) draft.release();
        }
    }

    /** Whether any draft the chain may consume carries its recorded log q, which is then checked against the draft softmax. */
    private static boolean recordsDraftLogProbabilities(VerificationBatch batch) {
        for (int b = 0; b < batch.sequences(); b++) {
            for (int i = 0; i < batch.draftCount(b); i++) {
                if (!Double.isNaN(batch.draftLogProbability(b, i))) return true;
            }
        }
        return false;
    }

    private void run(VerificationBatch batch, RowInput target, RowInput draft, Intermediates sizes, boolean draftSoftmax,
                     VerificationResult result) {
        int sequences = batch.sequences();
        PipelineShape shape = PipelineShape.of(sequences, batch.maxDrafts(), batch.vocabSize(), true, maxLocalSize, groupBudget);
        if (plan == null || !plan.shape().equals(shape) || plan.draftSoftmax() != draftSoftmax) declare(shape, sizes, draftSoftmax);
        graph.setInt("checkRecorded", draftSoftmax ? 1 : 0);
        long[] nanos = session.run(batch, target, draft, result);
        long total = 0;
        for (long n : nanos) total += n;
        lastTimes = new PaperTimes(total, nanos.length, target.copiedBytes() + (draft == null ? 0 : draft.copiedBytes()));
    }

    /** Sizes the intermediates, binds the scalars and declares the steps for a new shape. */
    private void declare(PipelineShape shape, Intermediates sizes, boolean draftSoftmax) {
        int b = shape.sequences(), g = shape.maxDrafts(), vocab = shape.vocabSize(), local = shape.localSize();
        sizes.allocate(graph);
        graph.local("localSum", (long) local * Float.BYTES).local("localMax", (long) local * Float.BYTES)
                .local("localArg", (long) local * Integer.BYTES).local("localBad", (long) local * Integer.BYTES)
                .local("localChunk", (long) local * Double.BYTES).local("localFound", (long) local * Integer.BYTES)
                .local("localLast", (long) local * Integer.BYTES);
        graph.setInt("sequences", b).setInt("maxDrafts", g).setInt("vocabSize", vocab).setInt("passid", 0)
                .setInt("zero", 0).setInt("one", 1).setInt("targetRowsPerSequence", g + 1).setInt("targetRowCount", b * (g + 1))
                .setInt("draftSlots", b * g).setInt("sequenceTokens", b * vocab)
                .setInt("draftKind", 1).setInt("sigmoid", variant.sigmoid() ? 1 : 0)
                .setInt("ratioWidth", variant == PaperVariant.BASELINE ? 1 : vocab)
                .setInt("checkLastRow", variant.sigmoid() ? 0 : 1)
                .setInt("rawBonus", variant == PaperVariant.SIGMOID ? 1 : 0)
                .setInt("floorBonus", variant == PaperVariant.SIGMOID ? 1 : 0)
                .setInt("bonusFromWeights", variant.sigmoid() ? 1 : 0);
        session.size(b, g);
        graph.clearSteps();
        for (PaperStep step : PaperStep.launched(variant, g > 0, draftSoftmax)) {
            Launch launch = launches.get(step);
            graph.step(step.label(), launch.kernel(), launch.names(), globalSize(step, shape), local);
        }
        plan = new Plan(shape, draftSoftmax);
    }

    /** Work-items of a step: a work-group per row or sequence, or a work-item per element. */
    private static long globalSize(PaperStep step, PipelineShape s) {
        long b = s.sequences(), g = s.maxDrafts(), local = s.localSize();
        if (step == PaperStep.SOFTMAX_DRAFT || step == PaperStep.CONCURRENT) return b * g * local;
        if (step == PaperStep.SOFTMAX_TARGET) return b * (g + 1) * local;
        if (step == PaperStep.GATHER_Q || step == PaperStep.GATHER_P || step == PaperStep.RATIO) return s.roundUp(b * g);
        if (step == PaperStep.ACCEPT) return s.roundUp(b);
        if (step == PaperStep.CLAMP || step == PaperStep.NORMALISE || step == PaperStep.CLAMP_MIN) return s.roundUp(b * s.vocabSize());
        return b * local; // row sum, residual row, bonus softmax, multinomial: a work-group per sequence
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("the " + name() + " verifier is closed");
    }

    /** Frees the verifier's queue, kernels and buffers; idempotent. The device's programs stay cached. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        session.close();
        for (Launch launch : launches.values()) launch.kernel().close();
    }
}
