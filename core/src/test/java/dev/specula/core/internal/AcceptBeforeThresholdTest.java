package dev.specula.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.core.DraftDistribution;
import dev.specula.core.DraftSampler;
import dev.specula.core.FloatRows;
import dev.specula.core.ReferenceVerifier;
import dev.specula.core.SamplingSettings;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A top-p row's accept test decided from its softmax pass, before the threshold search
 * ({@code FastChain.acceptsBeforeThreshold}), accepts exactly where the full test does.
 *
 * <p>Peaked rows (Zipf exponents 1.5 to 2, so that the draft token often holds more than the
 * tail 1 - p the early test needs) with noisy drafts (so that some drafts fall outside the
 * target's top-p set, where the early test must not accept, and some are rejected): over 600
 * calls the fast chain must give the reference verifier's outcome every time, while deciding
 * many accept tests early. An early test that accepted a token top-p removes, or one inside the
 * set with u just above p(d) / q(d), would show as a difference: with hundreds of early accepts
 * and drafts outside the set in about one accept test in ten, such a bug is caught here.
 */
class AcceptBeforeThresholdTest {
    private static final int DRAFTS = 4;
    private static final int VOCAB = 3000;
    private static final int CALLS = 600;

    @Test
    void earlyAcceptsGiveTheReferenceOutcome() {
        SplittableRandom random = new SplittableRandom(20_261_207);
        float[] target = new float[(DRAFTS + 1) * VOCAB];
        float[] draft = new float[DRAFTS * VOCAB];
        for (int r = 0; r <= DRAFTS; r++) {
            double exponent = 1.5 + 0.5 * random.nextDouble();
            int[] rank = permutation(random);
            for (int v = 0; v < VOCAB; v++) {
                target[r * VOCAB + v] = (float) (-exponent * Math.log(rank[v] + 1) + 0.3 * random.nextGaussian());
                if (r < DRAFTS) draft[r * VOCAB + v] = target[r * VOCAB + v] + (float) random.nextGaussian();
            }
        }
        VerificationBatch batch = new VerificationBatch(1, DRAFTS, VOCAB)
                .target(FloatRows.of(target, 1, DRAFTS + 1, VOCAB))
                .draftDistribution(DraftDistribution.logits(FloatRows.of(draft, 1, DRAFTS, VOCAB)))
                .settings(0, SamplingSettings.DEFAULT.withTopP(0.9f))
                .draftSettings(0, SamplingSettings.DEFAULT.withTopP(0.95f))
                .seedAll(7);
        FastChain chain = new FastChain(TileRunner.SERIAL, 1e-4, 1e-3);
        Outcomes outcomes = new Outcomes();
        VerificationResult fast = VerificationResult.forBatch(batch);
        VerificationResult expected = VerificationResult.forBatch(batch);
        ReferenceVerifier reference = new ReferenceVerifier();
        long acceptTests = 0, rejections = 0;
        for (int call = 0; call < CALLS; call++) {
            batch.step(0, call);
            for (int i = 0; i < DRAFTS; i++) DraftSampler.sampleDraft(batch, 0, i);
            outcomes.reset(1);
            chain.verify(batch, 0, outcomes);
            outcomes.publish(batch, fast);
            reference.verify(batch, expected);
            assertEquals(expected.accepted(0), fast.accepted(0), "drafts accepted at call " + call);
            assertEquals(expected.nextToken(0), fast.nextToken(0), "next token at call " + call);
            assertEquals(expected.ending(0), fast.ending(0), "ending at call " + call);
            acceptTests += Math.min(DRAFTS, expected.accepted(0) + 1);
            if (expected.accepted(0) < DRAFTS) rejections++;
        }
        long early = chain.acceptedBeforeThreshold();
        assertTrue(early >= acceptTests / 4, early + " of " + acceptTests + " accept tests decided early");
        assertTrue(early < acceptTests - rejections, "some accepted drafts must have needed the threshold: " + early);
        assertTrue(rejections >= CALLS / 10, "rejections must be exercised: " + rejections);
    }

    private static int[] permutation(SplittableRandom random) {
        int[] rank = new int[VOCAB];
        for (int v = 0; v < VOCAB; v++) rank[v] = v;
        for (int v = VOCAB - 1; v > 0; v--) {
            int w = random.nextInt(v + 1);
            int t = rank[v];
            rank[v] = rank[w];
            rank[w] = t;
        }
        return rank;
    }
}
