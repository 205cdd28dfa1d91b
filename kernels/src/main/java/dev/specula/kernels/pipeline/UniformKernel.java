package dev.specula.kernels.pipeline;

import com.aparapi.Kernel;

/**
 * The uniforms of core's {@link dev.specula.core.RandomStreams}, bit for bit, for kernels that
 * extend this class (Aparapi translates inherited fields and methods): a Philox4x32-10 block
 * (Salmon et al. 2011) with counter (position, stream, step lo, step hi) and key (seed lo,
 * seed hi); words (w0, w1) give the accept uniform, (w2, w3) the sample uniform. The per-sequence
 * arrays are bound by the names {@code seedLo}, {@code seedHi}, {@code stream}, {@code stepLo},
 * {@code stepHi}.
 */
public abstract class UniformKernel extends Kernel {
    int[] seedLo = new int[1];
    int[] seedHi = new int[1];
    int[] stream = new int[1];
    int[] stepLo = new int[1];
    int[] stepHi = new int[1];

    /**
     * A uniform of sequence b's VERIFY block at {@code position}: words (w0, w1) when
     * {@code second} is 0 (the accept uniform), (w2, w3) otherwise (the sample uniform).
     */
    protected double uniform(int b, int position, int second) {
        int c0 = position; // purpose VERIFY = 0 in the high 16 bits
        int c1 = stream[b];
        int c2 = stepLo[b];
        int c3 = stepHi[b];
        int k0 = seedLo[b];
        int k1 = seedHi[b];
        for (int round = 0; round < 10; round++) {
            long p0 = 0xD2511F53L * (c0 & 0xFFFFFFFFL);
            long p1 = 0xCD9E8D57L * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
            k0 += 0x9E3779B9;
            k1 += 0xBB67AE85;
        }
        int hi = second == 0 ? c0 : c2;
        int lo = second == 0 ? c1 : c3;
        long bits = ((hi & 0xFFFFFFFFL) << 20) | ((lo & 0xFFFFFFFFL) >>> 12);
        return (bits + 0.5) * 0x1p-52;
    }
}
