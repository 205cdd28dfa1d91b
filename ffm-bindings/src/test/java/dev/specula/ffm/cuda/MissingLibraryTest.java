package dev.specula.ffm.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.ffm.NativeLibraryNotFoundException;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Without the CUDA driver or NVRTC, every call fails with {@link NativeLibraryNotFoundException}
 * saying what to install — the first time and every time after (a failed static initialiser would
 * turn the second call into a {@link NoClassDefFoundError}). The libraries are pointed at files
 * that do not exist, in a fresh JVM, so the test runs the same with or without a GPU.
 */
class MissingLibraryTest {
    private static List<String[]> lines;

    @BeforeAll
    static void runProbeWithoutLibraries() throws IOException, InterruptedException, URISyntaxException {
        String classes = Path.of(Cuda.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String testClasses = Path.of(MissingLibraryProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dspecula.cuda.library=/nonexistent/specula-test/libcuda.so.1",
                "-Dspecula.nvrtc.library=/nonexistent/specula-test/libnvrtc.so.13",
                "-cp", classes + File.pathSeparator + testClasses,
                MissingLibraryProbe.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "probe did not finish");
        assertEquals(0, process.exitValue(), output);
        lines = new ArrayList<>();
        output.lines().forEach(line -> lines.add(line.split("\t", 3)));
        assertEquals(5, lines.size(), output);
    }

    @Test
    void driverCallsReportTheMissingDriverEveryTime() {
        for (String[] line : List.of(lines.get(0), lines.get(2))) {
            assertEquals("driver", line[0]);
            assertEquals(NativeLibraryNotFoundException.class.getName(), line[1], line[2]);
            assertTrue(line[2].contains("/nonexistent/specula-test/libcuda.so.1"), line[2]);
            assertTrue(line[2].contains("-Dspecula.cuda.library"), line[2]);
            assertTrue(line[2].contains("NVIDIA driver"), line[2]);
        }
    }

    @Test
    void nvrtcCallsReportTheMissingCompilerEveryTime() {
        for (String[] line : List.of(lines.get(1), lines.get(3))) {
            assertEquals("nvrtc", line[0]);
            assertEquals(NativeLibraryNotFoundException.class.getName(), line[1], line[2]);
            assertTrue(line[2].contains("/nonexistent/specula-test/libnvrtc.so.13"), line[2]);
            assertTrue(line[2].contains("-Dspecula.nvrtc.library"), line[2]);
            assertTrue(line[2].contains("nvrtc"), line[2]);
        }
    }

    @Test
    void availabilityChecksAnswerFalseWithoutThrowing() {
        assertEquals("installed", lines.get(4)[0]);
        assertEquals("OK", lines.get(4)[1]);
        assertEquals("false false", lines.get(4)[2]);
    }
}
