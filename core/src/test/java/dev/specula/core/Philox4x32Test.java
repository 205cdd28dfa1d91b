package dev.specula.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Philox4x32-10 against the known-answer vectors published with Random123 (kat_vectors,
 * "philox4x32 10"). Every backend reproduces these words, so they are pinned here bit for bit.
 */
class Philox4x32Test {

    private static int[] block(int[] counter, int k0, int k1) {
        int[] out = new int[4];
        Philox4x32.block(counter, k0, k1, out);
        return out;
    }

    @Test
    void zeroCounterAndKey() {
        int[] ctr = {0x00000000, 0x00000000, 0x00000000, 0x00000000};
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, block(ctr, 0x00000000, 0x00000000));
    }

    @Test
    void allOnesCounterAndKey() {
        int[] ctr = {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff};
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, block(ctr, 0xffffffff, 0xffffffff));
    }

    @Test
    void piDigitsCounterAndKey() {
        int[] ctr = {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344};
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}, block(ctr, 0xa4093822, 0x299f31d0));
    }

    @Test
    void counterIsReadOnly() {
        int[] ctr = {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344};
        int[] copy = ctr.clone();
        block(ctr, 0xa4093822, 0x299f31d0);
        assertArrayEquals(copy, ctr);
    }

    @Test
    void outputMayAliasCounter() {
        // The documented in-place use: RandomStreams passes the same array as counter and out.
        int[] words = {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344};
        Philox4x32.block(words, 0xa4093822, 0x299f31d0, words);
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}, words);
    }

    @Test
    void everyCounterAndKeyWordMatters() {
        // A one-bit change in any of the six input words must change the block (no word ignored).
        int[] ctr = {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344};
        int k0 = 0xa4093822, k1 = 0x299f31d0;
        int[] base = block(ctr, k0, k1);
        for (int w = 0; w < 4; w++) {
            int[] c = ctr.clone();
            c[w] ^= 0x80000000;
            assertNotEquals(Arrays.toString(base), Arrays.toString(block(c, k0, k1)), "counter word " + w);
        }
        assertNotEquals(Arrays.toString(base), Arrays.toString(block(ctr, k0 ^ 1, k1)), "key word 0");
        assertNotEquals(Arrays.toString(base), Arrays.toString(block(ctr, k0, k1 ^ 1)), "key word 1");
    }
}
