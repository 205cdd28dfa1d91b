package dev.specula.core.decoding;

import dev.specula.core.DraftDistribution;
import dev.specula.core.DraftSample;
import dev.specula.core.DraftSampler;
import dev.specula.core.FloatRows;
import dev.specula.core.SamplingSettings;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Drafts with another {@link LanguageModel} over the target's vocabulary: a smaller or quantised
 * model, or the target's own first layers (self-speculative decoding, an early-exit view of the
 * target).
 *
 * <p>Draft i is sampled from the draft model's row with the decoder's draft settings and the
 * uniform {@link DraftProposal#uniform(int) uniform(i)} by {@link DraftSampler#sample}, which also
 * returns log q(d_i); the row is copied into the drafter's own buffer (the model's rows are only
 * valid until its next forward) and handed to the verifier with that log-probability, so q is by
 * construction the distribution the draft was drawn from. With greedy draft settings the drafts
 * are the draft model's arg-max and are proposed one-hot, and no row is copied.
 *
 * <p>The draft model's cache follows the context: it holds every context token but the last
 * between proposals. A proposal of n drafts feeds the tokens the cache is missing (the last
 * context token, or after a fully accepted proposal the last draft too) as one block, then n - 1
 * single tokens; {@link #accepted} rolls the cache back to the accepted drafts.
 *
 * <pre>{@code
 * var decoder = SpeculativeDecoder.builder(target)
 *         .draftSource(new ModelDrafter(draftModel))
 *         .draftSettings(SamplingSettings.temperature(1.2f))
 *         .build();
 * }</pre>
 *
 * <p>Not thread-safe; the draft model must not be used by anyone else during a generation.
 */
public final class ModelDrafter implements DraftSource {
    private final LanguageModel draft;
    private FloatRows rows;        // maxDrafts x V copies of the rows the drafts were sampled from
    private int[] scratch = new int[16];
    private int contextAtProposal = -1;
    private int expectedLength = -1;  // the draft cache's length as this drafter left it; -1 before begin

    /** A drafter over {@code draft}, whose vocabulary must be the target's. */
    public ModelDrafter(LanguageModel draft) {
        if (draft == null) throw new IllegalArgumentException("draft model is null");
        this.draft = draft;
    }

    /** The draft model. */
    public LanguageModel model() {
        return draft;
    }

    @Override
    public void attach(int vocabularySize, int maxDrafts) {
        if (draft.vocabularySize() != vocabularySize) {
            throw new IllegalArgumentException("the draft model has a vocabulary of " + draft.vocabularySize()
                    + " tokens but the target has " + vocabularySize + ": a draft model must share the target's vocabulary");
        }
        if (rows == null || rows.rowsPerSequence() < maxDrafts) {
            int n = Math.max(1, maxDrafts);
            // An automatic arena: native (so device backends can read it in place) and freed with the drafter.
            MemorySegment buffer = Arena.ofAuto().allocate((long) n * vocabularySize * Float.BYTES, 64);
            rows = FloatRows.dense(buffer, 1, n, vocabularySize);
        }
    }

    @Override
    public void begin(TokenSequence prompt) {
        if (rows == null) throw new IllegalStateException("the drafter is not attached to a decoder");
        draft.rollback(0);
        int m = prompt.length();
        if (m > 1 && m - 1 <= draft.contextLength()) draft.forward(tokens(prompt, 0, m - 1), 0, m - 1);
        expectedLength = draft.length();
        contextAtProposal = -1;
    }

    @Override
    public void propose(TokenSequence context, DraftProposal proposal) {
        requireInSync();
        int n = context.length();
        int cached = draft.length();
        if (cached > n - 1) throw new IllegalStateException("the draft cache holds " + cached + " tokens, more than the context minus one");
        // Feeding the missing tokens and n - 1 drafts needs n + drafts - 1 positions.
        int limit = Math.min(proposal.limit(), draft.contextLength() - n + 1);
        contextAtProposal = n;
        if (limit <= 0) return;
        SamplingSettings settings = proposal.settings();
        FloatRows out = draft.forward(tokens(context, cached, n), 0, n - cached);
        int row = out.rowsPerSequence() - 1;
        for (int i = 0; i < limit; i++) {
            if (i > 0) {
                scratch[0] = proposal.token(i - 1);
                out = draft.forward(scratch, 0, 1);
                row = 0;
            }
            requireShape(out, i == 0 ? n - cached : 1);
            DraftSample sample = DraftSampler.sample(out, 0, row, settings, proposal.uniform(i));
            if (settings.isGreedy()) {
                proposal.add(sample.token());
            } else {
                MemorySegment.copy(out.segment(), ValueLayout.JAVA_FLOAT, out.rowOffset(0, row) * Float.BYTES,
                        rows.segment(), ValueLayout.JAVA_FLOAT, rows.rowOffset(0, i) * Float.BYTES, rows.vocabSize());
                proposal.add(sample.token(), sample.logProbability());
            }
        }
        if (!settings.isGreedy()) proposal.distribution(DraftDistribution.logits(rows));
        expectedLength = draft.length();
    }

    @Override
    public void accepted(int count) {
        requireInSync();
        if (contextAtProposal < 0) throw new IllegalStateException("accepted(" + count + ") without a proposal");
        // The cache holds the context and the drafts but the last; keep the context and the accepted drafts.
        draft.rollback(Math.min(draft.length(), contextAtProposal + count));
        expectedLength = draft.length();
        contextAtProposal = -1;
    }

    @Override
    public String name() {
        return "model";
    }

    private void requireInSync() {
        if (expectedLength < 0) throw new IllegalStateException("propose before begin");
        if (draft.length() != expectedLength) {
            throw new IllegalStateException("the draft model's cache was changed outside the drafter: it holds " + draft.length()
                    + " tokens, the drafter left " + expectedLength);
        }
    }

    private void requireShape(FloatRows out, int count) {
        if (out.sequences() != 1 || out.rowsPerSequence() != count || out.vocabSize() != rows.vocabSize()) {
            throw new IllegalStateException("the draft model returned " + out.sequences() + "x" + out.rowsPerSequence() + "x"
                    + out.vocabSize() + " rows for " + count + " tokens; expected 1x" + count + "x" + rows.vocabSize());
        }
    }

    private int[] tokens(TokenSequence context, int from, int to) {
        if (scratch.length < to - from) scratch = new int[Math.max(to - from, 2 * scratch.length)];
        for (int k = from; k < to; k++) scratch[k - from] = context.get(k);
        return scratch;
    }
}
