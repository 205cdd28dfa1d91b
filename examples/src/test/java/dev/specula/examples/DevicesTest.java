package dev.specula.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Devices} on this machine: PoCL is installed (the test command installs it; under CI its
 * absence must fail, which the PoCL assertion does) and the CUDA driver may or may not be.
 */
class DevicesTest {

    @Test
    void listsThePoclDevice() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Devices.run(new String[0], new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text + err);
        assertTrue(text.contains("platform: Portable Computing Language"), text);
        assertTrue(text.contains("device: ") && text.contains("(CPU,"), text);
        assertTrue(text.contains("compute units"), text);
        assertTrue(text.lines().anyMatch(line -> line.equals("CUDA")), text);
    }

    @Test
    void aMissingCudaDriverIsReportedNotFatal() throws IOException, InterruptedException {
        // a fresh JVM, because a driver loaded earlier in this one would stay loaded
        String classPath = String.join(File.pathSeparator, List.of(
                System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", "")));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dspecula.cuda.library=/nonexistent/specula-test/libcuda.so.1",
                "-cp", classPath, Devices.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "Devices did not finish");
        assertEquals(0, process.exitValue(), output);
        String cuda = output.substring(output.indexOf("\nCUDA\n"));
        assertTrue(cuda.contains("not installed"), output);
        assertTrue(cuda.contains("/nonexistent/specula-test/libcuda.so.1"), output);
        assertTrue(cuda.contains("NVIDIA driver"), output);
        assertTrue(output.contains("Portable Computing Language"), output);
    }

    @Test
    void helpAndBadArguments() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, Devices.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: ./specula devices"));
        assertEquals(2, Devices.run(new String[] {"--gpu"}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("'--gpu'"));
    }

    @Test
    void byteCountsInBinaryUnits() {
        assertEquals("512 bytes", Devices.bytes(512));
        assertEquals("1.0 KiB", Devices.bytes(1024));
        assertEquals("1.5 MiB", Devices.bytes(3L << 19));
        assertEquals("40.0 GiB", Devices.bytes(40L << 30));
    }
}
