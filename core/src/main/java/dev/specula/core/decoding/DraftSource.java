package dev.specula.core.decoding;

/**
 * Where draft tokens come from: a smaller model ({@link ModelDrafter}), the context itself
 * ({@link NGramDrafter}), the target's own first layers (a {@link ModelDrafter} over an
 * early-exit view of the target), or anything a user writes.
 *
 * <p>The {@link SpeculativeDecoder} drives a source through one protocol per generation:
 * <ol>
 *   <li>{@link #attach} once, when the decoder is built: the source checks that it fits the
 *       target's vocabulary and prepares room for up to {@code maxDrafts} drafts;
 *   <li>{@link #begin} with the prompt;
 *   <li>then, for every verification that drafts anything: {@link #propose} with the current
 *       context, and — unless generation stops — {@link #accepted} with the number of drafts
 *       the target accepted. The context then has grown by those drafts plus one token of the
 *       target's (a correction or a bonus token), which the next {@code propose} sees.
 * </ol>
 *
 * <p>A proposal is exact to verify only if it says truthfully what the drafts were drawn from:
 * one-hot for deterministic drafts, or the very rows (and, through the decoder's draft
 * settings, the temperature) they were sampled from. See {@link DraftProposal}.
 *
 * <pre>{@code
 * DraftSource lookup = new NGramDrafter(3, 1);
 * DraftSource small = new ModelDrafter(draftModel);
 * }</pre>
 */
public interface DraftSource {

    /**
     * Called once by the decoder's builder.
     *
     * @param vocabularySize the target's vocabulary size
     * @param maxDrafts the largest number of drafts any proposal will ask for
     * @throws IllegalArgumentException if the source cannot draft for this target (for example a
     *     draft model with another vocabulary)
     */
    default void attach(int vocabularySize, int maxDrafts) {}

    /** Starts a new generation whose context is {@code prompt} (at least one token). */
    void begin(TokenSequence prompt);

    /**
     * Proposes up to {@link DraftProposal#limit()} tokens that continue {@code context}, by
     * adding them to {@code proposal}; may propose none.
     */
    void propose(TokenSequence context, DraftProposal proposal);

    /**
     * The first {@code count} drafts of the last proposal were accepted and are now part of the
     * context, followed by one token from the target.
     */
    void accepted(int count);

    /** A short name for reports, e.g. "model", "n-gram". */
    String name();
}
