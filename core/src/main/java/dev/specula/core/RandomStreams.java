package dev.specula.core;

/**
 * The random numbers of Specula, defined bit for bit so that every backend reproduces them.
 *
 * <h2>Stream layout</h2>
 * Every uniform is taken from one {@link Philox4x32} block with
 * <pre>
 *   key     k0 = low 32 bits of the sequence's seed     k1 = high 32 bits of the seed
 *   counter c0 = (purpose &lt;&lt; 16) | position             c1 = the sequence's stream id
 *           c2 = low 32 bits of the step                 c3 = high 32 bits of the step
 * </pre>
 * where {@code position} is the draft position 0..g (g &lt; 65536) and {@code purpose} is
 * {@link #VERIFY} or {@link #DRAFT}. A sequence's numbers therefore depend only on its own
 * (seed, stream id, step, position), never on its slot in a batch, the batch size, the thread
 * count or the device.
 *
 * <h2>From words to uniforms</h2>
 * Two 32-bit words {@code hi, lo} make one double in the open interval (0, 1):
 * <pre>
 *   bits = (hi &lt;&lt; 20) | (lo &gt;&gt;&gt; 12)        (52 bits, words taken as unsigned)
 *   u    = (bits + 0.5) * 2^-52
 * </pre>
 * Every such value is exactly representable, the smallest is 2^-53 and the largest 1 - 2^-53,
 * so {@code u} is never 0 and never 1.
 *
 * <p>In a {@link #VERIFY} block, words (w0, w1) give the <em>accept</em> uniform of position i
 * and words (w2, w3) its <em>sample</em> uniform, used for the correction token when position i
 * is rejected, or for the bonus token when i = g. In a {@link #DRAFT} block, words (w0, w1)
 * give the uniform with which {@link DraftSampler} draws the draft token of position i; the
 * separate purpose keeps drafts statistically independent of their own verification.
 */
public final class RandomStreams {
    /** Purpose code of the verifier's accept and sample uniforms. */
    public static final int VERIFY = 0;
    /** Purpose code of the uniforms with which drafts are sampled. */
    public static final int DRAFT = 1;
    /** Positions are stored in 16 bits of the counter. */
    public static final int MAX_POSITIONS = 1 << 16;

    private RandomStreams() {}

    /** The accept uniform u_i of the test {@code u_i < p_i(d_i) / q_i(d_i)}. */
    public static double acceptUniform(long seed, int stream, long step, int position) {
        int[] w = block(VERIFY, seed, stream, step, position);
        return uniform(w[0], w[1]);
    }

    /** The uniform that samples the correction token at a rejected position, or the bonus token. */
    public static double sampleUniform(long seed, int stream, long step, int position) {
        int[] w = block(VERIFY, seed, stream, step, position);
        return uniform(w[2], w[3]);
    }

    /** The uniform with which the draft token of {@code position} is sampled. */
    public static double draftUniform(long seed, int stream, long step, int position) {
        int[] w = block(DRAFT, seed, stream, step, position);
        return uniform(w[0], w[1]);
    }

    /** Maps two 32-bit words to a double in (0, 1), as described in the class documentation. */
    public static double uniform(int hi, int lo) {
        long bits = ((hi & 0xFFFFFFFFL) << 20) | ((lo & 0xFFFFFFFFL) >>> 12);
        return (bits + 0.5) * 0x1p-52;
    }

    private static int[] block(int purpose, long seed, int stream, long step, int position) {
        if (position < 0 || position >= MAX_POSITIONS) {
            throw new IllegalArgumentException("position " + position + " is outside [0, " + MAX_POSITIONS + ")");
        }
        // A four-word array that escape analysis removes in hot loops; it keeps the code plain.
        int[] words = {(purpose << 16) | position, stream, (int) step, (int) (step >>> 32)};
        Philox4x32.block(words, (int) seed, (int) (seed >>> 32), words);
        return words;
    }
}
