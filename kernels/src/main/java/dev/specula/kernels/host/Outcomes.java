package dev.specula.kernels.host;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.specula.core.Ending;
import dev.specula.core.NonFiniteLogitException;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import dev.specula.ffm.opencl.ClQueue;
import dev.specula.kernels.DeviceRows;
import dev.specula.kernels.pipeline.PipelineStatus;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The host copy of the kernels' {@code outcome} buffer: {@value #INTS} ints per sequence
 * (accepted, token, {@link PipelineStatus} ordinal, row and token of a failure). {@link #apply}
 * checks every sequence before the result is touched, in the reference verifier's order, and
 * throws the exception core's verifiers throw for the same bad row.
 */
public final class Outcomes implements AutoCloseable {
    /** The graph name of the outcome buffer. */
    public static final String NAME = "outcome";
    /** Ints per sequence. */
    public static final int INTS = 5;

    private final ClQueue queue;
    private Arena arena = Arena.ofConfined();
    private MemorySegment outcome = arena.allocate(JAVA_INT, INTS);

    /** Outcomes of kernels run on {@code queue} (which reads failing values of device rows). */
    public Outcomes(ClQueue queue) {
        this.queue = queue;
    }

    /** The bytes of B sequences' outcomes. */
    public static long bytes(int sequences) {
        return (long) sequences * INTS * Integer.BYTES;
    }

    /** The host segment the graph reads B sequences' outcomes into. */
    public MemorySegment segment(int sequences) {
        if (outcome.byteSize() < bytes(sequences)) {
            arena.close();
            arena = Arena.ofConfined();
            outcome = arena.allocate(JAVA_INT, (long) sequences * INTS);
        }
        return outcome.asSlice(0, bytes(sequences));
    }

    /**
     * Writes every sequence's outcome to {@code result}, after checking all of them.
     *
     * @throws NonFiniteLogitException  or {@link IllegalArgumentException} for the first failed sequence
     * @throws IllegalStateException    if the device returned an impossible outcome
     */
    public void apply(VerificationBatch batch, RowInput target, RowInput draft, VerificationResult result) {
        int sequences = batch.sequences(), vocab = batch.vocabSize();
        for (int b = 0; b < sequences; b++) {
            PipelineStatus status = PipelineStatus.of(outcome.getAtIndex(JAVA_INT, INTS * b + 2));
            if (status != PipelineStatus.OK) throw failure(batch, b, status, target, draft);
        }
        for (int b = 0; b < sequences; b++) {
            int accepted = accepted(b), token = token(b);
            if (accepted < 0 || accepted > batch.draftCount(b) || token < 0 || token >= vocab) {
                throw new IllegalStateException("the device returned accepted = " + accepted + ", token = " + token + " for sequence " + b);
            }
        }
        for (int b = 0; b < sequences; b++) {
            int accepted = accepted(b);
            result.set(b, accepted, token(b), accepted == batch.draftCount(b) ? Ending.BONUS : Ending.CORRECTION, batch);
        }
    }

    private int accepted(int b) {
        return outcome.getAtIndex(JAVA_INT, INTS * b);
    }

    private int token(int b) {
        return outcome.getAtIndex(JAVA_INT, INTS * b + 1);
    }

    /** The exception core's verifiers throw for the same bad row. */
    private RuntimeException failure(VerificationBatch batch, int b, PipelineStatus status, RowInput target, RowInput draft) {
        int row = outcome.getAtIndex(JAVA_INT, INTS * b + 3);
        int index = outcome.getAtIndex(JAVA_INT, INTS * b + 4);
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
    private float valueAt(RowInput input, int b, int row, int token) {
        if (input.host() != null) return input.host().get(b, row, token);
        DeviceRows rows = input.rows();
        long at = rows.offset() + b * rows.sequenceStride() + row * rows.rowStride() + token;
        try (Arena read = Arena.ofConfined()) {
            MemorySegment value = read.allocate(JAVA_FLOAT);
            queue.read(rows.buffer(), at * Float.BYTES, value);
            return value.get(JAVA_FLOAT, 0);
        }
    }

    /** Frees the host segment; idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) arena.close();
    }
}
