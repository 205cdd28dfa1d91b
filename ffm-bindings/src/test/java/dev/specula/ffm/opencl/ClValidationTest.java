package dev.specula.ffm.opencl;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad arguments are refused by the safe layer itself: the exceptions are Java's argument and
 * state exceptions with a message, never a {@link ClException} from the driver.
 */
class ClValidationTest {
    private static final String SOURCE = """
            __kernel void put(__global int *out, int v) { out[get_global_id(0)] = v; }
            __kernel void sums(__global const int *in, __local int *scratch, __global int *out) { out[0] = in[0]; }
            """;

    private static ClContext context;
    private static ClQueue queue;
    private static ClProgram program;
    private static ClBuffer buffer; // 256 bytes
    private static Arena arena;

    @BeforeAll
    static void open() {
        context = ClContext.create(OpenClTestDevice.require());
        queue = context.createQueue();
        program = context.program(SOURCE);
        buffer = context.deviceBuffer(256, ClAccess.READ_WRITE);
        arena = Arena.ofShared();
    }

    @AfterAll
    static void close() {
        if (context != null) {
            context.close();
            arena.close();
        }
    }

    private static void refused(String messagePart, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(messagePart), "'" + e.getMessage() + "' should mention '" + messagePart + "'");
    }

    @Test
    void contextCreation() {
        refused("at least one device", () -> ClContext.create(List.of()));
        refused("listed twice", () -> ClContext.create(List.of(context.device(), context.device())));
        assertThrows(NullPointerException.class, () -> ClContext.create((ClDevice) null));
    }

    @Test
    void bufferSizes() {
        refused("must be positive, got 0", () -> context.deviceBuffer(0, ClAccess.READ_WRITE));
        refused("must be positive, got -8", () -> context.deviceBuffer(-8, ClAccess.READ_WRITE));
        refused("CL_DEVICE_MAX_MEM_ALLOC_SIZE", () -> context.deviceBuffer(context.device().maxMemAllocBytes() + 1, ClAccess.READ_WRITE));
        refused("must be positive", () -> context.allocateHost(0));
    }

    @Test
    void hostSegments() {
        long alignment = context.hostAlignment();
        MemorySegment aligned = arena.allocate(1024, alignment);
        refused("not aligned to " + alignment + " bytes", () -> context.hostBuffer(aligned.asSlice(4), ClAccess.READ_WRITE));
        refused("heap segment", () -> context.hostBuffer(MemorySegment.ofArray(new int[64]), ClAccess.READ_WRITE));
        refused("read-only", () -> context.hostBuffer(aligned.asReadOnly(), ClAccess.READ_WRITE));
        refused("must be positive", () -> context.hostBuffer(aligned.asSlice(0, 0), ClAccess.READ_ONLY));
        MemorySegment freed;
        try (Arena shortLived = Arena.ofConfined()) {
            freed = shortLived.allocate(256, alignment);
        }
        assertThrows(IllegalStateException.class, () -> context.hostBuffer(freed, ClAccess.READ_ONLY));
        // A read-only segment is fine when kernels only read it.
        context.hostBuffer(aligned.asReadOnly(), ClAccess.READ_ONLY).close();
        assertTrue(context.allocateHost(100).address() % alignment == 0);
    }

    @Test
    void externalHandles() {
        refused("NULL", () -> context.externalBuffer(MemorySegment.NULL));
        try (ClContext other = ClContext.create(context.device());
             ClBuffer foreign = other.deviceBuffer(64, ClAccess.READ_WRITE)) {
            refused("another OpenCL context", () -> context.externalBuffer(foreign.handle()));
            refused("belongs to another ClContext", () -> queue.read(foreign, 0, MemorySegment.ofArray(new int[4])));
            try (ClKernel kernel = program.kernel("put")) {
                refused("belongs to another ClContext", () -> kernel.setBuffer(0, foreign));
            }
            try (ClKernel otherKernel = other.program(SOURCE).kernel("put")) {
                otherKernel.setBuffer(0, foreign).setInt(1, 0);
                refused("belongs to another ClContext", () -> queue.launch(otherKernel, 4));
            }
        }
    }

    @Test
    void readWriteCopyFillAndMapRanges() {
        MemorySegment four = MemorySegment.ofArray(new int[4]); // 16 bytes
        refused("outside", () -> queue.read(buffer, -4, four));
        refused("outside", () -> queue.read(buffer, 241, four));
        refused("outside", () -> queue.write(buffer, Long.MAX_VALUE, four));
        refused("read-only", () -> queue.read(buffer, 0, four.asReadOnly()));
        refused("outside", () -> queue.copy(buffer, 0, buffer, 200, 64));
        refused("outside", () -> queue.copy(buffer, 0, buffer, 128, -1));
        refused("overlap", () -> queue.copy(buffer, 0, buffer, 32, 64));
        refused("1, 2, 4, 8", () -> queue.fill(buffer, 0, 12, MemorySegment.ofArray(new byte[3])));
        refused("multiples of the 4-byte pattern", () -> queue.fill(buffer, 2, 8, MemorySegment.ofArray(new int[1])));
        refused("outside", () -> queue.fill(buffer, 0, 260, MemorySegment.ofArray(new int[1])));
        refused("must be positive", () -> queue.map(buffer, 0, 0, ClAccess.READ_ONLY));
        refused("outside", () -> queue.map(buffer, 200, 64, ClAccess.READ_ONLY));
        queue.write(buffer, 240, four); // the last 16 bytes fit exactly
    }

    @Test
    void kernelArguments() {
        try (ClKernel kernel = program.kernel("sums")) {
            refused("has 3 arguments; index 3", () -> kernel.setInt(3, 0));
            refused("index -1", () -> kernel.setBuffer(-1, buffer));
            refused("must be positive", () -> kernel.setLocalBytes(1, 0));
            refused("CL_DEVICE_LOCAL_MEM_SIZE", () -> kernel.setLocalBytes(1, context.device().localMemBytes() + 1));
            kernel.setBuffer(0, buffer).setLocalBytes(1, 64);
            IllegalStateException unset = assertThrows(IllegalStateException.class, () -> queue.launch(kernel, 4));
            assertTrue(unset.getMessage().contains("argument 2 of kernel sums is not set"), unset.getMessage());
        }
        refused("no kernel 'missing'", () -> program.kernel("missing"));
        refused("not a kernel name", () -> program.kernel(" "));
    }

    @Test
    void launchSizes() {
        try (ClKernel kernel = program.kernel("put")) {
            kernel.setBuffer(0, buffer).setInt(1, 3);
            refused("1 to 3 dimensions, got 0", () -> queue.launch(kernel, new long[0], null));
            refused("1 to 3 dimensions, got 4", () -> queue.launch(kernel, new long[] {1, 1, 1, 1}, null));
            refused("globalSize[0] must be positive", () -> queue.launch(kernel, 0));
            refused("globalSize[1] must be positive", () -> queue.launch(kernel, new long[] {4, -1}, null));
            refused("not a multiple of localSize[0]", () -> queue.launch(kernel, 60, 16));
            refused("localSize has 2 dimensions", () -> queue.launch(kernel, new long[] {64}, new long[] {8, 8}));
            refused("localSize[0] must be positive", () -> queue.launch(kernel, 64, 0));
            // Each dimension within the device's bounds, but the group as a whole too big for the kernel.
            long width = Math.min(kernel.workGroupSize(), context.device().maxWorkItemSizes().get(0));
            long height = kernel.workGroupSize() / width + 1;
            refused("CL_KERNEL_WORK_GROUP_SIZE", () -> queue.launch(kernel, new long[] {width, height}, new long[] {width, height}));
            refused("CL_DEVICE_MAX_WORK_ITEM_SIZES", () -> queue.launch(kernel, new long[] {width * 8},
                    new long[] {context.device().maxWorkItemSizes().get(0) * 2}));
            queue.launch(kernel, 64, 16).close(); // and a valid launch goes through
            queue.finish();
            int[] back = new int[64];
            queue.read(buffer, 0, MemorySegment.ofArray(back));
            for (int value : back) {
                assertEquals(3, value);
            }
        }
    }

    @Test
    void programSources() {
        refused("blank", () -> context.program("  \n"));
        refused("NUL", () -> context.program("__kernel void k() {}\0"));
        refused("NUL", () -> context.program(SOURCE, "-O2\0"));
        assertThrows(NullPointerException.class, () -> context.program(null));
        try (ClContext other = ClContext.create(context.device())) {
            ClDevice stranger = new ClDevice(context.device().platform(), MemorySegment.ofAddress(16), "stranger", "", ClDeviceType.CPU,
                    "OpenCL 3.0", "OpenCL C 1.2", 1, 1, 1, 1, 1, List.of(1L), false, 1, java.util.Set.of());
            refused("not in this context", () -> other.program(SOURCE, "", stranger));
            refused("not in this context", () -> other.createQueue(stranger));
        }
    }

    @Test
    void segmentsFromHeapAreStagedForCopies() {
        // Not a refusal: heap segments work for read/write (they are staged through native memory).
        int[] values = {1, 2, 3, 4};
        queue.write(buffer, 64, MemorySegment.ofArray(values));
        MemorySegment back = arena.allocate(JAVA_INT, 4);
        queue.read(buffer, 64, back);
        assertTrue(java.util.Arrays.equals(values, back.toArray(JAVA_INT)));
    }
}
