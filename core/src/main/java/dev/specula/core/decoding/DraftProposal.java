package dev.specula.core.decoding;

import dev.specula.core.DraftDistribution;
import dev.specula.core.FloatRows;
import dev.specula.core.RandomStreams;
import dev.specula.core.SamplingSettings;

/**
 * The drafts of one verification, as a {@link DraftSource} writes them: tokens, and what they
 * were drawn from.
 *
 * <ul>
 *   <li>Deterministic drafts (n-gram lookup, a greedy drafter): {@link #add(int)} each token;
 *       the distribution stays {@linkplain DraftDistribution#oneHot() one-hot}.
 *   <li>Sampled drafts: sample draft i from row i of some rows with {@link #settings()} and the
 *       uniform {@link #uniform(int) uniform(i)} (as {@link dev.specula.core.DraftSampler#sample
 *       DraftSampler.sample} does), {@link #add(int, double)} the token with its
 *       log-probability, and hand the rows over with {@link #distribution}: logits (formed
 *       with {@link #settings()}) or probabilities, 1 sequence x at least {@link #limit()}
 *       rows x V, valid until verification is done.
 * </ul>
 *
 * <p>The random coordinates ({@link #seed()}, {@link #stream()}, {@link #step()}) are the
 * decoder's; drafts drawn with {@link #uniform(int)} are reproducible from the decoder's seed.
 * The decoder reuses one proposal and clears it before every {@code propose}.
 */
public final class DraftProposal {
    private final int vocabularySize;
    private final int[] tokens;
    private final double[] logProbabilities;
    private int count;
    private int limit;
    private DraftDistribution distribution = DraftDistribution.oneHot();
    private SamplingSettings settings = SamplingSettings.DEFAULT;
    private long seed;
    private int stream;
    private long step;

    /** A proposal for a target with {@code vocabularySize} tokens, holding up to {@code capacity} drafts. */
    public DraftProposal(int vocabularySize, int capacity) {
        if (vocabularySize < 1) throw new IllegalArgumentException("vocabularySize must be >= 1, got " + vocabularySize);
        if (capacity < 0 || capacity >= RandomStreams.MAX_POSITIONS) {
            throw new IllegalArgumentException("capacity must be in [0, " + RandomStreams.MAX_POSITIONS + "), got " + capacity);
        }
        this.vocabularySize = vocabularySize;
        this.tokens = new int[capacity];
        this.logProbabilities = new double[capacity];
    }

    /**
     * Clears the proposal for a new verification.
     *
     * @param limit how many drafts may be added, at most the capacity
     * @param settings the draft's sampling settings
     * @param seed the seed, stream id and step of the verification's random numbers
     */
    public DraftProposal reset(int limit, SamplingSettings settings, long seed, int stream, long step) {
        if (limit < 0 || limit > tokens.length) {
            throw new IllegalArgumentException("limit " + limit + " is outside [0, " + tokens.length + "]");
        }
        if (settings == null) throw new IllegalArgumentException("draft settings are null");
        this.limit = limit;
        this.settings = settings;
        this.seed = seed;
        this.stream = stream;
        this.step = step;
        this.count = 0;
        this.distribution = DraftDistribution.oneHot();
        return this;
    }

    /** The largest number of drafts this proposal accepts. */
    public int limit() {
        return limit;
    }

    /** The target's vocabulary size V; draft tokens lie in [0, V). */
    public int vocabularySize() {
        return vocabularySize;
    }

    /** The draft's sampling settings: sampled drafts must be drawn with them. */
    public SamplingSettings settings() {
        return settings;
    }

    public long seed() {
        return seed;
    }

    public int stream() {
        return stream;
    }

    public long step() {
        return step;
    }

    /** The uniform with which draft i is sampled: {@link RandomStreams#draftUniform}(seed, stream, step, i). */
    public double uniform(int i) {
        if (i < 0 || i >= limit) throw new IllegalArgumentException("draft " + i + " is outside [0, " + limit + ")");
        return RandomStreams.draftUniform(seed, stream, step, i);
    }

    /** Adds a deterministic (one-hot) draft. */
    public DraftProposal add(int token) {
        if (!(distribution instanceof DraftDistribution.OneHot)) {
            throw new IllegalStateException("a one-hot draft cannot follow drafts with rows (" + distribution + ")");
        }
        return put(token, 0.0);
    }

    /**
     * Adds a sampled draft and log q(token), the log-probability its row gave it (as {@link
     * dev.specula.core.DraftSample#logProbability()} returns it).
     */
    public DraftProposal add(int token, double logProbability) {
        if (Double.isNaN(logProbability) || logProbability > 0) {
            throw new IllegalArgumentException("draft log-probability must be <= 0, got " + logProbability);
        }
        return put(token, logProbability);
    }

    private DraftProposal put(int token, double logProbability) {
        if (count == limit) throw new IllegalStateException("the proposal is full: its limit is " + limit + " drafts");
        if (token < 0 || token >= vocabularySize) {
            throw new IllegalArgumentException("draft token " + token + " is outside the vocabulary [0, " + vocabularySize + ")");
        }
        tokens[count] = token;
        logProbabilities[count] = logProbability;
        count++;
        return this;
    }

    /**
     * Sets the rows the drafts were sampled from: {@link DraftDistribution.Logits} (formed with
     * {@link #settings()}) or {@link DraftDistribution.Probabilities}, 1 x at least {@link
     * #limit()} x V; or one-hot.
     */
    public DraftProposal distribution(DraftDistribution distribution) {
        switch (distribution) {
            case null -> throw new IllegalArgumentException("draft distribution is null");
            case DraftDistribution.Logits(FloatRows rows) -> requireShape(rows);
            case DraftDistribution.Probabilities(FloatRows rows) -> requireShape(rows);
            case DraftDistribution.OneHot o -> { }
        }
        this.distribution = distribution;
        return this;
    }

    private void requireShape(FloatRows rows) {
        if (rows.sequences() != 1 || rows.rowsPerSequence() < limit || rows.vocabSize() != vocabularySize) {
            throw new IllegalArgumentException("draft rows have shape " + rows.sequences() + "x" + rows.rowsPerSequence() + "x"
                    + rows.vocabSize() + " but this proposal needs 1x" + limit + "x" + vocabularySize);
        }
    }

    /** Number of drafts added. */
    public int count() {
        return count;
    }

    /** Draft i. */
    public int token(int i) {
        return tokens[check(i)];
    }

    /** log q(draft i): 0 for one-hot drafts. */
    public double logProbability(int i) {
        return logProbabilities[check(i)];
    }

    public DraftDistribution distribution() {
        return distribution;
    }

    /** Whether the drafts came with rows (logits or probabilities) rather than one-hot. */
    boolean hasRows() {
        return !(distribution instanceof DraftDistribution.OneHot);
    }

    private int check(int i) {
        if (i < 0 || i >= count) throw new IllegalArgumentException("draft " + i + " is outside [0, " + count + ")");
        return i;
    }
}
