package dev.specula.core.decoding;

/**
 * The outcome of one generation.
 *
 * @param tokens the generated tokens, without the prompt and without a stop token
 * @param stopReason why generation ended
 * @param stats acceptance, tokens per verification and timings
 */
public record Generation(int[] tokens, StopReason stopReason, DecodingStats stats) {
    public Generation {
        tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }
}
