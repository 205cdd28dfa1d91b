package dev.specula.examples;

import dev.specula.core.ReferenceVerifier;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoTest {
    private static final Progress QUIET = new Progress(new PrintStream(OutputStream.nullOutputStream()));

    @Test
    void measuredAcceptanceAndTokensAgreeWithTheRows() {
        try (Arena arena = Arena.ofConfined(); ReferenceVerifier verifier = new ReferenceVerifier()) {
            ZipfWorkload w = ZipfWorkload.generate(arena, 8, 4, 300, 3);
            w.setDraftNoise(w.noiseForBeta(0.6));
            double[][] beta = Demo.betas(w);

            // With one draft, alpha is the mean acceptance of the eight first positions.
            Demo.Tally one = Demo.measure(verifier, w, 1, 1500, 3, 0, QUIET, "g = 1");
            double alphaError = Math.sqrt(one.alpha() * (1 - one.alpha()) / one.verified());
            assertEquals(Demo.meanBeta(beta, 1), one.alpha(), 4 * alphaError);

            Demo.Tally four = Demo.measure(verifier, w, 4, 1000, 3, 1500, QUIET, "g = 4");
            assertEquals(Demo.expectedTokens(beta, 4), four.meanTokens(), 4 * four.tokensError());
            assertEquals(four.accepted() + four.verified(), Math.round(four.tokens()), "every verification emits accepted + 1 tokens");
        }
    }

    @Test
    void expectedTokensFollowTheClosedFormWhenEveryBetaIsEqual() {
        double[][] beta = new double[3][8];
        for (double[] rows : beta) Arrays.fill(rows, 0.7);
        for (int g : Demo.DRAFT_LENGTHS) {
            assertEquals((1 - Math.pow(0.7, g + 1)) / (1 - 0.7), Demo.expectedTokens(beta, g), 1e-12);
            assertEquals(0.7, Demo.meanBeta(beta, g), 1e-12);
        }
    }

    @Test
    void firstTokenDistributionIsTheTargetOnlyWhenQIsRight() {
        double[] p = {0.5, 0.3, 0.2, 0.0};
        double[] q = {0.1, 0.1, 0.4, 0.4};
        assertArrayEquals(p, FirstTokenCheck.firstTokenDistribution(p, q, q), 1e-15);
        // q puts all its mass on token 0 but the draft really comes from token 1: token 1 has q = 0,
        // so it is always rejected and the residual max(0, p - q) = (0, 0.5) emits token 1.
        assertArrayEquals(new double[] {0, 1}, FirstTokenCheck.firstTokenDistribution(new double[] {0.5, 0.5}, new double[] {1, 0},
                new double[] {0, 1}), 1e-15);
    }

    @Test
    void simulatedNoiseMatchesTheNormalApproximationWhereItHolds() {
        // 50 equally likely tokens and 10000 draws: 200 expected per token, where the normal approximation is good.
        double[] p = new double[50];
        Arrays.fill(p, 1.0 / 50);
        double[] tvs = FirstTokenCheck.noiseTvs(p, 10_000, 400, new SplittableRandom(1));
        double mean = Arrays.stream(tvs).average().orElseThrow();
        double approximation = 50 * Math.sqrt(p[0] * (1 - p[0]) / (2 * Math.PI * 10_000));
        assertEquals(approximation, mean, 0.03 * approximation);
    }

    @Test
    void firstTokenCheckPassesTheReferenceVerifierAndCatchesAWrongQ() {
        try (Arena arena = Arena.ofConfined(); ReferenceVerifier verifier = new ReferenceVerifier()) {
            ZipfWorkload single = ZipfWorkload.generate(arena, 1, 1, 200, FirstTokenCheck.ZIPF_EXPONENT, FirstTokenCheck.ZIPF_EXPONENT, 9);
            single.setDraftNoise(single.noiseForBeta(0.5));
            double beta = single.beta(0, 0, FirstTokenCheck.TARGET_TEMPERATURE, 1);

            FirstTokenCheck check = FirstTokenCheck.run(verifier, single, 1f, 4000, 9, 0, QUIET, "check");
            assertTrue(check.withinNoise(), "TV " + check.tv() + ", noise " + check.noiseMean() + " +- " + check.noiseSd());
            assertEquals(0, check.expectedTv(), 1e-12);
            double accepted = (double) check.acceptedDrafts() / check.samples();
            assertEquals(beta, accepted, 4 * Math.sqrt(beta * (1 - beta) / check.samples()));

            FirstTokenCheck control = FirstTokenCheck.run(verifier, single, FirstTokenCheck.WRONG_SAMPLING_TEMPERATURE, 4000, 9, 4000,
                    QUIET, "control");
            assertTrue(control.expectedTv() > 0.02, "the bug should move the distribution, TV " + control.expectedTv());
            assertFalse(control.withinNoise(), "the check must see a wrong q: TV " + control.tv() + ", noise " + control.noiseMean());
        }
    }

    @Test
    void runWithTinyOptionsPrintsTheTablesAndBothVerdicts() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = Demo.run(new String[] {"--vocab", "300", "--batch", "2", "--calls", "20", "--samples", "3000", "--seed", "5"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        assertTrue(text.contains("V = 300 tokens"), text);
        assertTrue(text.contains("tokens/verify"), text);
        assertTrue(text.contains("good draft") && text.contains("weak draft"), text);
        long rows = Pattern.compile("(?m)^ +[1248] +[01][.,]\\d{3} +[01][.,]\\d{3} ").matcher(text).results().count();
        assertEquals(2 * Demo.DRAFT_LENGTHS.length, rows, text);
        assertTrue(text.contains("OK: within noise"), text);
        assertTrue(text.contains("MISMATCH ("), "the control should be caught:\n" + text);
    }

    @Test
    void badOptionsAreRejectedAndHelpIsPrinted() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8), e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, Demo.run(new String[] {"--vocab", "1"}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--vocab needs an integer >= 2, got '1'"));
        assertEquals(2, Demo.run(new String[] {"--calls"}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--calls needs a value"));
        assertEquals(2, Demo.run(new String[] {"--fast"}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option '--fast'"));
        assertEquals(0, out.size(), "nothing is run on bad options");
        assertEquals(0, Demo.run(new String[] {"--help"}, o, e));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: Demo"));
    }
}
