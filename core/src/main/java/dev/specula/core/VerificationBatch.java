package dev.specula.core;

import java.util.Arrays;

/**
 * The input of one batched chain verification: B sequences, each with up to g drafts over a
 * vocabulary of V tokens. Reusable: a decoding loop keeps one batch, points it at the step's
 * logits and sets the drafts; nothing here is proportional to V.
 *
 * <ul>
 *   <li>{@link #target(FloatRows) target}: B x (g+1) x V logits; row i of a sequence scores the
 *       token after its i-th draft, row {@code draftCount} gives the bonus.
 *   <li>{@link #draftDistribution(DraftDistribution) draftDistribution}: what is known of q (logits, probabilities, or
 *       one-hot); default one-hot.
 *   <li>per sequence: the draft tokens and their number (0..g), the target's and the draft's
 *       {@link SamplingSettings} (default temperature 1), and the random stream: seed, stream id
 *       and step (see {@link RandomStreams}). Give each sequence a stream id that stays with it
 *       (for example its request id) and advance its step every call; the default stream id is
 *       the batch slot and the default step 0.
 * </ul>
 *
 * <pre>{@code
 * var batch = new VerificationBatch(1, 4, vocab)
 *         .target(FloatRows.of(targetLogits, 1, 5, vocab))
 *         .draftDistribution(DraftDistribution.oneHot())
 *         .drafts(0, 17, 4, 99)              // three n-gram drafts for sequence 0
 *         .settings(SamplingSettings.temperature(0.7f))
 *         .seedAll(42).step(0, step);
 * }</pre>
 *
 * <p>Setters check their arguments at once; {@link #validate()} checks the whole batch and is
 * called by every verifier before any work. A batch is not thread-safe.
 */
public final class VerificationBatch {
    private final int sequences;
    private final int maxDrafts;
    private final int vocabSize;

    private FloatRows target;
    private DraftDistribution draftDistribution = DraftDistribution.oneHot();
    private final int[] draftCounts;
    private final int[] draftTokens;
    private final double[] draftLogProbabilities;
    private final SamplingSettings[] settings;
    private final SamplingSettings[] draftSettings;
    private final long[] seeds;
    private final int[] streams;
    private final long[] steps;

    /**
     * @param sequences B, {@code >= 1}
     * @param maxDrafts g, the largest number of drafts of any sequence, {@code >= 0}
     * @param vocabSize V, {@code >= 1}
     */
    public VerificationBatch(int sequences, int maxDrafts, int vocabSize) {
        if (sequences < 1) throw new IllegalArgumentException("sequences must be >= 1, got " + sequences);
        if (maxDrafts < 0 || maxDrafts >= RandomStreams.MAX_POSITIONS) {
            throw new IllegalArgumentException("maxDrafts must be in [0, " + RandomStreams.MAX_POSITIONS + "), got " + maxDrafts);
        }
        if (vocabSize < 1) throw new IllegalArgumentException("vocabSize must be >= 1, got " + vocabSize);
        this.sequences = sequences;
        this.maxDrafts = maxDrafts;
        this.vocabSize = vocabSize;
        this.draftCounts = new int[sequences];
        this.draftTokens = new int[sequences * maxDrafts];
        this.draftLogProbabilities = new double[sequences * maxDrafts];
        Arrays.fill(draftLogProbabilities, Double.NaN);
        this.settings = new SamplingSettings[sequences];
        this.draftSettings = new SamplingSettings[sequences];
        Arrays.fill(settings, SamplingSettings.DEFAULT);
        Arrays.fill(draftSettings, SamplingSettings.DEFAULT);
        this.seeds = new long[sequences];
        this.streams = new int[sequences];
        for (int b = 0; b < sequences; b++) streams[b] = b;
        this.steps = new long[sequences];
    }

    public int sequences() {
        return sequences;
    }

    public int maxDrafts() {
        return maxDrafts;
    }

    public int vocabSize() {
        return vocabSize;
    }

    // ---- rows ------------------------------------------------------------------------------

    /** Sets the target logits: B x (at least g+1) x V. */
    public VerificationBatch target(FloatRows rows) {
        requireShape("target logits", rows, maxDrafts + 1);
        this.target = rows;
        return this;
    }

    /** Sets what is known of the draft distributions q; rows must be B x (at least g) x V. */
    public VerificationBatch draftDistribution(DraftDistribution distribution) {
        switch (distribution) {
            case null -> throw new IllegalArgumentException("draft distribution is null");
            case DraftDistribution.Logits l -> requireShape("draft logits", l.rows(), maxDrafts);
            case DraftDistribution.Probabilities p -> requireShape("draft probabilities", p.rows(), maxDrafts);
            case DraftDistribution.OneHot o -> { }
        }
        this.draftDistribution = distribution;
        return this;
    }

    /** The target logits, or null before they are set. */
    public FloatRows target() {
        return target;
    }

    /** What is known of the draft distributions q; one-hot unless set. */
    public DraftDistribution draftDistribution() {
        return draftDistribution;
    }

    // ---- per-sequence drafts ---------------------------------------------------------------

    /** Sets sequence b's drafts: their number is {@code tokens.length}, which must be at most g. */
    public VerificationBatch drafts(int b, int... tokens) {
        checkSequence(b);
        if (tokens.length > maxDrafts) {
            throw new IllegalArgumentException("sequence " + b + " has " + tokens.length + " drafts, more than maxDrafts " + maxDrafts);
        }
        for (int i = 0; i < tokens.length; i++) draftToken(b, i, tokens[i]);
        draftCounts[b] = tokens.length;
        return this;
    }

    /** Sets the number of drafts of sequence b, in [0, g]. */
    public VerificationBatch draftCount(int b, int count) {
        checkSequence(b);
        if (count < 0 || count > maxDrafts) {
            throw new IllegalArgumentException("draft count " + count + " of sequence " + b + " is outside [0, " + maxDrafts + "]");
        }
        draftCounts[b] = count;
        return this;
    }

    /** Sets draft token i of sequence b; the draft's log-probability is forgotten. */
    public VerificationBatch draftToken(int b, int i, int token) {
        int at = draftIndex(b, i);
        checkToken(token, "draft token " + i + " of sequence " + b);
        draftTokens[at] = token;
        draftLogProbabilities[at] = Double.NaN;
        return this;
    }

    /**
     * Records log q_i(d_i), the log-probability the drafter gave its own token (as {@link
     * DraftSampler} returns it). Optional: verifiers may use it instead of reading the draft row;
     * the reference verifier checks it against the row and rejects an inconsistent value.
     */
    public VerificationBatch draftLogProbability(int b, int i, double logProbability) {
        int at = draftIndex(b, i);
        if (Double.isNaN(logProbability) || logProbability > 0) {
            throw new IllegalArgumentException("draft log-probability " + logProbability + " of sequence " + b + ", position " + i
                    + " is not a log-probability (must be <= 0)");
        }
        draftLogProbabilities[at] = logProbability;
        return this;
    }

    public int draftCount(int b) {
        checkSequence(b);
        return draftCounts[b];
    }

    public int draftToken(int b, int i) {
        return draftTokens[draftIndex(b, i)];
    }

    /** The recorded log q_i(d_i), or NaN when none was recorded. */
    public double draftLogProbability(int b, int i) {
        return draftLogProbabilities[draftIndex(b, i)];
    }

    // ---- per-sequence settings and random streams ------------------------------------------

    /** Sets the target's settings of every sequence. */
    public VerificationBatch settings(SamplingSettings s) {
        for (int b = 0; b < sequences; b++) settings(b, s);
        return this;
    }

    /** Sets the target's settings of sequence b (temperature 0 = greedy verification). */
    public VerificationBatch settings(int b, SamplingSettings s) {
        checkSequence(b);
        if (s == null) throw new IllegalArgumentException("settings of sequence " + b + " are null");
        settings[b] = s;
        return this;
    }

    /** Sets the draft's settings of every sequence (used with {@link DraftDistribution.Logits}). */
    public VerificationBatch draftSettings(SamplingSettings s) {
        for (int b = 0; b < sequences; b++) draftSettings(b, s);
        return this;
    }

    /** Sets the draft's settings of sequence b (used with {@link DraftDistribution.Logits}). */
    public VerificationBatch draftSettings(int b, SamplingSettings s) {
        checkSequence(b);
        if (s == null) throw new IllegalArgumentException("draft settings of sequence " + b + " are null");
        draftSettings[b] = s;
        return this;
    }

    /** Sets the seed of every sequence. */
    public VerificationBatch seedAll(long seed) {
        Arrays.fill(seeds, seed);
        return this;
    }

    /** Sets the seed of sequence b (a per-request seed). */
    public VerificationBatch seed(int b, long seed) {
        checkSequence(b);
        seeds[b] = seed;
        return this;
    }

    /** Sets the stream id of sequence b; keep it with the sequence when batches are rearranged. */
    public VerificationBatch stream(int b, int streamId) {
        checkSequence(b);
        streams[b] = streamId;
        return this;
    }

    /** Sets the step counter of sequence b. */
    public VerificationBatch step(int b, long step) {
        checkSequence(b);
        steps[b] = step;
        return this;
    }

    /** Sets the step counter of every sequence. */
    public VerificationBatch stepAll(long step) {
        Arrays.fill(steps, step);
        return this;
    }

    /** Advances the step counter of every sequence by one: call it once per verification. */
    public VerificationBatch advanceSteps() {
        for (int b = 0; b < sequences; b++) steps[b]++;
        return this;
    }

    public SamplingSettings settings(int b) {
        checkSequence(b);
        return settings[b];
    }

    public SamplingSettings draftSettings(int b) {
        checkSequence(b);
        return draftSettings[b];
    }

    public long seed(int b) {
        checkSequence(b);
        return seeds[b];
    }

    public int stream(int b) {
        checkSequence(b);
        return streams[b];
    }

    public long step(int b) {
        checkSequence(b);
        return steps[b];
    }

    // ---- validation ------------------------------------------------------------------------

    /**
     * Checks that the batch can be verified: the target is set, every segment is still alive.
     * Shapes, token ids and settings were checked when they were set.
     *
     * @throws IllegalArgumentException if the target logits are missing
     * @throws IllegalStateException if a segment's arena has been closed
     */
    public void validate() {
        if (target == null) throw new IllegalArgumentException("target logits are not set");
        target.requireAlive("target logits");
        switch (draftDistribution) {
            case DraftDistribution.Logits l -> l.rows().requireAlive("draft logits");
            case DraftDistribution.Probabilities p -> p.rows().requireAlive("draft probabilities");
            case DraftDistribution.OneHot o -> { }
        }
    }

    private void requireShape(String what, FloatRows rows, int minRows) {
        if (rows == null) throw new IllegalArgumentException(what + " are null");
        if (rows.sequences() != sequences || rows.vocabSize() != vocabSize || rows.rowsPerSequence() < minRows) {
            throw new IllegalArgumentException(what + " have shape " + rows.sequences() + "x" + rows.rowsPerSequence() + "x"
                    + rows.vocabSize() + " but this batch needs " + sequences + "x" + minRows + "x" + vocabSize
                    + " (B x rows x V)");
        }
    }

    private void checkSequence(int b) {
        if (b < 0 || b >= sequences) {
            throw new IllegalArgumentException("sequence " + b + " is outside [0, " + sequences + ")");
        }
    }

    private int draftIndex(int b, int i) {
        checkSequence(b);
        if (i < 0 || i >= maxDrafts) {
            throw new IllegalArgumentException("draft position " + i + " is outside [0, " + maxDrafts + ")");
        }
        return b * maxDrafts + i;
    }

    private void checkToken(int token, String what) {
        if (token < 0 || token >= vocabSize) {
            throw new IllegalArgumentException(what + " is " + token + ", outside the vocabulary [0, " + vocabSize + ")");
        }
    }
}
