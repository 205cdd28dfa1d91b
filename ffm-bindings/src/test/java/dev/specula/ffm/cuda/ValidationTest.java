package dev.specula.ffm.cuda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad input is refused before any driver call. On a machine without a driver a call that reached
 * the driver would throw {@link dev.specula.ffm.NativeLibraryNotFoundException}, so each expected
 * exception type here also proves the check comes first.
 */
class ValidationTest {
    private final CudaContext context = TestDevices.detachedContext();

    @Test
    void dimensionsAndLaunchConfigs() {
        assertThrows(IllegalArgumentException.class, () -> new Dim3(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Dim3(1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new LaunchConfig(Dim3.of(1), Dim3.of(32), -1));
        assertThrows(IllegalArgumentException.class, () -> new LaunchConfig(Dim3.of(1, 65_536), Dim3.of(32), 0));
        assertThrows(IllegalArgumentException.class, () -> new LaunchConfig(Dim3.of(1), new Dim3(1, 1, 65), 0));
        assertThrows(NullPointerException.class, () -> new LaunchConfig(null, Dim3.of(32), 0));
        assertThrows(IllegalArgumentException.class, () -> LaunchConfig.linear(0, 256));
        assertThrows(IllegalArgumentException.class, () -> LaunchConfig.linear(10, 0));
        assertThrows(IllegalArgumentException.class, () -> LaunchConfig.linear(1L << 50, 1));

        LaunchConfig config = LaunchConfig.linear(1000, 256);  // ceil(1000 / 256) = 4 blocks
        assertEquals(new Dim3(4, 1, 1), config.grid());
        assertEquals(new Dim3(256, 1, 1), config.block());
        assertEquals(new Dim3(1, 1, 1), LaunchConfig.linear(256, 256).grid());
        assertEquals(new Dim3(2, 1, 1), LaunchConfig.linear(257, 256).grid());
    }

    @Test
    void launchesBeyondTheDeviceLimitsAreRefused() {
        CudaDevice device = TestDevices.ampere();
        IllegalArgumentException threads = assertThrows(IllegalArgumentException.class,
                () -> new LaunchConfig(Dim3.of(1), Dim3.of(64, 32), 0).checkFits(device));
        assertTrue(threads.getMessage().contains("2048 threads"), threads.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new LaunchConfig(Dim3.of(1), Dim3.of(32), 48 * 1024 + 1).checkFits(device));
        assertDoesNotThrow(() -> new LaunchConfig(Dim3.of(1), Dim3.of(32, 32), 48 * 1024).checkFits(device));
    }

    @Test
    void deviceOrdinalsAndSizes() {
        assertThrows(IllegalArgumentException.class, () -> Cuda.device(-1));
        assertThrows(IllegalArgumentException.class, () -> context.allocate(0));
        assertThrows(IllegalArgumentException.class, () -> context.allocate(-5));
        assertThrows(IllegalArgumentException.class, () -> context.loadModule(" \n"));
        assertThrows(IllegalArgumentException.class, () -> context.loadModule(new byte[0]));
        assertThrows(NullPointerException.class, () -> CudaContext.retainPrimary(null));
    }

    @Test
    void wrappingChecksThePointerAndSize() {
        assertThrows(IllegalArgumentException.class, () -> context.wrap(0, 16));
        assertThrows(IllegalArgumentException.class, () -> context.wrap(0x1000, 0));
        IllegalArgumentException wraps = assertThrows(IllegalArgumentException.class, () -> context.wrap(-16L, 32));
        assertTrue(wraps.getMessage().contains("wraps around"), wraps.getMessage());
        try (CudaBuffer top = context.wrap(-16L, 16)) {  // the last 16 bytes of the address space: fine
            assertEquals(16, top.byteSize());
            assertTrue(!top.ownsMemory());
        }
    }

    @Test
    void copiesAreCheckedAgainstBothSides() {
        try (Arena arena = Arena.ofConfined(); CudaBuffer buffer = context.wrap(0x10000, 64)) {
            MemorySegment host = arena.allocate(32);
            assertThrows(IndexOutOfBoundsException.class, () -> buffer.write(33, host));
            assertThrows(IndexOutOfBoundsException.class, () -> buffer.write(-1, host));
            assertThrows(IndexOutOfBoundsException.class, () -> buffer.read(Long.MAX_VALUE, host));
            assertThrows(IndexOutOfBoundsException.class, () -> buffer.write(0, arena.allocate(65)));
            IllegalArgumentException heap = assertThrows(IllegalArgumentException.class,
                    () -> buffer.write(0, MemorySegment.ofArray(new float[4])));
            assertTrue(heap.getMessage().contains("native"), heap.getMessage());
            assertThrows(IllegalArgumentException.class, () -> buffer.read(0, host.asReadOnly()));
            assertThrows(NullPointerException.class, () -> buffer.write(0, null));
            assertThrows(NullPointerException.class, () -> buffer.writeAsync(0, host, null));
            // an empty copy has nothing to do and must not reach the driver
            assertDoesNotThrow(() -> buffer.write(64, arena.allocate(0)));
            assertDoesNotThrow(() -> buffer.read(10, arena.allocate(0)));
        }
    }

    @Test
    void useAfterCloseIsAClearError() {
        CudaBuffer buffer = context.wrap(0x10000, 64);
        buffer.close();
        buffer.close();  // idempotent
        assertTrue(buffer.isClosed());
        try (Arena arena = Arena.ofConfined()) {
            for (Runnable call : List.<Runnable>of(buffer::devicePointer, () -> buffer.write(0, arena.allocate(8)),
                    () -> buffer.read(0, arena.allocate(8)), () -> buffer.fill((byte) 1))) {
                IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
                assertTrue(e.getMessage().contains("CudaBuffer") && e.getMessage().contains("closed"), e.getMessage());
            }
        }
    }

    @Test
    void nvrtcInputIsCheckedBeforeTheCompilerLoads() {
        assertThrows(IllegalArgumentException.class, () -> NvrtcCompiler.compileToPtx("  ", "k.cu", List.of()));
        assertThrows(IllegalArgumentException.class, () -> NvrtcCompiler.compileToPtx("__global__ void k() {}", "", List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> NvrtcCompiler.compileToPtx("__global__ void k() {}", "k.cu", Arrays.asList("-std=c++17", null)));
        assertThrows(NullPointerException.class, () -> NvrtcCompiler.compileToPtx(null, "k.cu", List.of()));
    }

    @Test
    void nvrtcResultsAreNamed() {
        NvrtcException e = new NvrtcException(6, "nvrtcCompileProgram", "k.cu(1): error: identifier \"x\" is undefined");
        assertEquals("NVRTC_ERROR_COMPILATION", NvrtcException.name(e.code()));
        assertTrue(e.getMessage().contains("NVRTC_ERROR_COMPILATION"), e.getMessage());
        assertTrue(e.getMessage().contains("identifier \"x\" is undefined"), e.getMessage());
        assertEquals("nvrtcResult 99", NvrtcException.name(99));
    }
}
