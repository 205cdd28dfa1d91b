package dev.specula.examples.llama;

import dev.specula.core.FloatRows;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared real files: stories260K in float32 (legacy layout) and its Q8_0 export load to the
 * same model up to quantisation, and the real model's block forward is its token-by-token forward.
 */
class SharedModelsTest {
    static final int STEPS = 200;

    @Test
    void q8CopyAgreesWithTheFloatModelAlongAGreedyStory() throws IOException {
        try (LlamaModel exact = LlamaModel.load(TestModels.require(TestModels.STORIES));
             LlamaModel quantised = LlamaModel.load(TestModels.require(TestModels.STORIES_Q8))) {
            assertEquals(CheckpointFormat.Q8_0, quantised.checkpoint().format());
            assertEquals(32, quantised.checkpoint().groupSize());
            assertEquals(exact.config(), quantised.config());
            VocabularyMismatchException.check(exact, quantised);

            // The float model's greedy story, one token at a time, keeping every row of logits.
            int[] tokens = new int[STEPS + 1];
            tokens[0] = Tokenizer.BOS;
            float[][] exactLogits = new float[STEPS][];
            for (int t = 0; t < STEPS; t++) {
                exactLogits[t] = LlamaModelTest.row(exact.forward(tokens, t, 1), 0);
                tokens[t + 1] = argmax(exactLogits[t]);
            }

            // The Q8_0 model scores the same story in one block (teacher forcing).
            FloatRows q = quantised.forward(tokens, 0, STEPS);
            int agree = 0;
            double worst = 0, scale = 0;
            for (int t = 0; t < STEPS; t++) {
                float[] row = LlamaModelTest.row(q, t);
                if (argmax(row) == tokens[t + 1]) agree++;
                for (int v = 0; v < row.length; v++) {
                    worst = Math.max(worst, Math.abs(row[v] - exactLogits[t][v]));
                    scale = Math.max(scale, Math.abs(exactLogits[t][v]));
                }
            }
            System.out.printf("stories260K Q8_0 vs float32: greedy agreement %d/%d, max |logit difference| %.3g (logit scale %.3g)%n",
                    agree, STEPS, worst, scale);
            // The models' README reports ~99 % agreement; a misread Q8_0 tensor gives chance level (a few %).
            assertTrue(agree >= 0.95 * STEPS, "greedy next tokens agree at " + agree + " of " + STEPS + " positions");
            // Dequantisation moves each weight by at most 1/254 of its group's largest; the logits move by a few % of their scale.
            assertTrue(worst <= 0.1 * scale, "max |logit difference| " + worst + " exceeds 10 % of the logit scale " + scale);
        }
    }

    @Test
    void realModelBlockForwardEqualsTokenByToken() throws IOException {
        try (LlamaModel model = LlamaModel.load(TestModels.require(TestModels.STORIES))) {
            int[] tokens = Tokenizer.load(TestModels.require(TestModels.TOKENIZER))
                    .encode("One day, Tim found a shiny red stone near the river.", true, false);
            float[][] single = LlamaModelTest.oneByOne(model, tokens);
            model.rollback(0);
            FloatRows block = model.forward(tokens, 0, tokens.length);
            for (int r = 0; r < tokens.length; r++) assertArrayEquals(single[r], LlamaModelTest.row(block, r), "position " + r);
        }
    }

    static int argmax(float[] row) {
        int best = 0;
        for (int v = 1; v < row.length; v++) if (row[v] > row[best]) best = v;
        return best;
    }
}
