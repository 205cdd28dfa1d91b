package dev.specula.core.decoding;

import java.util.Arrays;
import java.util.Objects;

/** The decoder's growing context: a prompt followed by generated tokens, shown read-only to draft sources. */
final class TokenBuffer implements TokenSequence {
    private int[] tokens;
    private int length;

    TokenBuffer(int[] prompt, int capacity) {
        tokens = Arrays.copyOf(prompt, Math.max(capacity, prompt.length));
        length = prompt.length;
    }

    void append(int token) {
        if (length == tokens.length) tokens = Arrays.copyOf(tokens, Math.max(16, 2 * length));
        tokens[length++] = token;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int get(int index) {
        Objects.checkIndex(index, length);
        return tokens[index];
    }

    @Override
    public String toString() {
        return Arrays.toString(Arrays.copyOf(tokens, length));
    }
}
