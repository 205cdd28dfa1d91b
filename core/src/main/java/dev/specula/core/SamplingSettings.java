package dev.specula.core;

/**
 * How a distribution is formed from a row of logits: temperature, then optional truncation by
 * top-k, top-p (nucleus) and min-p, then renormalisation.
 *
 * <pre>{@code
 * SamplingSettings warm = SamplingSettings.temperature(0.8f);
 * SamplingSettings nucleus = SamplingSettings.temperature(0.8f).withTopK(50).withTopP(0.9f);
 * SamplingSettings minP = SamplingSettings.DEFAULT.withMinP(0.05f);
 * SamplingSettings greedy = SamplingSettings.GREEDY;
 * }</pre>
 *
 * <h2>The order, and why</h2>
 * With z the logits and T the temperature, the steps are applied in this order:
 * <ol>
 *   <li><b>temperature</b>: p = softmax(z / T);
 *   <li><b>top-k</b>: keep the k most probable tokens;
 *   <li><b>top-p</b>: of those, keep the most probable tokens until their mass, renormalised over
 *       the top-k set, reaches p;
 *   <li><b>min-p</b>: of those, keep the tokens with p(v) &gt;= min-p &times; max_w p(w);
 *   <li>renormalise what is kept.
 * </ol>
 * This is the order of Hugging Face transformers ({@code huggingface/transformers},
 * {@code src/transformers/generation/utils.py}, {@code GenerationMixin._get_logits_processor}
 * in the 4.4x releases: {@code TemperatureLogitsWarper}, {@code TopKLogitsWarper},
 * {@code TopPLogitsWarper}, {@code MinPLogitsWarper}, appended in that order). vLLM
 * ({@code vllm-project/vllm}, {@code vllm/v1/sample/sampler.py}, {@code Sampler}: temperature, then
 * the argmax-invariant processors, min-p among them, then {@code apply_top_k_top_p} of
 * {@code vllm/v1/sample/ops/topk_topp_sampler.py}) applies min-p before top-k and top-p. Both give
 * the same distribution for every combination except top-p together with min-p: top-k and min-p
 * commute (both keep a top prefix, and min-p is relative to the most probable token, which
 * renormalisation does not move), and top-p comes after top-k in both. With top-p and min-p
 * together, vLLM renormalises over the min-p set before top-p; here, as in transformers, top-p
 * sees the top-k set and min-p then intersects. All four are ignored when the temperature is 0.
 *
 * <h2>Ties and the threshold: the same rule on every backend</h2>
 * Each step keeps exactly the tokens whose logit is at or above a threshold logit, and every token
 * equal to the threshold is kept: the decision depends on a token's value only, never on its id
 * or position, so a backend can find it without sorting (by counting, or by a select on the
 * values) and backends cannot disagree on tied tokens.
 * <ul>
 *   <li><b>top-k</b> keeps token v iff fewer than k tokens have a logit strictly greater than
 *       z_v. So it keeps the k largest and every token tied with the k-th largest: possibly
 *       more than k tokens, never fewer (unless V &lt; k).
 *   <li><b>top-p</b> keeps token v of the top-k set K iff the mass of the tokens of K with a
 *       logit strictly greater than z_v is less than p &times; mass(K): the smallest top prefix
 *       whose mass reaches p, with the whole tie group at its boundary. The most probable token
 *       is always kept; p = 1 keeps all of K.
 *   <li><b>min-p</b> keeps v iff {@code exp((z_v - max z) / T) >= min-p}, evaluated in double
 *       precision (that expression is monotone in z_v, so it is a threshold on the logit). min-p
 *       = 0 keeps everything; min-p = 1 keeps the arg-max and the tokens tied with it.
 * </ul>
 * Floating point: top-k and min-p decisions are exact and the same everywhere; a top-p decision
 * is a comparison of sums, so implementations that sum in different orders or precisions can
 * differ only for a token whose mass above lies within rounding (about 1e-6 relative) of
 * p &times; mass(K).
 *
 * <p>Temperature 0 means greedy: the distribution is one-hot at the arg-max (the lowest token id
 * among equal maxima), which every truncation keeps. For the target this selects <em>greedy
 * verification</em>: a draft is accepted exactly when it is the target's arg-max, and the emitted
 * token is that arg-max.
 *
 * <p>Draft settings may differ from the target's (a warmer draft, an aggressive top-k):
 * verification stays exact because q is the truncated distribution the draft was sampled from
 * ({@link DraftSampler} samples from it).
 *
 * @param temperature finite and {@code >= 0}
 * @param topK {@code >= 1}, or {@link #NO_TOP_K} (0) for no top-k
 * @param topP in (0, 1]; 1 is no top-p
 * @param minP in [0, 1]; 0 is no min-p
 */
public record SamplingSettings(float temperature, int topK, float topP, float minP) {
    /** The top-k value that means "no top-k". */
    public static final int NO_TOP_K = 0;
    /** Temperature 0: arg-max decoding and greedy verification. */
    public static final SamplingSettings GREEDY = new SamplingSettings(0f);
    /** Temperature 1, no truncation: the model's own distribution. */
    public static final SamplingSettings DEFAULT = new SamplingSettings(1f);

    public SamplingSettings {
        if (!Float.isFinite(temperature) || temperature < 0f) {
            throw new IllegalArgumentException("temperature must be finite and >= 0, got " + temperature);
        }
        if (topK < 0) throw new IllegalArgumentException("top-k must be >= 1 (or " + NO_TOP_K + " for no top-k), got " + topK);
        if (!(topP > 0f && topP <= 1f)) throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        if (!(minP >= 0f && minP <= 1f)) throw new IllegalArgumentException("min-p must be in [0, 1], got " + minP);
    }

    /** Settings with the given temperature and no truncation (temperature 0 = greedy). */
    public SamplingSettings(float temperature) {
        this(temperature, NO_TOP_K, 1f, 0f);
    }

    /** Settings with the given temperature (0 = greedy) and no truncation. */
    public static SamplingSettings temperature(float temperature) {
        return new SamplingSettings(temperature);
    }

    /** These settings with another temperature. */
    public SamplingSettings withTemperature(float temperature) {
        return new SamplingSettings(temperature, topK, topP, minP);
    }

    /** These settings keeping the k most probable tokens (and those tied with the k-th); k {@code >= 1}. */
    public SamplingSettings withTopK(int k) {
        if (k < 1) throw new IllegalArgumentException("top-k must be >= 1, got " + k);
        return new SamplingSettings(temperature, k, topP, minP);
    }

    /** These settings without top-k. */
    public SamplingSettings withoutTopK() {
        return new SamplingSettings(temperature, NO_TOP_K, topP, minP);
    }

    /** These settings with nucleus truncation at mass p, in (0, 1] (1 = none). */
    public SamplingSettings withTopP(float p) {
        return new SamplingSettings(temperature, topK, p, minP);
    }

    /** These settings keeping tokens at least {@code minP} times as probable as the most probable one; in [0, 1] (0 = none). */
    public SamplingSettings withMinP(float minP) {
        return new SamplingSettings(temperature, topK, topP, minP);
    }

    /** Whether this is arg-max decoding (temperature 0). */
    public boolean isGreedy() {
        return temperature == 0f;
    }

    /** Whether top-k is set (and not merely k {@code >= V}, which a row decides). */
    public boolean hasTopK() {
        return topK != NO_TOP_K;
    }

    /**
     * Whether any truncation is set. Greedy settings ignore truncation; a top-k of at least V,
     * top-p 1 and min-p 0 truncate nothing.
     */
    public boolean truncates() {
        return hasTopK() || topP < 1f || minP > 0f;
    }
}
