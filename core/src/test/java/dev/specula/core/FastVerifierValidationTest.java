package dev.specula.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The validation and error contract of {@link ValidationTest} (shapes, non-finite logits with
 * their sequence, row and token, draft probabilities, closed arenas, a failed call leaving the
 * result untouched), run against the single-threaded fast verifier. One test is replaced: the
 * fast verifier trusts a recorded draft log-probability until a rejection makes it read the row.
 */
class FastVerifierValidationTest extends ValidationTest {
    @Override
    ChainVerifier verifier() {
        return new FastVerifier();
    }

    /**
     * The documented difference from the reference: a recorded log q(d) that disagrees with its
     * row goes unnoticed while the draft is accepted (the row is not read), and is refused, with
     * the reference's message, when the draft is rejected and the row is read.
     */
    @Override
    @Test
    void recordedLogProbabilityMustMatchTheDraftRow() {
        float[] draftLogits = {0f, 1f, 2f, 0f, 0f};
        double logQAtT1 = 1.0 - Math.log(3.0 + Math.E + Math.E * Math.E); // log q(1) at temperature 1, by hand
        float[] target = new float[10];
        VerificationBatch batch = new VerificationBatch(1, 1, 5).target(FloatRows.of(target, 1, 2, 5))
                .draftDistribution(DraftDistribution.logits(FloatRows.of(draftLogits, 1, 1, 5)))
                .drafts(0, 1).draftLogProbability(0, 0, logQAtT1)
                .draftSettings(SamplingSettings.temperature(0.5f)); // the row now gives another q(1)
        ChainVerifier verifier = verifier();
        // p(1) ~ 0.97 > recorded q(1) ~ 0.21: accepted for every uniform, the row is never read.
        target[1] = 5f;
        for (long seed = 0; seed < 20; seed++) {
            batch.seedAll(seed);
            VerificationResult r = assertDoesNotThrow(() -> verifier.verify(batch));
            assertEquals(1, r.accepted(0));
        }
        // p(1) = 0: always rejected, the row is read and the recorded value is refused.
        target[1] = Float.NEGATIVE_INFINITY;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> verifier.verify(batch));
        for (String fragment : new String[] {"sequence 0", "token 1", Double.toString(logQAtT1), "not sampled from"}) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage() + " should mention " + fragment);
        }
        // Consistent again (temperature 1): the rejection is served normally.
        batch.draftSettings(SamplingSettings.DEFAULT);
        VerificationResult r = verifier.verify(batch);
        assertEquals(0, r.accepted(0));
        assertTrue(Arrays.asList(0, 2, 3, 4).contains(r.nextToken(0)), "the correction must avoid the masked token 1");
    }
}
