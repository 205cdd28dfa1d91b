package dev.specula.benchmarks.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.core.FloatRows;
import dev.specula.examples.llama.LlamaModel;
import dev.specula.examples.llama.ModelFiles;
import dev.specula.examples.llama.Tokenizer;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The real-model dataset: recorded from stories260K and its Q8_0 copy. Needs the model files
 * (../shared/models); without them the test is skipped with the reason, except under CI=true,
 * where it fails.
 */
class StoriesRecorderTest {
    private static Path require(String name) {
        return ModelFiles.find(name).orElseGet(() -> {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new AssertionError("CI=true and " + ModelFiles.notFound(name));
            Assumptions.abort(ModelFiles.notFound(name));
            return null;
        });
    }

    @Test
    void recordsFiniteTargetAndDraftRowsOfTheSameContexts() throws IOException {
        Path target = require(StoriesRecorder.TARGET), draft = require(StoriesRecorder.DRAFT);
        int points = 12, g = 3;
        try (Arena arena = Arena.ofShared(); LlamaModel p = LlamaModel.load(target); LlamaModel q = LlamaModel.load(draft)) {
            StoriesRecorder.RecordedRows rows = StoriesRecorder.record(arena, points, g, 9);
            assertShape(rows.target(), points, g + 1, 512);
            assertShape(rows.drafts(), points, g, 512);
            for (int b = 0; b < points; b++) {
                for (int r = 0; r <= g; r++) {
                    for (int v = 0; v < 512; v++) assertTrue(Float.isFinite(rows.target().get(b, r, v)), "target " + b + "," + r + "," + v);
                }
                for (int i = 0; i < g; i++) {
                    boolean differs = false;
                    for (int v = 0; v < 512; v++) {
                        assertTrue(Float.isFinite(rows.drafts().get(b, i, v)), "draft " + b + "," + i + "," + v);
                        differs |= rows.drafts().get(b, i, v) != rows.target().get(b, i, v);
                    }
                    assertTrue(differs, "point " + b + " row " + i + ": the Q8_0 draft row equals the target row");
                }
            }
            // The first point's context is BOS alone: its row 0 is what each model gives for BOS.
            FloatRows first = p.forward(new int[] {Tokenizer.BOS}, 0, 1);
            FloatRows firstDraft = q.forward(new int[] {Tokenizer.BOS}, 0, 1);
            for (int v = 0; v < 512; v++) {
                assertEquals(first.get(0, 0, v), rows.target().get(0, 0, v), 0f, "target row 0 of point 0, token " + v);
                assertEquals(firstDraft.get(0, 0, v), rows.drafts().get(0, 0, v), 0f, "draft row 0 of point 0, token " + v);
            }
        }
    }

    @Test
    void isDeterministicInItsSeed() throws IOException {
        require(StoriesRecorder.TARGET);
        require(StoriesRecorder.DRAFT);
        try (Arena arena = Arena.ofShared()) {
            StoriesRecorder.RecordedRows a = StoriesRecorder.record(arena, 4, 2, 1), b = StoriesRecorder.record(arena, 4, 2, 1);
            for (int s = 0; s < 4; s++) {
                for (int v = 0; v < 512; v++) assertEquals(a.target().get(s, 2, v), b.target().get(s, 2, v), 0f);
            }
        }
    }

    private static void assertShape(FloatRows rows, int sequences, int perSequence, int vocab) {
        assertEquals(sequences, rows.sequences());
        assertEquals(perSequence, rows.rowsPerSequence());
        assertEquals(vocab, rows.vocabSize());
    }
}
