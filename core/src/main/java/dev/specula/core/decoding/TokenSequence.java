package dev.specula.core.decoding;

import java.util.Arrays;

/**
 * A read-only view of a sequence of token ids: the context a {@link DraftSource} drafts from
 * (prompt followed by the tokens generated so far).
 */
public interface TokenSequence {

    /** Number of tokens. */
    int length();

    /**
     * Token {@code index}, {@code 0 <= index < length()}.
     *
     * @throws IndexOutOfBoundsException outside that range
     */
    int get(int index);

    /** The last token; the sequence must not be empty. */
    default int last() {
        return get(length() - 1);
    }

    /** Tokens {@code [from, to)} as a new array. */
    default int[] toArray(int from, int to) {
        int[] out = new int[to - from];
        for (int k = from; k < to; k++) out[k - from] = get(k);
        return out;
    }

    /** All tokens as a new array. */
    default int[] toArray() {
        return toArray(0, length());
    }

    /** A sequence holding a copy of {@code tokens}. */
    static TokenSequence of(int... tokens) {
        int[] copy = tokens.clone();
        return new TokenSequence() {
            @Override
            public int length() {
                return copy.length;
            }

            @Override
            public int get(int index) {
                return copy[index];
            }

            @Override
            public String toString() {
                return Arrays.toString(copy);
            }
        };
    }
}
