package dev.specula.examples.llama;

import dev.specula.core.decoding.LanguageModel;

/**
 * Two parts that must share a vocabulary do not: a draft model and its target, or a tokenizer and
 * its model. Speculative decoding compares the two models' probabilities token id by token id, so
 * their vocabularies must be the same.
 */
public final class VocabularyMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public VocabularyMismatchException(String message) {
        super(message);
    }

    /**
     * @throws VocabularyMismatchException if the draft's vocabulary size differs from the target's
     */
    public static void check(LanguageModel target, LanguageModel draft) {
        if (target.vocabularySize() != draft.vocabularySize()) {
            throw new VocabularyMismatchException("the draft model has " + draft.vocabularySize() + " tokens but the target has "
                    + target.vocabularySize() + ": a draft must share the target's vocabulary (" + draft + " vs " + target + ")");
        }
    }

    /**
     * @throws VocabularyMismatchException if the tokenizer's size differs from the model's vocabulary
     */
    public static void check(Tokenizer tokenizer, LanguageModel model) {
        if (tokenizer.size() != model.vocabularySize()) {
            throw new VocabularyMismatchException("the tokenizer has " + tokenizer.size() + " tokens but the model's vocabulary has "
                    + model.vocabularySize() + " (" + model + ")");
        }
    }
}
