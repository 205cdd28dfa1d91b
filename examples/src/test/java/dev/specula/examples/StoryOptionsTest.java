package dev.specula.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.core.SamplingSettings;
import org.junit.jupiter.api.Test;

/** The demo's truncation options: parsed into the target's and the draft's settings, checked, and shown in the help. */
class StoryOptionsTest {

    @Test
    void truncationOptionsBecomeTheSettings() {
        StoryOptions o = StoryOptions.parse(new String[] {"--temperature", "0.7", "--top-k", "40", "--top-p", "0.9", "--min-p", "0.05"});
        assertEquals(new SamplingSettings(0.7f, 40, 0.9f, 0.05f), o.targetSettings());
        assertEquals(new SamplingSettings(0.7f, 40, 0.9f, 0.05f), o.draftSettings(), "the draft follows the target by default");
        assertEquals(" top-k 40 top-p 0.9 min-p 0.05", o.truncation().describe());
    }

    @Test
    void theDraftMayBeTruncatedDifferently() {
        StoryOptions o = StoryOptions.parse(new String[] {"--top-p", "0.9", "--draft-temperature", "1.2", "--draft-top-k", "5",
                "--draft-min-p", "0"});
        assertEquals(new SamplingSettings(0.8f, SamplingSettings.NO_TOP_K, 0.9f, 0f), o.targetSettings());
        assertEquals(new SamplingSettings(1.2f, 5, 0.9f, 0f), o.draftSettings(), "top-k and min-p its own, top-p the target's");
    }

    @Test
    void withoutOptionsNothingIsTruncated() {
        StoryOptions o = StoryOptions.parse(new String[0]);
        assertEquals(SamplingSettings.temperature(0.8f), o.targetSettings());
        assertEquals(SamplingSettings.temperature(0.8f), o.draftSettings());
    }

    @Test
    void badValuesAreRejectedWithTheirRange() {
        assertMessage("--top-k needs an integer >= 1, got '0'", "--top-k", "0");
        assertMessage("--top-p needs a number in (0, 1], got '0'", "--top-p", "0");
        assertMessage("--top-p needs a number in (0, 1], got '1.5'", "--top-p", "1.5");
        assertMessage("--min-p needs a number in [0, 1], got '-0.1'", "--min-p", "-0.1");
        assertMessage("--draft-top-k needs an integer >= 1, got 'many'", "--draft-top-k", "many");
    }

    @Test
    void theHelpShowsThem() {
        for (String option : new String[] {"--top-k K", "--top-p P", "--min-p P", "--draft-top-k K, --draft-top-p P, --draft-min-p P"}) {
            assertTrue(StoryOptions.USAGE.contains(option), option);
        }
    }

    private static void assertMessage(String message, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoryOptions.parse(args));
        assertEquals(message, e.getMessage());
    }
}
