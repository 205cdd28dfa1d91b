package dev.specula.ffm.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The CUDA toolkit's nvcc, which turns the tests' CUDA C++ kernels into PTX. */
final class Nvcc {
    private Nvcc() {}

    static final Path PATH = Path.of(System.getenv().getOrDefault("CUDA_HOME", "/usr/local/cuda"), "bin", "nvcc");

    static boolean isInstalled() {
        return Files.isExecutable(PATH);
    }

    /** PTX for compute_75, the oldest target CUDA 13 supports, so any newer GPU can JIT it. */
    static String compileToPtx(String source) throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory("specula-nvcc");
        try {
            Path cu = Files.writeString(folder.resolve("kernel.cu"), source);
            Path ptx = folder.resolve("kernel.ptx");
            Process process = new ProcessBuilder(PATH.toString(), "-ptx", "-arch=compute_75", "-o", ptx.toString(), cu.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "nvcc did not finish");
            assertEquals(0, process.exitValue(), "nvcc failed:\n" + output);
            return Files.readString(ptx);
        } finally {
            try (var files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(folder);
        }
    }
}
