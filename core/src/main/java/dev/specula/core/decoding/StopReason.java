package dev.specula.core.decoding;

/** Why a generation ended. */
public enum StopReason {
    /** The requested number of new tokens was generated. */
    MAX_TOKENS,
    /** The target produced one of the decoder's stop tokens (for example EOS); it is not part of the output. */
    STOP_TOKEN,
    /** The context reached the target's context length. */
    CONTEXT_FULL,
    /** The {@link TokenListener} asked to stop. */
    LISTENER
}
