package dev.specula.core.decoding;

/**
 * Sees every generated token as soon as it is final (after verification), in order.
 *
 * <pre>{@code
 * TokenListener print = token -> { System.out.print(tokenizer.decode(token)); return true; };
 * }</pre>
 */
@FunctionalInterface
public interface TokenListener {
    /** Ignores the tokens. */
    TokenListener NONE = token -> true;

    /**
     * Called with each new token.
     *
     * @return true to go on, false to stop after this token
     */
    boolean onToken(int token);
}
