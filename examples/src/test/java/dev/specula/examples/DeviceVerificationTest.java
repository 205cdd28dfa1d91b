package dev.specula.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link DeviceVerification} on PoCL (installed by the test command; the first device). PoCL
 * shares host memory, so the walk-through must show the producer's buffer aliasing the segment,
 * no bytes copied, and the same tokens on the device, on the CPU and from device-only buffers.
 */
class DeviceVerificationTest {
    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = DeviceVerification.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void zeroCopyWalkThroughAgreesWithTheCpu() {
        for (String kernels : new String[] {"java", "handwritten"}) {
            Run r = run("--kernels", kernels, "--batch", "3", "--drafts", "3", "--vocab", "5000");
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(r.out().contains("the segment itself, the device buffer aliases it (no copy)"), r.out());
            assertTrue(r.out().contains("2. verified on the device: 0 bytes of rows copied"), r.out());
            assertTrue(r.out().contains("the fast CPU verifier emits the same tokens"), r.out());
            assertTrue(r.out().contains("verified as DeviceRows: the same tokens"), r.out());
            assertTrue(r.out().contains("kernels: opencl-" + kernels), r.out());
        }
    }

    @Test
    void printsTheGeneratedKernels() {
        Run r = run("--print-kernels", "--batch", "1", "--drafts", "1", "--vocab", "100");
        assertEquals(0, r.status(), r.err());
        for (String kernel : new String[] {"RowStatsKernel", "RowCombineKernel", "AcceptKernel", "SampleTilesKernel", "SamplePickKernel"}) {
            assertTrue(r.out().contains("==== " + kernel + ": OpenCL C generated from dev.specula.kernels.pipeline." + kernel), kernel);
        }
        assertTrue(r.out().contains("__kernel void"), "the listing is OpenCL C");
    }

    @Test
    void badArgumentsAreReportedWithUsage() {
        Run unknownDevice = run("--device", "no-such-device-xyz");
        assertEquals(2, unknownDevice.status());
        assertTrue(unknownDevice.err().contains("no OpenCL device matches 'no-such-device-xyz'"), unknownDevice.err());
        assertTrue(unknownDevice.err().contains("Usage: ./specula verify-on-device"), unknownDevice.err());
        Run badKernels = run("--kernels", "cuda");
        assertEquals(2, badKernels.status());
        assertTrue(badKernels.err().contains("--kernels is java or handwritten"), badKernels.err());
        assertEquals(2, run("--vocab", "0").status());
    }
}
