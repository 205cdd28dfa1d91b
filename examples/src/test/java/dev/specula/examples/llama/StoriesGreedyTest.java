package dev.specula.examples.llama;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The golden test of the forward pass and the tokenizer together: greedy decoding of Karpathy's
 * stories260K from BOS must print the text published with the model (quoted in
 * ../shared/models/README.md). Any error in RMSNorm, RoPE, grouped-query attention (the model has
 * 8 query and 4 kv heads), SwiGLU, the classifier or the decoder changes the argmax somewhere
 * in these ~40 tokens.
 */
class StoriesGreedyTest {
    static final String PUBLISHED = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park."
            + " One day, she saw a big, red ball.";

    @Test
    void greedyDecodingFromBosReproducesThePublishedStory() throws IOException {
        Tokenizer tokenizer = Tokenizer.load(TestModels.require(TestModels.TOKENIZER));
        try (LlamaModel model = LlamaModel.load(TestModels.require(TestModels.STORIES))) {
            assertEquals(CheckpointFormat.LEGACY, model.checkpoint().format());
            assertEquals(new LlamaConfig(64, 172, 5, 8, 4, 512, 512, true), model.config());
            VocabularyMismatchException.check(tokenizer, model);

            StringBuilder text = new StringBuilder();
            Tokenizer.TextStream stream = tokenizer.textStream();
            int token = Tokenizer.BOS;
            stream.next(token);
            for (int step = 0; step < 60 && text.length() < PUBLISHED.length() + 20; step++) {
                token = TestModels.argmax(model.forward(new int[] {token}, 0, 1), 0);
                text.append(stream.next(token));
            }
            assertTrue(text.toString().startsWith(PUBLISHED), () -> "greedy story was: " + text);
        }
    }
}
