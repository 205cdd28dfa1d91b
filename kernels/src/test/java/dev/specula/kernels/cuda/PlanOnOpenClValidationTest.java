package dev.specula.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.specula.core.DraftDistribution;
import dev.specula.core.FloatRows;
import dev.specula.core.ReferenceVerifier;
import dev.specula.core.SamplingSettings;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import dev.specula.ffm.opencl.OpenClTestDevice;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rows the chain consumes are checked on the device (AcceptKernel's status codes) and the host
 * ({@link PipelineOutcomes}) raises exactly the exception, with exactly the message, that core's
 * reference verifier raises for the same batch; the result is left as it was.
 */
class PlanOnOpenClValidationTest {
    private static OpenClPlanVerifier device;

    @BeforeAll
    static void open() {
        device = new OpenClPlanVerifier(OpenClTestDevice.require(), 64);
    }

    @AfterAll
    static void close() {
        if (device != null) device.close();
    }

    private static float[] logits(int rows, int vocab) {
        float[] z = new float[rows * vocab];
        for (int i = 0; i < z.length; i++) z[i] = (float) Math.sin(i * 0.7) * 2;
        return z;
    }

    /** Both verifiers throw the same exception type with the same message, and leave the result alone. */
    private static void assertSameFailure(VerificationBatch batch) {
        RuntimeException expected = assertThrows(RuntimeException.class, () -> new ReferenceVerifier().verify(batch));
        VerificationResult result = VerificationResult.forBatch(batch);
        result.set(0, 0, 1, dev.specula.core.Ending.CORRECTION, batch);
        RuntimeException actual = assertThrows(RuntimeException.class, () -> device.verify(batch, result));
        assertEquals(expected.getClass(), actual.getClass(), actual.getMessage());
        assertEquals(expected.getMessage(), actual.getMessage());
        assertArrayEquals(new int[] {1}, result.emittedTokens(0), "a call that throws leaves the result as it was");
    }

    @Test
    void nanInATargetRow() {
        int v = 10;
        float[] target = logits(2 * 3, v);
        target[(3 + 1) * v + 7] = Float.NaN;         // sequence 1, row 1, token 7
        VerificationBatch batch = new VerificationBatch(2, 2, v).target(FloatRows.of(target, 2, 3, v)).drafts(0, 1, 2).seedAll(3);
        batch.drafts(1, argmax(target, 3 * v, v), 4);   // the first draft is the arg-max: accepted under greedy
        batch.settings(SamplingSettings.GREEDY);
        assertSameFailure(batch);
    }

    @Test
    void aTargetRowWithoutAFiniteEntry() {
        int v = 6;
        float[] target = logits(2, v);
        Arrays.fill(target, 0, v, Float.NEGATIVE_INFINITY);
        assertSameFailure(new VerificationBatch(1, 1, v).target(FloatRows.of(target, 1, 2, v)).drafts(0, 2).seedAll(1));
    }

    @Test
    void infinityInADraftRowAfterAnAcceptedDraft() {
        int v = 12;
        float[] target = logits(3, v);
        float[] draft = Arrays.copyOf(target, 2 * v);    // q_0 = p_0: draft 0 is always accepted
        draft[v + 5] = Float.POSITIVE_INFINITY;
        VerificationBatch batch = new VerificationBatch(1, 2, v).target(FloatRows.of(target, 1, 3, v))
                .draftDistribution(DraftDistribution.logits(FloatRows.of(draft, 1, 2, v))).drafts(0, 3, 4).seedAll(9);
        assertSameFailure(batch);
    }

    @Test
    void draftProbabilitiesOutOfRangeOrNotSummingToOne() {
        int v = 4;
        float[] target = logits(2, v);
        float[] negative = {0.5f, -0.125f, 0.5f, 0.125f};
        assertSameFailure(new VerificationBatch(1, 1, v).target(FloatRows.of(target, 1, 2, v))
                .draftDistribution(DraftDistribution.probabilities(FloatRows.of(negative, 1, 1, v))).drafts(0, 0).seedAll(2));
        float[] short_ = {0.5f, 0.25f, 0.125f, 0.0625f};  // sums to 0.9375 exactly, in float and double
        assertSameFailure(new VerificationBatch(1, 1, v).target(FloatRows.of(target, 1, 2, v))
                .draftDistribution(DraftDistribution.probabilities(FloatRows.of(short_, 1, 1, v))).drafts(0, 0).seedAll(2));
    }

    @Test
    void aRecordedLogProbabilityThatDisagreesWithTheDraft() {
        int v = 5;
        float[] target = logits(2, v);
        VerificationBatch batch = new VerificationBatch(1, 1, v).target(FloatRows.of(target, 1, 2, v)).drafts(0, 2).seedAll(4);
        batch.draftLogProbability(0, 0, -0.5);          // one-hot q gives log q = 0
        assertSameFailure(batch);
    }

    private static int argmax(float[] z, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (z[from + i] > z[from + best]) best = i;
        return best;
    }
}
