package dev.specula.benchmarks.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.specula.core.DraftSample;
import dev.specula.core.DraftSampler;
import dev.specula.core.FloatRows;
import dev.specula.core.SamplingSettings;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The accuracy run's draft table draws exactly what core's DraftSampler draws, and records the same log q. */
class DraftTableTest {
    @Test
    void drawsTheSameTokensAndLogProbabilitiesAsTheDraftSampler() {
        SplittableRandom random = new SplittableRandom(5);
        int sequences = 3, drafts = 2, vocab = 3_000;
        float[] data = new float[sequences * drafts * vocab];
        // Zipf-like rows with some ties and a peaked token, as language models give.
        for (int k = 0; k < data.length; k++) data[k] = (float) Math.rint(-2 * Math.log(1 + random.nextInt(vocab)) * 4) / 4;
        data[17] = 12;
        FloatRows rows = FloatRows.of(data, sequences, drafts, vocab);
        DraftTable table = new DraftTable(rows);
        for (int b = 0; b < sequences; b++) {
            for (int i = 0; i < drafts; i++) {
                for (int k = 0; k < 2_000; k++) {
                    double u = k == 0 ? 0x1p-53 : k == 1 ? 1 - 0x1p-53 : random.nextDouble(0x1p-53, 1);
                    DraftSample expected = DraftSampler.sample(rows, b, i, SamplingSettings.DEFAULT, u);
                    DraftSample actual = table.sample(b, i, u);
                    assertEquals(expected.token(), actual.token(), "b=" + b + " i=" + i + " u=" + u);
                    assertEquals(expected.logProbability(), actual.logProbability(), 0.0, "b=" + b + " i=" + i + " u=" + u);
                }
            }
        }
    }
}
