package dev.specula.kernels.cuda;

import dev.specula.core.Ending;
import dev.specula.core.NonFiniteLogitException;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import dev.specula.kernels.cuda.PipelinePlan.Block;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Turns the pipeline's output block (accepted, token, status, detail, sampleU per sequence) into
 * a {@link VerificationResult}, or into the exception core's reference verifier throws for the
 * same input: the first failing sequence in batch order decides, and the result is left as it was.
 */
public final class PipelineOutcomes {
    /** Status codes of AcceptKernel (specula_verify.h). */
    public static final int OK = 0, TARGET_NON_FINITE = 1, DRAFT_NON_FINITE = 2, DRAFT_PROBABILITY_RANGE = 3,
            DRAFT_PROBABILITY_SUM = 4, RECORDED_LOG_Q = 5;

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
        long accepted = plan.array("accepted").offset() - base, token = plan.array("token").offset() - base;
        long status = plan.array("status").offset() - base, detail = plan.array("detail").offset() - base;
        long sampleU = plan.array("sampleU").offset() - base;
        int sequences = plan.sequences();
        for (int b = 0; b < sequences; b++) {
            int code = outputs.get(ValueLayout.JAVA_INT, status + 4L * b);
            if (code == OK) continue;
            int position = outputs.get(ValueLayout.JAVA_INT, accepted + 4L * b);
            int index = outputs.get(ValueLayout.JAVA_INT, detail + 4L * b);
            double value = outputs.get(ValueLayout.JAVA_DOUBLE, sampleU + 8L * b);
            throw failure(batch, b, code, position, index, value, values);
        }
        for (int b = 0; b < sequences; b++) {
            int count = outputs.get(ValueLayout.JAVA_INT, accepted + 4L * b);
            int next = outputs.get(ValueLayout.JAVA_INT, token + 4L * b);
            if (count < 0 || count > batch.draftCount(b) || next < 0 || next >= plan.vocabSize()) {
                throw new IllegalStateException("the device reported " + count + " accepted drafts and token " + next
                        + " for sequence " + b + ": no token has positive weight");
            }
        }
        for (int b = 0; b < sequences; b++) {
            int count = outputs.get(ValueLayout.JAVA_INT, accepted + 4L * b);
            int next = outputs.get(ValueLayout.JAVA_INT, token + 4L * b);
            result.set(b, count, next, count < batch.draftCount(b) ? Ending.CORRECTION : Ending.BONUS, batch);
        }
    }

    /** The exception core's ReferenceVerifier throws for the same row, with the same message. */
    static RuntimeException failure(VerificationBatch batch, int b, int code, int position, int index, double value,
                                    RowValues values) {
        return switch (code) {
            case TARGET_NON_FINITE -> new NonFiniteLogitException("target logits", b, position, index,
                    index < 0 ? Float.NEGATIVE_INFINITY : values.value(false, b, position, index));
            case DRAFT_NON_FINITE -> new NonFiniteLogitException("draft logits", b, position, index,
                    index < 0 ? Float.NEGATIVE_INFINITY : values.value(true, b, position, index));
            case DRAFT_PROBABILITY_RANGE -> new IllegalArgumentException("draft probability of sequence " + b + ", row "
                    + position + ", token " + index + " is " + values.value(true, b, position, index) + ", not in [0, 1]");
            case DRAFT_PROBABILITY_SUM -> new IllegalArgumentException("draft probabilities of sequence " + b + ", row "
                    + position + " sum to " + value + ", not 1");
            case RECORDED_LOG_Q -> new IllegalArgumentException("draft " + position + " of sequence " + b + " (token "
                    + index + ") was recorded with log q = " + batch.draftLogProbability(b, position)
                    + " but its draft distribution gives " + value
                    + ": the draft was not sampled from the distribution it is verified against");
            default -> new IllegalStateException("the device reported unknown status " + code + " for sequence " + b);
        };
    }
}
