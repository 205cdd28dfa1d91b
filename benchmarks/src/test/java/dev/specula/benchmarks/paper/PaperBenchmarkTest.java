package dev.specula.benchmarks.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.specula.benchmarks.Regime;
import dev.specula.core.Ending;
import dev.specula.core.ReferenceVerifier;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;

/** The benchmark's cheap setup: B copies of one planned sequence keep the plan (checked by the reference verifier, the oracle). */
class PaperBenchmarkTest {
    @Test
    void everyCopyAcceptsEveryDraft() {
        try (Arena arena = Arena.ofShared()) {
            VerificationBatch batch = PaperBenchmark.replicated(arena, 5, 3, 4_000, Regime.ALL_ACCEPTED);
            VerificationResult result = new ReferenceVerifier().verify(batch);
            for (int b = 0; b < 5; b++) {
                assertEquals(3, result.accepted(b), "sequence " + b);
                assertEquals(Ending.BONUS, result.ending(b));
                assertEquals(result.nextToken(0), result.nextToken(b), "the copies have the same seed, so the same bonus");
            }
        }
    }

    @Test
    void everyCopyRejectsItsFirstDraftWhenPlannedSo() {
        try (Arena arena = Arena.ofShared()) {
            VerificationResult result = new ReferenceVerifier().verify(PaperBenchmark.replicated(arena, 4, 2, 4_000, Regime.REJECT_FIRST));
            for (int b = 0; b < 4; b++) assertEquals(0, result.accepted(b), "sequence " + b);
        }
    }
}
