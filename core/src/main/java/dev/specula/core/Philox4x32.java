package dev.specula.core;

/**
 * The Philox4x32-10 counter-based generator (Salmon, Moraes, Dror and Shaw, "Parallel random
 * numbers: as easy as 1, 2, 3", SC'11).
 *
 * <p>A block of four 32-bit output words is a pure function of a 128-bit counter and a 64-bit
 * key: there is no state, so any thread, batch slot or device computes the same words for the
 * same (counter, key). That is what makes Specula's results independent of batch composition,
 * thread count and backend. {@link RandomStreams} says which counter and key Specula uses.
 *
 * <p>The arithmetic is written so that it translates word for word to OpenCL C and CUDA C:
 * 32x32-to-64-bit products through {@code long}, masks, xors.
 */
public final class Philox4x32 {
    /** Round multipliers and Weyl key increments of Philox4x32 (Salmon et al., table 2). */
    static final long M0 = 0xD2511F53L, M1 = 0xCD9E8D57L;
    static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85;
    static final int ROUNDS = 10;

    private Philox4x32() {}

    /**
     * Computes one output block.
     *
     * @param counter the four counter words c0..c3 (read only)
     * @param key0 first key word
     * @param key1 second key word
     * @param out receives the four output words; may be the same array as {@code counter}
     */
    public static void block(int[] counter, int key0, int key1, int[] out) {
        int c0 = counter[0], c1 = counter[1], c2 = counter[2], c3 = counter[3];
        int k0 = key0, k1 = key1;
        for (int round = 0; round < ROUNDS; round++) {
            long p0 = M0 * (c0 & 0xFFFFFFFFL);
            long p1 = M1 * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32), lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32), lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
            k0 += W0;
            k1 += W1;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }
}
