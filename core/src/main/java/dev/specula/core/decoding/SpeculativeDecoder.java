package dev.specula.core.decoding;

import dev.specula.core.ChainVerifier;
import dev.specula.core.FastVerifier;
import dev.specula.core.FloatRows;
import dev.specula.core.RandomStreams;
import dev.specula.core.SamplingSettings;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;

import java.util.Arrays;

/**
 * The speculative decoding loop (Leviathan et al. 2023, arXiv 2211.17192; Chen et al. 2023,
 * arXiv 2302.01318) over a target {@link LanguageModel}, a {@link DraftSource} and any
 * {@link ChainVerifier}, and the plain decoding loop it is compared with.
 *
 * <h2>One step</h2>
 * The target's cache holds every context token but the last. A step
 * <ol>
 *   <li>asks the draft source for up to g drafts d_0..d_{n-1};
 *   <li>runs the target once over the block (last context token, d_0, ..., d_{n-1}): n + 1
 *       rows of logits, which go to the verifier as they are, without copying;
 *   <li>verifies: the accepted drafts and one correction or bonus token are emitted, each
 *       passed to the {@link TokenListener} and checked against the stop conditions;
 *   <li>rolls the target's cache back to the context minus its new last token, and tells the
 *       draft source how many drafts were accepted;
 *   <li>with an {@link AdaptiveDraftLength}, picks the next g from the measured acceptance.
 * </ol>
 * The number of drafts is also capped so that no work is done past the token limit or the
 * target's context length. The output follows the target's distribution under {@link
 * Builder#settings} exactly, whatever the drafts; with a greedy target it is the greedy
 * decoding of the target, token for token.
 *
 * <h2>Random numbers: reproducible and comparable</h2>
 * All randomness is {@link RandomStreams}' with the decoder's seed and stream id. The
 * <em>step</em> of a verification is the number of tokens generated before it (so steps grow
 * by at least one per verification and are never reused), and within it:
 * <ul>
 *   <li>draft i is sampled with {@code draftUniform(seed, stream, step, i)} ({@link
 *       DraftProposal#uniform});
 *   <li>the verifier uses {@code acceptUniform(seed, stream, step, i)} for the test of draft i
 *       and {@code sampleUniform(seed, stream, step, i)} for the correction at a rejected
 *       position i or the bonus token at i = n.
 * </ul>
 * {@link #generatePlain Plain decoding} is the same loop without drafts: token k is the
 * "bonus" of a verification with no drafts at step k, drawn from the target's row by inverse
 * CDF with {@code sampleUniform(seed, stream, k, 0)}. Both are therefore functions of (seed,
 * stream, prompt, settings) alone, and greedy speculative decoding equals greedy plain decoding.
 *
 * <pre>{@code
 * SpeculativeDecoder decoder = SpeculativeDecoder.builder(target)
 *         .draftSource(new ModelDrafter(draftModel))
 *         .settings(SamplingSettings.temperature(0.8f))
 *         .draftSettings(SamplingSettings.temperature(1.0f))
 *         .draftLength(4)
 *         .stopTokens(eos)
 *         .seed(42)
 *         .build();
 * Generation out = decoder.generate(prompt, 200, token -> { System.out.print(text(token)); return true; });
 * System.out.println(out.stats());
 * }</pre>
 *
 * <p>The decoder uses but does not own the models, the draft source and the verifier. It is not
 * thread-safe; a generation starts by rolling the target's cache back to empty.
 */
public final class SpeculativeDecoder {
    private final LanguageModel target;
    private final ChainVerifier verifier;
    private final DraftSource draftSource;
    private final SamplingSettings settings;
    private final SamplingSettings draftSettings;
    private final int draftLength;
    private final AdaptiveDraftLength adaptive;
    private final long seed;
    private final int stream;
    private final int[] stopTokens;
    private final int vocabularySize;
    private final int maxDrafts;

    // Reused from step to step: a batch per draft count (its g is the count), one result, the proposal.
    private final VerificationBatch[] batches;
    private final VerificationResult result;
    private final DraftProposal proposal;
    private final int[] block;

    private SpeculativeDecoder(Builder b) {
        this.target = b.target;
        this.verifier = b.verifier != null ? b.verifier : new FastVerifier();
        this.draftSource = b.draftSource;
        this.settings = b.settings;
        this.draftSettings = b.draftSettings;
        this.adaptive = b.adaptive;
        this.maxDrafts = adaptive != null ? adaptive.max() : b.draftLength;
        this.draftLength = adaptive != null ? Math.clamp(b.draftLength, adaptive.min(), adaptive.max()) : b.draftLength;
        this.seed = b.seed;
        this.stream = b.stream;
        this.vocabularySize = target.vocabularySize();
        if (vocabularySize < 1) throw new IllegalArgumentException("the target's vocabulary size is " + vocabularySize);
        if (target.contextLength() < 2) throw new IllegalArgumentException("the target's context length is " + target.contextLength());
        this.stopTokens = b.stopTokens.clone();
        for (int token : stopTokens) checkToken(token, "stop token");
        if (draftSource != null) draftSource.attach(vocabularySize, maxDrafts);
        this.batches = new VerificationBatch[maxDrafts + 1];
        this.result = new VerificationResult(1, maxDrafts);
        this.proposal = new DraftProposal(vocabularySize, maxDrafts);
        this.block = new int[maxDrafts + 1];
    }

    /** A builder for a decoder over {@code target}. */
    public static Builder builder(LanguageModel target) {
        return new Builder(target);
    }

    /** Speculative decoding of up to {@code maxNewTokens} tokens after {@code prompt}. */
    public Generation generate(int[] prompt, int maxNewTokens) {
        return generate(prompt, maxNewTokens, TokenListener.NONE);
    }

    /**
     * Speculative decoding of up to {@code maxNewTokens} tokens after {@code prompt}, each
     * handed to {@code listener} as soon as it is verified.
     *
     * @throws IllegalStateException if the decoder was built without a draft source
     * @throws IllegalArgumentException if the prompt is empty, has a token outside the
     *     vocabulary, or leaves no room in the target's context; if maxNewTokens &lt; 1
     */
    public Generation generate(int[] prompt, int maxNewTokens, TokenListener listener) {
        if (draftSource == null) throw new IllegalStateException("no draft source was given to the builder; use generatePlain");
        return run(prompt, maxNewTokens, listener, draftSource);
    }

    /** Plain decoding (no drafts) with the same target, settings, verifier and random streams. */
    public Generation generatePlain(int[] prompt, int maxNewTokens) {
        return generatePlain(prompt, maxNewTokens, TokenListener.NONE);
    }

    /**
     * Plain decoding (no drafts) with the same target, settings, verifier and random streams:
     * token k is drawn with {@code sampleUniform(seed, stream, k, 0)}.
     */
    public Generation generatePlain(int[] prompt, int maxNewTokens, TokenListener listener) {
        return run(prompt, maxNewTokens, listener, null);
    }

    private Generation run(int[] prompt, int maxNewTokens, TokenListener listener, DraftSource source) {
        checkPrompt(prompt);
        if (maxNewTokens < 1) throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
        if (listener == null) throw new IllegalArgumentException("listener is null (use TokenListener.NONE)");
        int contextLength = target.contextLength();
        TokenBuffer context = new TokenBuffer(prompt, (int) Math.min(contextLength, (long) prompt.length + maxNewTokens));
        var stats = new DecodingStats.Recorder(source == null ? "none" : source.name(), source == null ? 0 : maxDrafts);

        long t = System.nanoTime();
        target.rollback(0);
        if (prompt.length > 1) target.forward(prompt, 0, prompt.length - 1);
        if (source != null) source.begin(context);
        stats.prefillNanos = System.nanoTime() - t;

        int g = source == null ? 0 : draftLength;
        double acceptedWeight = 0, testedWeight = 0;   // the decayed sums of the adaptive rule
        int generated = 0;
        StopReason reason = null;
        stats.startLoop();
        while (reason == null) {
            int n = context.length();
            int limit = Math.min(g, Math.min(maxNewTokens - generated - 1, contextLength - n - 1));
            proposal.reset(Math.max(0, limit), draftSettings, seed, stream, generated);
            if (limit > 0) {
                t = System.nanoTime();
                source.propose(context, proposal);
                stats.draftNanos += System.nanoTime() - t;
            }
            int drafts = proposal.count();
            requireConsistent(proposal);

            block[0] = context.last();
            for (int i = 0; i < drafts; i++) block[i + 1] = proposal.token(i);
            t = System.nanoTime();
            FloatRows rows = target.forward(block, 0, drafts + 1);
            stats.targetNanos += System.nanoTime() - t;
            requireRows(rows, drafts + 1);

            VerificationBatch batch = batch(drafts, rows);
            t = System.nanoTime();
            verifier.verify(batch, result);
            stats.verifyNanos += System.nanoTime() - t;
            int accepted = result.accepted(0);
            stats.verification(drafts, accepted);

            long listenerStart = System.nanoTime();
            for (int k = 0; k <= accepted && reason == null; k++) {
                int token = result.emitted(0, k);
                if (isStopToken(token)) {
                    reason = StopReason.STOP_TOKEN;
                    break;
                }
                context.append(token);
                generated++;
                if (!listener.onToken(token)) reason = StopReason.LISTENER;
                else if (generated == maxNewTokens) reason = StopReason.MAX_TOKENS;
                else if (context.length() == contextLength) reason = StopReason.CONTEXT_FULL;
            }
            stats.listenerNanos += System.nanoTime() - listenerStart;

            // Keep the context but its last token in the target's cache.
            t = System.nanoTime();
            target.rollback(context.length() - 1);
            stats.targetNanos += System.nanoTime() - t;
            if (reason != null) break;
            if (drafts > 0) {
                t = System.nanoTime();
                source.accepted(accepted);
                stats.draftNanos += System.nanoTime() - t;
                if (adaptive != null) {
                    int tested = Math.min(drafts, accepted + 1);
                    acceptedWeight = adaptive.decay() * acceptedWeight + accepted;
                    testedWeight = adaptive.decay() * testedWeight + tested;
                    g = adaptive.choose(acceptedWeight / testedWeight);
                }
            }
        }
        stats.endLoop();
        stats.generatedTokens = generated;
        return new Generation(context.toArray(prompt.length, context.length()), reason, stats.snapshot());
    }

    /** The verification batch for {@code drafts} drafts, pointed at this step's rows, drafts and random stream. */
    private VerificationBatch batch(int drafts, FloatRows rows) {
        VerificationBatch batch = batches[drafts];
        if (batch == null) {
            batch = batches[drafts] = new VerificationBatch(1, drafts, vocabularySize)
                    .settings(settings).draftSettings(draftSettings).seed(0, seed).stream(0, stream);
        }
        batch.target(rows).step(0, proposal.step()).draftDistribution(proposal.distribution());
        for (int i = 0; i < drafts; i++) {
            batch.draftToken(0, i, proposal.token(i));
            if (proposal.hasRows()) batch.draftLogProbability(0, i, proposal.logProbability(i));
        }
        batch.draftCount(0, drafts);
        return batch;
    }

    /**
     * A draft added with a log-probability but no rows means the source forgot to hand its rows
     * over. One-hot verification would still be exact (it is for drafts chosen in any way), but
     * would accept such drafts less often than their rows allow; the proposal is refused before
     * the target runs.
     */
    private static void requireConsistent(DraftProposal proposal) {
        if (proposal.hasRows()) return;
        for (int i = 0; i < proposal.count(); i++) {
            if (proposal.logProbability(i) != 0) {
                throw new IllegalStateException("draft " + i + " was added with log q = " + proposal.logProbability(i)
                        + " but without the rows it was sampled from: set DraftProposal.distribution");
            }
        }
    }

    private void requireRows(FloatRows rows, int count) {
        if (rows == null || rows.sequences() != 1 || rows.rowsPerSequence() != count || rows.vocabSize() != vocabularySize) {
            throw new IllegalStateException("the target returned " + (rows == null ? "null" : rows.sequences() + "x"
                    + rows.rowsPerSequence() + "x" + rows.vocabSize()) + " rows for " + count + " tokens; expected 1x" + count + "x"
                    + vocabularySize);
        }
    }

    private void checkPrompt(int[] prompt) {
        if (prompt == null || prompt.length == 0) throw new IllegalArgumentException("the prompt is empty: it needs at least one token (e.g. BOS)");
        if (prompt.length >= target.contextLength()) {
            throw new IllegalArgumentException("the prompt has " + prompt.length + " tokens, leaving no room in the target's context of "
                    + target.contextLength());
        }
        for (int token : prompt) checkToken(token, "prompt token");
    }

    private void checkToken(int token, String what) {
        if (token < 0 || token >= vocabularySize) {
            throw new IllegalArgumentException(what + " " + token + " is outside the vocabulary [0, " + vocabularySize + ")");
        }
    }

    private boolean isStopToken(int token) {
        for (int s : stopTokens) if (s == token) return true;
        return false;
    }

    public LanguageModel target() {
        return target;
    }

    /** The draft source, or null for a decoder that only decodes plainly. */
    public DraftSource draftSource() {
        return draftSource;
    }

    public ChainVerifier verifier() {
        return verifier;
    }

    /** The initial (or fixed) draft length. */
    public int draftLength() {
        return draftLength;
    }

    /** The largest number of drafts per verification. */
    public int maxDraftLength() {
        return maxDrafts;
    }

    public SamplingSettings settings() {
        return settings;
    }

    public SamplingSettings draftSettings() {
        return draftSettings;
    }

    public long seed() {
        return seed;
    }

    public int stream() {
        return stream;
    }

    /** Settings of a {@link SpeculativeDecoder}; every setter checks its argument at once. */
    public static final class Builder {
        private final LanguageModel target;
        private ChainVerifier verifier;
        private DraftSource draftSource;
        private SamplingSettings settings = SamplingSettings.DEFAULT;
        private SamplingSettings draftSettings = SamplingSettings.DEFAULT;
        private int draftLength = 4;
        private AdaptiveDraftLength adaptive;
        private long seed;
        private int stream;
        private int[] stopTokens = new int[0];

        private Builder(LanguageModel target) {
            if (target == null) throw new IllegalArgumentException("target model is null");
            this.target = target;
        }

        /** The verifier, any backend; default a single-threaded {@link FastVerifier}, which owns no threads or native memory. */
        public Builder verifier(ChainVerifier verifier) {
            if (verifier == null) throw new IllegalArgumentException("verifier is null");
            this.verifier = verifier;
            return this;
        }

        /** Where drafts come from; needed by {@link #generate}, not by {@link #generatePlain}. */
        public Builder draftSource(DraftSource source) {
            if (source == null) throw new IllegalArgumentException("draft source is null");
            this.draftSource = source;
            return this;
        }

        /** The target's sampling settings: the distribution the output follows (default temperature 1). */
        public Builder settings(SamplingSettings settings) {
            if (settings == null) throw new IllegalArgumentException("settings are null");
            this.settings = settings;
            return this;
        }

        /** The settings drafts are sampled with, e.g. a warmer draft (default temperature 1; ignored by one-hot sources). */
        public Builder draftSettings(SamplingSettings settings) {
            if (settings == null) throw new IllegalArgumentException("draft settings are null");
            this.draftSettings = settings;
            return this;
        }

        /** Drafts per verification g, {@code >= 1} (default 4); with an adaptive rule, the initial g. */
        public Builder draftLength(int g) {
            if (g < 1 || g >= RandomStreams.MAX_POSITIONS) {
                throw new IllegalArgumentException("draft length must be in [1, " + RandomStreams.MAX_POSITIONS + "), got " + g);
            }
            this.draftLength = g;
            return this;
        }

        /** Picks g before every verification from the measured acceptance (see {@link AdaptiveDraftLength}). */
        public Builder adaptiveDraftLength(AdaptiveDraftLength rule) {
            if (rule == null) throw new IllegalArgumentException("adaptive rule is null");
            this.adaptive = rule;
            return this;
        }

        /** The seed of every random number (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The stream id (default 0): generations with different stream ids draw independent numbers. */
        public Builder stream(int stream) {
            this.stream = stream;
            return this;
        }

        /** Tokens that end a generation (for example EOS); they are not part of the output. */
        public Builder stopTokens(int... tokens) {
            if (tokens == null) throw new IllegalArgumentException("stop tokens are null");
            this.stopTokens = tokens.clone();
            return this;
        }

        /**
         * Builds the decoder and attaches the draft source.
         *
         * @throws IllegalArgumentException if a stop token is outside the target's vocabulary, or
         *     the draft source does not fit the target (e.g. another vocabulary)
         */
        public SpeculativeDecoder build() {
            return new SpeculativeDecoder(this);
        }
    }

    @Override
    public String toString() {
        return "SpeculativeDecoder[" + (draftSource == null ? "plain" : draftSource.name()) + ", g " + draftLength
                + (adaptive != null ? " adaptive " + adaptive : "") + ", " + settings + ", draft " + draftSettings + ", verifier "
                + verifier.name() + ", stop " + Arrays.toString(stopTokens) + "]";
    }
}
