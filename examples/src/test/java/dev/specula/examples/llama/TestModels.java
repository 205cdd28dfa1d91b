package dev.specula.examples.llama;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;

/**
 * The shared real model files for tests: found through {@link ModelFiles}; when one is missing a
 * test is skipped with the reason, except under CI (env {@code CI=true}), where it fails.
 */
public final class TestModels {
    public static final String STORIES = "stories260K.bin";
    public static final String STORIES_Q8 = "stories260K_q80.bin";
    public static final String TOKENIZER = "tok512.bin";

    private TestModels() {
    }

    public static Path require(String fileName) {
        return ModelFiles.find(fileName).orElseGet(() -> {
            String message = ModelFiles.notFound(fileName);
            if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail("CI=true and " + message);
            Assumptions.abort(message);
            throw new AssertionError("unreachable");
        });
    }

    /** Index of the largest of {@code vocab} floats in row {@code row} (the first on ties). */
    static int argmax(dev.specula.core.FloatRows rows, int row) {
        int best = 0;
        for (int v = 1; v < rows.vocabSize(); v++) if (rows.get(0, row, v) > rows.get(0, row, best)) best = v;
        return best;
    }
}
