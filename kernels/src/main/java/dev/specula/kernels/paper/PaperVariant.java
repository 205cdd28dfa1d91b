package dev.specula.kernels.paper;

/**
 * The four verifiers of the seed paper, Wagner et al., "Optimized Speculative Sampling for GPU
 * Hardware Accelerators" (EMNLP 2024, arXiv 2406.11016), as {@link PaperVerifier} runs them.
 */
public enum PaperVariant {
    /**
     * Hugging Face transformers 4.38 {@code _speculative_sampling}, one kernel per torch
     * operation: softmax of every draft and target row, gather, ratio, first rejection, then
     * clamp, row sum, divide and multinomial. Exact.
     */
    BASELINE("baseline", "paper-baseline", true),
    /**
     * The paper's exact kernel: softmax beforehand, then one work-group per (sequence, draft
     * position) writing the full ratio and residual matrices and their row sums. Exact.
     */
    EXACT_CONCURRENT("exact-concurrent", "paper-exact-concurrent", true),
    /**
     * The paper's sigmoid approximation, as its code has it (bonus from the raw logits floored
     * at 1e-5). <b>Inexact</b>: the scaled sigmoid is about 0.622 for every realistic logit, so
     * nearly every draft is accepted and the emitted tokens do not follow the target.
     */
    SIGMOID("sigmoid (inexact)", "paper-sigmoid-INEXACT", false),
    /**
     * The sigmoid approximation with the bonus token drawn from the exact softmax p.
     * <b>Inexact</b> for the same reason as {@link #SIGMOID}: the accept test and the residual
     * stay approximate.
     */
    SIGMOID_EXACT_BONUS("sigmoid, exact bonus (inexact)", "paper-sigmoid-exact-bonus-INEXACT", false);

    private final String label;
    private final String verifierName;
    private final boolean exact;

    PaperVariant(String label, String verifierName, boolean exact) {
        this.label = label;
        this.verifierName = verifierName;
        this.exact = exact;
    }

    /** Whether the variant's tokens follow the target distribution exactly. */
    public boolean exact() {
        return exact;
    }

    /** A label for reports: "baseline", "exact-concurrent", "sigmoid (inexact)", "sigmoid, exact bonus (inexact)". */
    public String label() {
        return label;
    }

    /** The {@link PaperVerifier#name()} of this variant; inexact ones end in "-INEXACT". */
    public String verifierName() {
        return verifierName;
    }

    /** Whether the accept test and the residual use the paper's sigmoid approximation. */
    boolean sigmoid() {
        return this == SIGMOID || this == SIGMOID_EXACT_BONUS;
    }
}
