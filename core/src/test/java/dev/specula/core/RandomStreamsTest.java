package dev.specula.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The documented stream layout and word-to-uniform mapping of {@link RandomStreams}. */
class RandomStreamsTest {

    private static final double TWO_POW_M53 = 0x1p-53;

    // ---- word -> uniform ---------------------------------------------------------------------

    @Test
    void allZeroWordsGiveTheSmallestUniform() {
        assertEquals(TWO_POW_M53, RandomStreams.uniform(0, 0));
    }

    @Test
    void allOneWordsGiveTheLargestUniform() {
        assertEquals(1.0 - TWO_POW_M53, RandomStreams.uniform(-1, -1));
        assertTrue(RandomStreams.uniform(-1, -1) < 1.0);
    }

    @Test
    void middleValueComputedByHand() {
        // hi = 0x12345678, lo = 0x9ABCDEF0: bits = 0x12345678 << 20 | 0x9ABCD = 0x123456789ABCD,
        // u = 0x123456789ABCD.8 * 2^-52 = 0x1.23456789ABCD8p-4.
        assertEquals(0x1.23456789ABCD8p-4, RandomStreams.uniform(0x12345678, 0x9ABCDEF0));
        // The low 12 bits of lo are discarded.
        assertEquals(0x1.23456789ABCD8p-4, RandomStreams.uniform(0x12345678, 0x9ABCDFFF));
        // hi = 0x80000000, lo = 0: bits = 2^51, u = 1/2 + 2^-53.
        assertEquals(0.5 + TWO_POW_M53, RandomStreams.uniform(0x80000000, 0));
    }

    @Test
    void wordsAreTakenAsUnsigned() {
        // A sign-extending implementation would map hi = 0x80000000 below 1/2 or outside (0, 1).
        double u = RandomStreams.uniform(0x80000000, 0x80000000);
        assertEquals(0.5 + 0x1p-33 + TWO_POW_M53, u);
    }

    @Test
    void uniformsAreNeverZeroOrOne() {
        int[] edge = {0, 1, 0xFFF, 0x1000, 0x7FFFFFFF, 0x80000000, 0xFFFFF000, -2, -1};
        for (int hi : edge) {
            for (int lo : edge) {
                double u = RandomStreams.uniform(hi, lo);
                assertTrue(u > 0 && u < 1, "uniform(" + hi + ", " + lo + ") = " + u);
            }
        }
    }

    // ---- stream layout ---------------------------------------------------------------------

    /** The documented mapping, written independently of the class: 52 bits from hi:lo, plus a half. */
    private static double documentedUniform(int hi, int lo) {
        long top32 = Integer.toUnsignedLong(hi);
        long top20OfLo = Integer.toUnsignedLong(lo) / 4096;
        return (top32 * 1048576L + top20OfLo + 0.5) / 4503599627370496.0;
    }

    /** The Philox words the class Javadoc says a (purpose, seed, stream, step, position) uses. */
    private static int[] documentedWords(int purpose, long seed, int stream, long step, int position) {
        int[] counter = {purpose * 65536 + position, stream, (int) (step & 0xFFFFFFFFL), (int) (step >> 32)};
        int k0 = (int) (seed & 0xFFFFFFFFL), k1 = (int) (seed >> 32);
        int[] out = new int[4];
        Philox4x32.block(counter, k0, k1, out);
        return out;
    }

    @Test
    void uniformsComeFromTheDocumentedPhiloxWords() {
        long[] seeds = {0L, 42L, 0x0123456789ABCDEFL, -7L};
        int[] streams = {0, 3, -1, 0x7FFFFFFF};
        long[] steps = {0L, 1L, 0x1_0000_0005L, -1L};
        int[] positions = {0, 1, 7, 65535};
        for (long seed : seeds) {
            for (int stream : streams) {
                for (long step : steps) {
                    for (int pos : positions) {
                        int[] verify = documentedWords(RandomStreams.VERIFY, seed, stream, step, pos);
                        int[] draft = documentedWords(RandomStreams.DRAFT, seed, stream, step, pos);
                        String at = "seed " + seed + " stream " + stream + " step " + step + " position " + pos;
                        assertEquals(documentedUniform(verify[0], verify[1]), RandomStreams.acceptUniform(seed, stream, step, pos), at);
                        assertEquals(documentedUniform(verify[2], verify[3]), RandomStreams.sampleUniform(seed, stream, step, pos), at);
                        assertEquals(documentedUniform(draft[0], draft[1]), RandomStreams.draftUniform(seed, stream, step, pos), at);
                    }
                }
            }
        }
    }

    @Test
    void purposeCodesAreTheDocumentedOnes() {
        assertEquals(0, RandomStreams.VERIFY);
        assertEquals(1, RandomStreams.DRAFT);
        assertEquals(65536, RandomStreams.MAX_POSITIONS);
    }

    @Test
    void everyCoordinateChangesTheValue() {
        long seed = 0x0123456789ABCDEFL, step = 17;
        int stream = 5, pos = 2;
        double base = RandomStreams.acceptUniform(seed, stream, step, pos);
        // purpose and word pair
        assertNotEquals(base, RandomStreams.draftUniform(seed, stream, step, pos), "purpose");
        assertNotEquals(base, RandomStreams.sampleUniform(seed, stream, step, pos), "accept vs sample words");
        // each coordinate, including the high halves of seed and step (key word 1, counter word 3)
        assertNotEquals(base, RandomStreams.acceptUniform(seed, stream, step, pos + 1), "position");
        assertNotEquals(base, RandomStreams.acceptUniform(seed, stream + 1, step, pos), "stream");
        assertNotEquals(base, RandomStreams.acceptUniform(seed, stream, step + 1, pos), "step low");
        assertNotEquals(base, RandomStreams.acceptUniform(seed, stream, step + (1L << 32), pos), "step high");
        assertNotEquals(base, RandomStreams.acceptUniform(seed + 1, stream, step, pos), "seed low");
        assertNotEquals(base, RandomStreams.acceptUniform(seed + (1L << 32), stream, step, pos), "seed high");
    }

    @Test
    void positionsOutsideTheCounterFieldAreRejected() {
        for (int bad : new int[] {-1, 65536, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            for (Supplier<Double> call : java.util.List.<Supplier<Double>>of(
                    () -> RandomStreams.acceptUniform(1, 2, 3, bad),
                    () -> RandomStreams.sampleUniform(1, 2, 3, bad),
                    () -> RandomStreams.draftUniform(1, 2, 3, bad))) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::get);
                assertTrue(e.getMessage().contains(Integer.toString(bad)), e.getMessage());
            }
        }
        // The last valid position works.
        double u = RandomStreams.acceptUniform(1, 2, 3, 65535);
        assertTrue(u > 0 && u < 1);
    }

    @Test
    void acceptUniformsLookUniform() {
        // 100,000 accept uniforms with a fixed seed over steps and positions.
        int n = 100_000, bins = 10;
        long[] counts = new long[bins];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            double u = RandomStreams.acceptUniform(20240611L, 9, k / 4, k % 4);
            sum += u;
            counts[(int) (u * bins)]++;
        }
        // Mean: standard error sqrt(1/12 / 1e5) = 0.00091; 0.0046 is 5 standard errors.
        assertEquals(0.5, sum / n, 0.0046);
        // Chi-square, 9 degrees of freedom: 27.877 is the 0.999 quantile, so a true uniform fails
        // with probability 0.001 (the seed is fixed, so the outcome itself is deterministic).
        double expected = (double) n / bins, chi2 = 0;
        for (long c : counts) chi2 += (c - expected) * (c - expected) / expected;
        assertTrue(chi2 < 27.877, "chi-square " + chi2);
    }
}
