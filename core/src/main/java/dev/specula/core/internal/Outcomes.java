package dev.specula.core.internal;

import dev.specula.core.Ending;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;

/**
 * Per-sequence outcomes of one verify call, held back until every sequence is done: a call that
 * throws must leave the caller's result as it was. Sequences may be verified by different threads
 * (each writes only its own slots); the error of the lowest failing sequence is the one thrown,
 * as a sequential verifier would have thrown it. Grown to the largest batch seen, then reused.
 */
public final class Outcomes {
    private int[] accepted = new int[0];
    private int[] token = new int[0];
    private Ending[] ending = new Ending[0];
    private RuntimeException[] error = new RuntimeException[0];

    /** Makes room for {@code sequences} outcomes and forgets the errors of the last call. */
    public void reset(int sequences) {
        if (accepted.length < sequences) {
            accepted = new int[sequences];
            token = new int[sequences];
            ending = new Ending[sequences];
            error = new RuntimeException[sequences];
        } else {
            java.util.Arrays.fill(error, 0, sequences, null);
        }
    }

    public void stage(int b, int acceptedDrafts, int nextToken, Ending end) {
        accepted[b] = acceptedDrafts;
        token[b] = nextToken;
        ending[b] = end;
    }

    public void fail(int b, RuntimeException e) {
        error[b] = e;
    }

    /** Throws the error of the lowest failing sequence, if any; else writes every outcome to {@code result}. */
    public void publish(VerificationBatch batch, VerificationResult result) {
        int sequences = batch.sequences();
        for (int b = 0; b < sequences; b++) {
            if (error[b] != null) {
                RuntimeException e = error[b];
                java.util.Arrays.fill(error, 0, sequences, null);
                throw e;
            }
        }
        for (int b = 0; b < sequences; b++) result.set(b, accepted[b], token[b], ending[b], batch);
    }
}
