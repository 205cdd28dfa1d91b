package dev.specula.benchmarks.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.lang.foreign.Arena;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The accuracy run end to end on a small synthetic workload (B = 16 rows of V = 1000, g = 5, 300
 * trials): the fast CPU verifier and Specula's OpenCL pipeline sit at the noise level, the
 * paper's sigmoid variant departs from it, and each measured acceptance rate is its prediction.
 *
 * <p>Power: with 300 samples per row in 8 bins the noise level is at most 0.07 and the standard
 * error of (TV - noise) over 16 rows about 0.01; the sigmoid's predicted binned TV on these rows
 * (draft = target + N(0, 0.8^2), so TV(p, q) is near 0.3) is far above 5 standard errors, while an
 * exact verifier exceeds 5 with probability below 1e-4. The acceptance rate averages 4800
 * verifications whose accepted count has a standard deviation below 1.5 on these rows (about 0.45
 * per position for the exact verifiers, nearly always 5 for the sigmoid), so its standard error is
 * below 1.5 / sqrt(4800) / 5 = 0.0043; the tolerance 0.025 is more than 5 of them.
 */
class PaperAccuracyTest {
    @Test
    void exactVerifiersSitAtTheNoiseLevelAndTheSigmoidDeparts() {
        JsonObject json;
        try (Arena arena = Arena.ofShared()) {
            AccuracyWorkload workload = AccuracyWorkload.synthetic(arena, 16, 5, 1_000, 300);
            json = PaperAccuracy.measure(workload,
                    List.of(PaperContender.FAST_CPU, PaperContender.SPECULA_EXACT, PaperContender.SIGMOID), "0");
        }
        assertEquals("synthetic V=1000", json.get("name").getAsString());
        assertEquals(3, json.getAsJsonArray("verifiers").size());
        for (var element : json.getAsJsonArray("verifiers")) {
            JsonObject v = element.getAsJsonObject();
            String id = v.get("verifier").getAsString();
            JsonObject first = v.getAsJsonObject("firstToken");
            assertEquals(v.get("predictedAcceptanceRate").getAsDouble(), v.get("acceptanceRate").getAsDouble(), 0.025, id);
            assertEquals(16 * 300, first.get("samples").getAsLong(), id);
            if (id.equals("sigmoid")) {
                assertFalse(v.get("exact").getAsBoolean());
                assertFalse(first.get("atNoiseLevel").getAsBoolean(), id + ": " + first);
                assertTrue(first.get("predicted").getAsDouble() > 0.1, id + ": " + first);
                assertTrue(v.get("acceptanceRate").getAsDouble() > 0.99, "the sigmoid accepts nearly every draft: " + v);
            } else {
                assertTrue(v.get("exact").getAsBoolean());
                assertTrue(first.get("atNoiseLevel").getAsBoolean(), id + ": " + first);
                assertEquals(0.0, first.get("predicted").getAsDouble(), 1e-12, id);
            }
        }
    }

    @Test
    void optionsAreParsedAndBadOnesRefused() {
        PaperAccuracy.Options o = PaperAccuracy.Options.parse(new String[] {"--quick", "--device", "1", "--verifiers", "baseline, sigmoid"});
        assertTrue(o.quick());
        assertEquals("1", o.device());
        assertEquals(List.of(PaperContender.BASELINE, PaperContender.SIGMOID), o.verifiers());
        assertEquals(15, o.trials(150));
        assertEquals(10, o.trials(40));
        assertEquals(PaperAccuracy.DEFAULT_OUT, o.out());
        assertThrows(IllegalArgumentException.class, () -> PaperAccuracy.Options.parse(new String[] {"--frobnicate"}));
        assertThrows(IllegalArgumentException.class, () -> PaperAccuracy.Options.parse(new String[] {"--verifiers", "nope"}));
        assertThrows(IllegalArgumentException.class, () -> PaperAccuracy.Options.parse(new String[] {"--device"}));
    }
}
