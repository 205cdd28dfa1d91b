package dev.specula.core.decoding;

import dev.specula.core.FloatRows;

/**
 * An autoregressive language model with a key-value cache, as the decoding loop sees it: it
 * scores a block of tokens in one call and can forget the tail of its cache.
 *
 * <p>The cache holds positions {@code 0..length()-1}. {@link #forward} appends tokens after them
 * and returns one row of next-token logits per appended token; {@link #rollback} drops cached
 * positions, which is how speculative decoding forgets rejected drafts.
 *
 * <pre>{@code
 * FloatRows logits = model.forward(prompt, 0, prompt.length);   // prefill: 1 x prompt.length x V
 * int next = argmax(logits, 0, prompt.length - 1);
 * FloatRows block = model.forward(new int[] {next, d0, d1}, 0, 3); // score drafts in one pass
 * model.rollback(model.length() - 1);                            // forget the last position
 * }</pre>
 *
 * <p>Implementations are not expected to be thread-safe; one decoder drives one model.
 */
public interface LanguageModel {

    /** Number of tokens V; token ids are {@code 0..V-1}. */
    int vocabularySize();

    /** The maximum number of positions the cache can hold. */
    int contextLength();

    /** Number of tokens currently in the cache. */
    int length();

    /**
     * Appends {@code tokens[offset, offset+count)} at positions {@code length()..length()+count-1}
     * and returns their next-token logits: one {@link FloatRows} with 1 sequence x {@code count}
     * rows x {@link #vocabularySize()}, backed by the model's own {@code MemorySegment}, valid
     * until the next {@code forward} or {@code rollback} call. Row r holds the logits of the
     * token that follows position {@code length() + r} (as it was before the call).
     *
     * @throws IllegalArgumentException if the range is outside {@code tokens}, {@code count < 1},
     *     a token id is outside the vocabulary, or the cache would exceed {@link #contextLength()}
     */
    FloatRows forward(int[] tokens, int offset, int count);

    /**
     * Forgets every cached position {@code >= length} ({@code 0 <= length <= length()}).
     *
     * @throws IllegalArgumentException if {@code length} is outside {@code [0, length()]}
     */
    void rollback(int length);
}
