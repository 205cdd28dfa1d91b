package dev.specula.kernels.paper;

import com.aparapi.Kernel;
import java.util.List;
import java.util.Map;

/**
 * One launch of a variant: a Java kernel class and how its parameters are renamed to graph
 * names, so that one class serves several launches (the softmax of the draft rows and of the
 * target rows, say). Parameters not renamed are bound by their own names.
 *
 * @param label   the step's name in the graph (and its kernel's identity: one kernel object per label)
 * @param kernel  the Java kernel class
 * @param renames kernel parameter name to graph name
 */
record PaperStep(String label, Class<? extends Kernel> kernel, Map<String, String> renames) {
    static final PaperStep SOFTMAX_DRAFT = new PaperStep("softmax q", SoftmaxKernel.class, Map.of(
            "logits", "draft", "logitsOffset", "draftOffset", "logitsRowStride", "draftRowStride",
            "logitsSequenceStride", "draftSequenceStride", "temperature", "draftTemperature", "probs", "q",
            "rowsPerSequence", "maxDrafts", "firstRow", "targetRowCount", "bonusOnly", "zero"));
    static final PaperStep SOFTMAX_TARGET = new PaperStep("softmax p", SoftmaxKernel.class, Map.of(
            "logits", "target", "logitsOffset", "targetOffset", "logitsRowStride", "targetRowStride",
            "logitsSequenceStride", "targetSequenceStride", "probs", "p",
            "rowsPerSequence", "targetRowsPerSequence", "firstRow", "zero", "bonusOnly", "zero"));
    static final PaperStep SOFTMAX_BONUS = new PaperStep("softmax bonus", SoftmaxKernel.class, Map.of(
            "logits", "target", "logitsOffset", "targetOffset", "logitsRowStride", "targetRowStride",
            "logitsSequenceStride", "targetSequenceStride", "probs", "weights",
            "rowsPerSequence", "targetRowsPerSequence", "firstRow", "zero", "bonusOnly", "one"));
    static final PaperStep GATHER_Q = new PaperStep("gather q_i", GatherKernel.class, Map.of(
            "probs", "q", "rowsPerSequence", "maxDrafts", "gathered", "qGathered"));
    static final PaperStep GATHER_P = new PaperStep("gather p_i", GatherKernel.class, Map.of(
            "probs", "p", "rowsPerSequence", "targetRowsPerSequence", "gathered", "pGathered"));
    static final PaperStep RATIO = new PaperStep("p_i / q_i", DivideKernel.class, Map.of(
            "numerator", "pGathered", "denominator", "qGathered", "quotient", "ratio", "count", "draftSlots",
            "denominatorEvery", "one"));
    static final PaperStep ACCEPT = new PaperStep("first rejection", PaperAcceptKernel.class, Map.of());
    static final PaperStep CLAMP = new PaperStep("clamp(p - q, 0)", ClampKernel.class, Map.of());
    static final PaperStep ROW_SUM = new PaperStep("sum", RowSumKernel.class, Map.of());
    static final PaperStep NORMALISE = new PaperStep("divide", DivideKernel.class, Map.of(
            "numerator", "weights", "denominator", "weightSum", "quotient", "weights", "count", "sequenceTokens",
            "denominatorEvery", "vocabSize"));
    static final PaperStep CONCURRENT = new PaperStep("concurrent matrices", ConcurrentKernel.class, Map.of());
    static final PaperStep RESIDUAL_ROW = new PaperStep("p_prime[n] / clamped_sum[n]", ResidualRowKernel.class, Map.of());
    static final PaperStep CLAMP_MIN = new PaperStep("clamp_min 1e-5", ClampMinKernel.class, Map.of());
    static final PaperStep MULTINOMIAL = new PaperStep("multinomial", MultinomialKernel.class, Map.of());

    /** Every step a variant may launch, so that its kernels are built once. */
    static List<PaperStep> all(PaperVariant variant) {
        return switch (variant) {
            case BASELINE -> List.of(SOFTMAX_DRAFT, SOFTMAX_TARGET, GATHER_Q, GATHER_P, RATIO, ACCEPT, CLAMP, ROW_SUM, NORMALISE,
                    MULTINOMIAL);
            case EXACT_CONCURRENT -> List.of(SOFTMAX_DRAFT, SOFTMAX_TARGET, CONCURRENT, ACCEPT, RESIDUAL_ROW, MULTINOMIAL);
            case SIGMOID -> List.of(SOFTMAX_DRAFT, CONCURRENT, ACCEPT, RESIDUAL_ROW, CLAMP_MIN, MULTINOMIAL);
            case SIGMOID_EXACT_BONUS -> List.of(SOFTMAX_DRAFT, CONCURRENT, ACCEPT, RESIDUAL_ROW, CLAMP_MIN, SOFTMAX_BONUS, MULTINOMIAL);
        };
    }

    /**
     * The steps of one call, in launch order. Without drafts (g = 0) nothing is computed per
     * draft position. The sigmoid variants form no softmax; they launch the draft softmax only
     * to check recorded draft log-probabilities ({@code draftSoftmax}).
     */
    static List<PaperStep> launched(PaperVariant variant, boolean drafts, boolean draftSoftmax) {
        return all(variant).stream().filter(step -> {
            if (!drafts) return step != SOFTMAX_DRAFT && step != GATHER_Q && step != GATHER_P && step != RATIO && step != CONCURRENT;
            return step != SOFTMAX_DRAFT || !variant.sigmoid() || draftSoftmax;
        }).toList();
    }

    /** The graph names of the kernel's parameters, in order. */
    List<String> graphNames(List<String> parameterNames) {
        return parameterNames.stream().map(name -> renames.getOrDefault(name, name)).toList();
    }
}
