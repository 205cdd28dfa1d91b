package dev.specula.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The settings' validation (with messages that name the setting and the bad value) and their withers. */
class SamplingSettingsTest {

    private static void assertRejected(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message \"" + e.getMessage() + "\" should mention \"" + f + "\"");
        }
    }

    @Test
    void topKMustBeAtLeastOne() {
        assertRejected(() -> SamplingSettings.DEFAULT.withTopK(0), "top-k must be >= 1", "0");
        assertRejected(() -> SamplingSettings.DEFAULT.withTopK(-3), "top-k must be >= 1", "-3");
        assertRejected(() -> new SamplingSettings(1f, -1, 1f, 0f), "top-k must be >= 1", "-1");
        assertEquals(1, SamplingSettings.DEFAULT.withTopK(1).topK());
    }

    @Test
    void topPMustBeInZeroExclusiveToOneInclusive() {
        assertRejected(() -> SamplingSettings.DEFAULT.withTopP(0f), "top-p must be in (0, 1]", "0.0");
        assertRejected(() -> SamplingSettings.DEFAULT.withTopP(-0.5f), "top-p", "-0.5");
        assertRejected(() -> SamplingSettings.DEFAULT.withTopP(1.0001f), "top-p", "1.0001");
        assertRejected(() -> SamplingSettings.DEFAULT.withTopP(Float.NaN), "top-p", "NaN");
        assertEquals(Float.MIN_VALUE, SamplingSettings.DEFAULT.withTopP(Float.MIN_VALUE).topP());
        assertEquals(1f, SamplingSettings.DEFAULT.withTopP(1f).topP());
    }

    @Test
    void minPMustBeInZeroToOne() {
        assertRejected(() -> SamplingSettings.DEFAULT.withMinP(-0.01f), "min-p must be in [0, 1]", "-0.01");
        assertRejected(() -> SamplingSettings.DEFAULT.withMinP(1.5f), "min-p", "1.5");
        assertRejected(() -> SamplingSettings.DEFAULT.withMinP(Float.NaN), "min-p", "NaN");
        assertEquals(0f, SamplingSettings.DEFAULT.withMinP(0f).minP());
        assertEquals(1f, SamplingSettings.DEFAULT.withMinP(1f).minP());
    }

    @Test
    void temperatureRulesAreUnchanged() {
        assertRejected(() -> SamplingSettings.temperature(-1f), "temperature", "-1.0");
        assertRejected(() -> SamplingSettings.DEFAULT.withTemperature(Float.POSITIVE_INFINITY), "temperature", "Infinity");
        assertTrue(SamplingSettings.GREEDY.isGreedy());
        assertFalse(SamplingSettings.DEFAULT.isGreedy());
        assertEquals(new SamplingSettings(0.7f), SamplingSettings.temperature(0.7f));
        assertFalse(SamplingSettings.DEFAULT.truncates());
        assertFalse(SamplingSettings.GREEDY.truncates());
    }

    @Test
    void withersComposeAndKeepTheOtherSettings() {
        SamplingSettings s = SamplingSettings.temperature(0.8f).withTopK(50).withTopP(0.9f).withMinP(0.05f);
        assertEquals(new SamplingSettings(0.8f, 50, 0.9f, 0.05f), s);
        assertTrue(s.truncates());
        assertTrue(s.hasTopK());
        assertEquals(new SamplingSettings(1.2f, 50, 0.9f, 0.05f), s.withTemperature(1.2f));
        SamplingSettings noK = s.withoutTopK();
        assertFalse(noK.hasTopK());
        assertEquals(SamplingSettings.NO_TOP_K, noK.topK());
        assertTrue(noK.truncates(), "top-p and min-p are still set");
        assertFalse(SamplingSettings.DEFAULT.withTopP(1f).withMinP(0f).truncates(), "top-p 1 and min-p 0 truncate nothing");
        assertTrue(SamplingSettings.DEFAULT.withTopK(3).truncates());
        assertSame(SamplingSettings.GREEDY, SamplingSettings.GREEDY);
    }
}
