package dev.specula.kernels.cuda;

import dev.specula.core.Ending;
import dev.specula.core.NonFiniteLogitException;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import dev.specula.kernels.cuda.PipelinePlan.Block;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Turns the pipeline's output block into a {@link VerificationResult}, or into the exception
 * core's reference verifier throws for the same input: the first failing sequence in batch order
 * decides, and then the result is left as it was.
 *
 * <p>The block holds {@code outcome}, five ints per sequence (accepted drafts, token, status,
 * failed row, failed index), and {@code sampleU}, which after a failed sum or log-probability
 * check holds the value the message quotes.
 */
public final class PipelineOutcomes {
    /** Status codes of AcceptKernel (specula_verify.h); numbered as the Java kernels' PipelineStatus. */
    public static final int OK = 0, TARGET_NON_FINITE = 1, TARGET_NO_FINITE = 2, DRAFT_NON_FINITE = 3, DRAFT_NO_FINITE = 4,
            PROBABILITY_OUT_OF_RANGE = 5, PROBABILITY_SUM = 6, RECORDED_LOG_Q = 7;

    /** Reads one float of a logit row, to quote a bad value in an exception (only on that path). */
    @FunctionalInterface
    public interface RowValues {
        float value(boolean draft, int sequence, int row, int token);
    }

    private PipelineOutcomes() {}

    /**
     * Decodes {@code outputs}, the image of the output block (its first byte is the block's
     * first byte), into {@code result}.
     *
     * @throws NonFiniteLogitException for a NaN/+infinity logit or a row without a finite entry
     * @throws IllegalArgumentException for bad draft probabilities or an inconsistent recorded log q
     * @throws IllegalStateException if the device reports an impossible outcome
     */
    public static void decode(VerificationBatch batch, PipelinePlan plan, MemorySegment outputs, RowValues values,
                              VerificationResult result) {
        long base = plan.blockStart(Block.OUTPUTS);
        long outcome = plan.array("outcome").offset() - base, sampleU = plan.array("sampleU").offset() - base;
        int sequences = plan.sequences();
        for (int b = 0; b < sequences; b++) {
            int code = field(outputs, outcome, b, 2);
            if (code == OK) continue;
            double value = outputs.get(ValueLayout.JAVA_DOUBLE, sampleU + 8L * b);
            throw failure(batch, b, code, field(outputs, outcome, b, 3), field(outputs, outcome, b, 4), value, values);
        }
        for (int b = 0; b < sequences; b++) {
            int accepted = field(outputs, outcome, b, 0), token = field(outputs, outcome, b, 1);
            if (accepted < 0 || accepted > batch.draftCount(b) || token < 0 || token >= plan.vocabSize()) {
                throw new IllegalStateException("the device reported " + accepted + " accepted drafts and token " + token
                        + " for sequence " + b + ": no token has positive weight");
            }
        }
        for (int b = 0; b < sequences; b++) {
            int accepted = field(outputs, outcome, b, 0);
            result.set(b, accepted, field(outputs, outcome, b, 1),
                    accepted < batch.draftCount(b) ? Ending.CORRECTION : Ending.BONUS, batch);
        }
    }

    private static int field(MemorySegment outputs, long outcome, int b, int k) {
        return outputs.get(ValueLayout.JAVA_INT, outcome + 4L * (PipelinePlan.OUTCOME_INTS * b + k));
    }

    /** The exception core's ReferenceVerifier throws for the same row, with the same message. */
    static RuntimeException failure(VerificationBatch batch, int b, int code, int row, int index, double value,
                                    RowValues values) {
        return switch (code) {
            case TARGET_NON_FINITE -> new NonFiniteLogitException("target logits", b, row, index, values.value(false, b, row, index));
            case TARGET_NO_FINITE -> new NonFiniteLogitException("target logits", b, row, -1, Float.NEGATIVE_INFINITY);
            case DRAFT_NON_FINITE -> new NonFiniteLogitException("draft logits", b, row, index, values.value(true, b, row, index));
            case DRAFT_NO_FINITE -> new NonFiniteLogitException("draft logits", b, row, -1, Float.NEGATIVE_INFINITY);
            case PROBABILITY_OUT_OF_RANGE -> new IllegalArgumentException("draft probability of sequence " + b + ", row " + row
                    + ", token " + index + " is " + values.value(true, b, row, index) + ", not in [0, 1]");
            case PROBABILITY_SUM -> new IllegalArgumentException("draft probabilities of sequence " + b + ", row " + row
                    + " sum to " + value + ", not 1");
            case RECORDED_LOG_Q -> new IllegalArgumentException("draft " + row + " of sequence " + b + " (token "
                    + batch.draftToken(b, row) + ") was recorded with log q = " + batch.draftLogProbability(b, row)
                    + " but its draft distribution gives " + value
                    + ": the draft was not sampled from the distribution it is verified against");
            default -> new IllegalStateException("the device reported unknown status " + code + " for sequence " + b);
        };
    }
}
