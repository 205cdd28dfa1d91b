package dev.specula.examples;

import dev.specula.examples.llama.ModelFiles;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;

/**
 * The shared real model files, found by {@link ModelFiles}: a test that needs a missing file is
 * skipped with the reason, except under CI ({@code CI=true}), where it fails.
 */
final class RealModels {
    private RealModels() {}

    static Path require(String fileName) {
        return ModelFiles.find(fileName).orElseGet(() -> {
            String message = ModelFiles.notFound(fileName);
            if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail("CI=true and " + message);
            Assumptions.abort(message);
            throw new AssertionError("unreachable");
        });
    }
}
