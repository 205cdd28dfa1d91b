package dev.specula.ffm.cuda;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The safe layer against a real driver and GPU. Skipped, with the reason shown, where
 * {@code libcuda.so.1} is absent (every machine this project is built on) or reports no device.
 */
class CudaDriverTest {
    /** out[i] = a·in[i] + b + (offset + i): one argument of each packed kind. */
    static final String AFFINE_KERNEL = """
            extern "C" __global__ void affine(const float *in, float *out, float a, double b, int n, long long offset) {
                int i = blockIdx.x * blockDim.x + threadIdx.x;
                if (i < n) {
                    out[i] = a * in[i] + (float) b + (float) (offset + i);
                }
            }
            """;

    private static CudaDevice device;
    private static CudaContext context;

    // per test rather than @BeforeAll, so that each skipped test is reported with the reason
    @BeforeEach
    void needADriverAndAGpu() {
        assumeTrue(Cuda.isInstalled(), "libcuda.so.1 not present: CUDA driver tests need an NVIDIA driver");
        assumeTrue(Cuda.deviceCount() > 0, "the CUDA driver reports no GPU: CUDA driver tests need one");
        if (context == null) {
            device = Cuda.device(0);
            context = CudaContext.retainPrimary(device);
        }
    }

    @AfterAll
    static void release() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void deviceProperties() {
        assertFalse(device.name().isBlank());
        assertTrue(device.computeCapabilityMajor() >= 3, device.computeCapability());
        assertTrue(device.multiprocessors() >= 1);
        assertTrue(device.totalMemoryBytes() >= 256L << 20, "total memory " + device.totalMemoryBytes());
        assertEquals(32, device.warpSize());
        assertTrue(device.maxThreadsPerBlock() >= 512 && Integer.bitCount(device.maxThreadsPerBlock()) == 1);
        assertTrue(device.maxSharedMemoryPerBlock() >= 16 * 1024);
        assertTrue(Cuda.driverVersion() >= 11_000, "driver version " + Cuda.driverVersion());
        assertEquals(device, Cuda.devices().get(0));
        assertThrows(IllegalArgumentException.class, () -> Cuda.device(Cuda.deviceCount()));
    }

    @Test
    void synchronousCopiesRoundTrip() {
        try (Arena arena = Arena.ofConfined(); CudaBuffer buffer = context.allocate(4096)) {
            MemorySegment pattern = arena.allocate(4096);
            for (int i = 0; i < 4096; i++) {
                pattern.set(JAVA_BYTE, i, (byte) (i * 7 + 3));
            }
            buffer.write(0, pattern);
            MemorySegment back = arena.allocate(4096);
            buffer.read(0, back);
            assertArrayEquals(pattern.toArray(JAVA_BYTE), back.toArray(JAVA_BYTE));

            MemorySegment middle = arena.allocate(100);
            buffer.read(1000, middle);
            assertArrayEquals(pattern.asSlice(1000, 100).toArray(JAVA_BYTE), middle.toArray(JAVA_BYTE));

            buffer.fill((byte) 0x5A);
            buffer.read(0, back);
            for (int i = 0; i < 4096; i++) {
                assertEquals((byte) 0x5A, back.get(JAVA_BYTE, i), "byte " + i);
            }
        }
    }

    @Test
    void asynchronousCopiesOnAStream() {
        try (Arena arena = Arena.ofConfined(); CudaBuffer buffer = context.allocate(1 << 16);
             CudaStream stream = context.createStream()) {
            MemorySegment source = arena.allocate(1 << 16);
            for (int i = 0; i < (1 << 14); i++) {
                source.setAtIndex(JAVA_INT, i, i * 31 + 17);
            }
            MemorySegment back = arena.allocate(1 << 16);
            buffer.writeAsync(0, source, stream);
            buffer.readAsync(0, back, stream);
            stream.synchronize();
            assertArrayEquals(source.toArray(JAVA_INT), back.toArray(JAVA_INT));
        }
    }

    @Test
    void aWrappedPointerSharesTheOwnersMemoryAndDoesNotFreeIt() {
        try (Arena arena = Arena.ofConfined(); CudaBuffer owner = context.allocate(1024)) {
            owner.fill((byte) 0);
            MemorySegment ones = arena.allocate(256).fill((byte) 1);
            try (CudaBuffer view = context.wrap(owner.devicePointer() + 512, 256)) {
                assertFalse(view.ownsMemory());
                view.write(0, ones);
            }
            MemorySegment back = arena.allocate(1024);
            owner.read(0, back);  // still allocated after the wrapper closed
            for (int i = 0; i < 1024; i++) {
                assertEquals(i >= 512 && i < 768 ? 1 : 0, back.get(JAVA_BYTE, i), "byte " + i);
            }
        }
    }

    @Test
    void kernelFromPtxRunsWithEveryArgumentKind() throws IOException, InterruptedException {
        assumeTrue(device.computeCapabilityMajor() * 10 + device.computeCapabilityMinor() >= 75,
                "the test kernel's PTX targets compute_75, the oldest target of CUDA 13's nvcc");
        String ptx = compileWithNvcc(AFFINE_KERNEL);
        int n = 1000;
        int padding = 8;
        try (Arena arena = Arena.ofConfined();
             CudaModule module = context.loadModule(ptx);
             CudaBuffer in = context.allocate(4L * n);
             CudaBuffer out = context.allocate(4L * (n + padding));
             CudaStream stream = context.createStream();
             CudaEvent start = context.createEvent();
             CudaEvent end = context.createEvent()) {
            MemorySegment input = arena.allocate(JAVA_FLOAT, n);
            for (int i = 0; i < n; i++) {
                input.setAtIndex(JAVA_FLOAT, i, i);
            }
            in.write(0, input);
            out.fill((byte) 0xFF);  // NaN everywhere: the padding must stay so

            start.record(stream);
            module.function("affine").launch(LaunchConfig.linear(n, 128), stream,
                    KernelArguments.of(in, out, 2.0f, 0.5d, n, 1000L));
            end.record(stream);
            end.synchronize();

            MemorySegment result = arena.allocate(JAVA_FLOAT, n + padding);
            out.read(0, result);
            for (int i = 0; i < n; i++) {
                // 2·i + 0.5 + 1000 + i, exact in float for i < 1000
                assertEquals(3.0f * i + 1000.5f, result.getAtIndex(JAVA_FLOAT, i), "out[" + i + "]");
            }
            for (int i = n; i < n + padding; i++) {
                assertEquals(0xFFFFFFFF, result.getAtIndex(JAVA_INT, i), "padding " + i + " was written");
            }
            assertTrue(end.elapsedMillisSince(start) >= 0);
        }
    }

    @Test
    void brokenPtxAndMissingKernelsAreNamedErrors() throws IOException, InterruptedException {
        CudaException broken = assertThrows(CudaException.class, () -> context.loadModule(".version 8.0\n.target sm_75\nthis is not ptx"));
        assertTrue(Set.of("CUDA_ERROR_INVALID_PTX", "CUDA_ERROR_INVALID_IMAGE").contains(broken.name()), broken.getMessage());

        assumeTrue(device.computeCapabilityMajor() * 10 + device.computeCapabilityMinor() >= 75, "needs compute_75");
        CudaModule module = context.loadModule(compileWithNvcc(AFFINE_KERNEL));  // the context closes it if a check fails
        CudaException missing = assertThrows(CudaException.class, () -> module.function("no_such_kernel"));
        assertEquals("CUDA_ERROR_NOT_FOUND", missing.name());
        CudaFunction affine = module.function("affine");
        module.close();
        assertThrows(IllegalStateException.class, () -> affine.launch(LaunchConfig.linear(1, 1), new KernelArguments()));
    }

    @Test
    void closingAContextClosesWhatItCreated() {
        CudaContext second = CudaContext.retainPrimary(device);  // the same primary context, retained twice
        CudaBuffer buffer = second.allocate(64);
        CudaStream stream = second.createStream();
        CudaEvent event = second.createEvent();
        second.close();
        assertTrue(buffer.isClosed() && stream.isClosed() && event.isClosed());
        assertThrows(IllegalStateException.class, () -> second.allocate(64));
        try (CudaBuffer stillWorks = context.allocate(64)) {  // the first retain keeps the context alive
            stillWorks.fill((byte) 1);
        }
    }

    private static String compileWithNvcc(String source) throws IOException, InterruptedException {
        assumeTrue(Nvcc.isInstalled(), Nvcc.PATH + " not present: the kernel test compiles its PTX with the CUDA toolkit");
        return Nvcc.compileToPtx(source);
    }
}
