package dev.specula.ffm.cuda;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The installed toolkit's {@code cuda.h}, which the header checks read. CI machines have the
 * toolkit, so there a missing header fails the test; elsewhere the test is skipped with the reason.
 */
final class CudaHeader {
    private CudaHeader() {}

    static final Path PATH = Path.of(System.getenv().getOrDefault("CUDA_HOME", "/usr/local/cuda"), "include", "cuda.h");

    static String read() throws IOException {
        if (!Files.isRegularFile(PATH)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(PATH + " is missing: CI machines have the CUDA toolkit (see ENVIRONMENT.md)");
            }
            assumeTrue(false, PATH + " not present: checking the bindings against cuda.h needs the CUDA toolkit's header");
        }
        return Files.readString(PATH);
    }
}
