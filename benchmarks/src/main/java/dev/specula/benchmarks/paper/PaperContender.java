package dev.specula.benchmarks.paper;

import dev.specula.core.ChainVerifier;
import dev.specula.core.FastVerifier;
import dev.specula.kernels.Devices;
import dev.specula.kernels.OpenClVerifier;
import dev.specula.kernels.paper.PaperTimes;
import dev.specula.kernels.paper.PaperVariant;
import dev.specula.kernels.paper.PaperVerifier;
import java.util.Arrays;

/**
 * The six verifiers of the paper comparison (issue 8): the fast CPU verifier, Specula's exact
 * single-pass pipeline on OpenCL ({@link OpenClVerifier#javaKernels}), and the seed paper's four
 * variants ({@link PaperVerifier}). {@link #id()} is the JMH parameter value and the key in the
 * result files; {@link #label()} marks the inexact ones.
 */
public enum PaperContender {
    FAST_CPU("fast-cpu", "fast CPU", Formula.EXACT, null),
    SPECULA_EXACT("specula-exact", "Specula exact", Formula.EXACT, null),
    BASELINE("baseline", PaperVariant.BASELINE.label(), Formula.EXACT, PaperVariant.BASELINE),
    EXACT_CONCURRENT("exact-concurrent", PaperVariant.EXACT_CONCURRENT.label(), Formula.EXACT, PaperVariant.EXACT_CONCURRENT),
    SIGMOID("sigmoid", PaperVariant.SIGMOID.label(), Formula.SIGMOID, PaperVariant.SIGMOID),
    SIGMOID_EXACT_BONUS("sigmoid-exact-bonus", PaperVariant.SIGMOID_EXACT_BONUS.label(), Formula.SIGMOID_EXACT_BONUS,
            PaperVariant.SIGMOID_EXACT_BONUS);

    private final String id;
    private final String label;
    private final Formula formula;
    private final PaperVariant variant;

    PaperContender(String id, String label, Formula formula, PaperVariant variant) {
        this.id = id;
        this.label = label;
        this.formula = formula;
        this.variant = variant;
    }

    /** "fast-cpu", "specula-exact", "baseline", "exact-concurrent", "sigmoid", "sigmoid-exact-bonus". */
    public String id() {
        return id;
    }

    /** For tables: "sigmoid (inexact)" for the inexact ones. */
    public String label() {
        return label;
    }

    /** Whether its emitted tokens follow the target exactly. */
    public boolean exact() {
        return formula.exact();
    }

    Formula formula() {
        return formula;
    }

    /** Whether it runs on an OpenCL device (all but the fast CPU verifier). */
    public boolean onDevice() {
        return this != FAST_CPU;
    }

    /** The contender whose {@link #id()} is {@code id}. */
    public static PaperContender of(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown verifier '" + id + "'; the verifiers are " + Arrays.stream(values()).map(PaperContender::id).toList()));
    }

    /** A new verifier; {@code device} is a {@code --device} query (ignored by the fast CPU verifier, which uses every core). */
    public ChainVerifier open(String device) {
        return switch (this) {
            case FAST_CPU -> new FastVerifier();
            case SPECULA_EXACT -> OpenClVerifier.javaKernels(Devices.select(device));
            default -> PaperVerifier.open(variant, Devices.select(device));
        };
    }

    /**
     * The OpenCL profiling-event time and kernel launches of {@code verifier}'s last call, or
     * {@link KernelUse#NONE} for the fast CPU verifier.
     */
    static KernelUse lastKernelUse(ChainVerifier verifier) {
        return switch (verifier) {
            // The OpenCL pipeline launches its five stages once per call.
            case OpenClVerifier v -> new KernelUse(v.lastTimes().totalNanos(), 5);
            case PaperVerifier v -> {
                PaperTimes t = v.lastTimes();
                yield new KernelUse(t.kernelNanos(), t.launches());
            }
            default -> KernelUse.NONE;
        };
    }

    /** Device time of one call. */
    record KernelUse(long nanos, int launches) {
        static final KernelUse NONE = new KernelUse(0, 0);
    }
}
