package dev.specula.core;

/**
 * How a distribution is formed from a row of logits: {@code p = softmax(z / temperature)}.
 *
 * <p>Temperature 0 means greedy: the distribution is one-hot at the arg-max (the lowest token id
 * among equal maxima). For the target this selects <em>greedy verification</em>: a draft is
 * accepted exactly when it is the target's arg-max, and the emitted token is that arg-max.
 *
 * <pre>{@code
 * SamplingSettings warm = SamplingSettings.temperature(0.8f);
 * SamplingSettings greedy = SamplingSettings.GREEDY;
 * }</pre>
 *
 * @param temperature finite and {@code >= 0}
 */
public record SamplingSettings(float temperature) {
    /** Temperature 0: arg-max decoding and greedy verification. */
    public static final SamplingSettings GREEDY = new SamplingSettings(0f);
    /** Temperature 1: the model's own distribution. */
    public static final SamplingSettings DEFAULT = new SamplingSettings(1f);

    public SamplingSettings {
        if (!Float.isFinite(temperature) || temperature < 0f) {
            throw new IllegalArgumentException("temperature must be finite and >= 0, got " + temperature);
        }
    }

    /** Settings with the given temperature (0 = greedy). */
    public static SamplingSettings temperature(float temperature) {
        return new SamplingSettings(temperature);
    }

    /** Whether this is arg-max decoding (temperature 0). */
    public boolean isGreedy() {
        return temperature == 0f;
    }
}
