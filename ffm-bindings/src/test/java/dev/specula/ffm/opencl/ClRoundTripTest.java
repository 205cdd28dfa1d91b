package dev.specula.ffm.opencl;

import static dev.specula.ffm.opencl.raw.OpenCL.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Data through kernels and copies and back, on a real device; expected values are computed in plain Java. */
class ClRoundTripTest {
    static final String SOURCE = """
            #pragma OPENCL EXTENSION cl_khr_fp64 : enable
            __kernel void affine(__global const int *in, __global int *out, int a, int b) {
                size_t i = get_global_id(0);
                out[i] = in[i] * a + b + (int) i;
            }
            __kernel void scalars(__global long *out, int i, long l, float f, double d) {
                out[0] = i;
                out[1] = l;
                out[2] = as_int(f);
                out[3] = as_long(d);
            }
            __kernel void group_sums(__global const int *in, __local int *scratch, __global int *out) {
                size_t l = get_local_id(0);
                scratch[l] = in[get_global_id(0)];
                barrier(CLK_LOCAL_MEM_FENCE);
                if (l == 0) {
                    int sum = 0;
                    for (size_t k = 0; k < get_local_size(0); k++) {
                        sum += scratch[k];
                    }
                    out[get_group_id(0)] = sum;
                }
            }
            __kernel void grid(__global int *out, int width) {
                out[get_global_id(1) * width + get_global_id(0)] = (int) (get_global_id(1) * 1000 + get_global_id(0));
            }
            """;

    private static ClContext context;
    private static ClQueue queue;
    private static ClProgram program;

    @BeforeAll
    static void build() {
        context = ClContext.create(OpenClTestDevice.require());
        queue = context.createQueue();
        program = context.program(SOURCE);
    }

    @AfterAll
    static void close() {
        if (context != null) {
            context.close();
        }
    }

    private static int affine(int in, int a, int b, int i) {
        return in * a + b + i;
    }

    @Test
    void hostBufferIsZeroCopy() {
        int n = 1000;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(n * 4L, context.hostAlignment());
            MemorySegment out = arena.allocate(n * 4L, context.hostAlignment());
            for (int i = 0; i < n; i++) {
                in.setAtIndex(JAVA_INT, i, i * 7 - 300);
                out.setAtIndex(JAVA_INT, i, -1);
            }
            try (ClBuffer inBuffer = context.hostBuffer(in, ClAccess.READ_ONLY);
                 ClBuffer outBuffer = context.hostBuffer(out, ClAccess.WRITE_ONLY);
                 ClKernel kernel = program.kernel("affine")) {
                kernel.setBuffer(0, inBuffer).setBuffer(1, outBuffer).setInt(2, 3).setInt(3, 11);
                try (ClEvent event = queue.launch(kernel, n)) {
                    event.waitFor();
                    assertTrue(event.isComplete());
                }
                queue.finish();
                // No read, no map: the kernel wrote into the very memory of `out`.
                for (int i = 0; i < n; i++) {
                    assertEquals(affine(i * 7 - 300, 3, 11, i), out.getAtIndex(JAVA_INT, i), "element " + i);
                }
                assertSame(out, outBuffer.hostSegment().orElseThrow());
                // And mapping hands back that same address rather than a copy.
                try (ClMapping mapping = queue.map(outBuffer, 64, 128, ClAccess.READ_ONLY)) {
                    assertEquals(out.address() + 64, mapping.segment().address());
                    assertEquals(affine(16 * 7 - 300, 3, 11, 16), mapping.segment().get(JAVA_INT, 0));
                    assertTrue(mapping.segment().isReadOnly());
                }
            }
        }
    }

    @Test
    void deviceBuffersCopyAndReadBackWithOffsets() {
        int n = 256;
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = 1_000_000 + i * i;
        }
        try (ClBuffer a = context.deviceBuffer(n * 4L, ClAccess.READ_WRITE);
             ClBuffer b = context.deviceBuffer(n * 4L, ClAccess.READ_WRITE)) {
            assertEquals(ClBuffer.Kind.DEVICE, a.kind());
            assertTrue(a.hostSegment().isEmpty());
            queue.write(a, 0, MemorySegment.ofArray(values)); // a heap segment, staged through native memory
            queue.fill(b, 0, n * 4L, MemorySegment.ofArray(new int[] {-7}));
            queue.copy(a, 40 * 4, b, 100 * 4, 50 * 4); // a[40..90) -> b[100..150)
            int[] back = new int[n];
            queue.read(b, 0, MemorySegment.ofArray(back));
            for (int i = 0; i < n; i++) {
                int expected = i >= 100 && i < 150 ? values[i - 60] : -7;
                assertEquals(expected, back[i], "element " + i);
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment window = arena.allocate(JAVA_INT, 5);
                queue.read(a, 10 * 4, window);
                assertArrayEquals(java.util.Arrays.copyOfRange(values, 10, 15), window.toArray(JAVA_INT));
                queue.write(a, 12 * 4, arena.allocateFrom(JAVA_INT, 42));
                queue.read(a, 10 * 4, window);
                assertArrayEquals(new int[] {values[10], values[11], 42, values[13], values[14]}, window.toArray(JAVA_INT));
            }
        }
    }

    @Test
    void writeMappingReachesTheDevice() {
        try (ClBuffer buffer = context.deviceBuffer(64, ClAccess.READ_WRITE)) {
            queue.fill(buffer, 0, 64, MemorySegment.ofArray(new int[] {0}));
            try (ClMapping mapping = queue.map(buffer, 16, 8, ClAccess.WRITE_ONLY)) {
                mapping.segment().set(JAVA_INT, 0, 123);
                mapping.segment().set(JAVA_INT, 4, 456);
            }
            int[] back = new int[16];
            queue.read(buffer, 0, MemorySegment.ofArray(back));
            int[] expected = new int[16];
            expected[4] = 123;
            expected[5] = 456;
            assertArrayEquals(expected, back);
        }
    }

    @Test
    void everyScalarSetterPassesItsValueBitExactly() {
        try (ClBuffer out = context.deviceBuffer(4 * 8, ClAccess.WRITE_ONLY);
             ClKernel kernel = program.kernel("scalars")) {
            int i = -123_456_789;
            long l = 0x1234_5678_9ABC_DEF0L;
            float f = -3.1415927f;
            double d = 2.718281828459045e-300;
            kernel.setBuffer(0, out).setInt(1, i).setLong(2, l).setFloat(3, f).setDouble(4, d);
            queue.launch(kernel, 1).close(); // the in-order queue runs it before the read
            long[] back = new long[4];
            queue.read(out, 0, MemorySegment.ofArray(back));
            assertArrayEquals(new long[] {i, l, Float.floatToRawIntBits(f), Double.doubleToRawLongBits(d)}, back);
        }
    }

    @Test
    void localMemoryWorkGroupsAndProfiling() {
        int groups = 8;
        int groupSize = 32;
        int[] input = new int[groups * groupSize];
        for (int k = 0; k < input.length; k++) {
            input[k] = (k * 37) % 101 - 50;
        }
        try (ClBuffer in = context.deviceBuffer(input.length * 4L, ClAccess.READ_ONLY);
             ClBuffer out = context.deviceBuffer(groups * 4L, ClAccess.WRITE_ONLY);
             ClKernel kernel = program.kernel("group_sums")) {
            queue.write(in, 0, MemorySegment.ofArray(input));
            kernel.setBuffer(0, in).setLocalBytes(1, groupSize * 4L).setBuffer(2, out);
            ClProfile profile;
            try (ClEvent event = queue.launch(kernel, input.length, groupSize)) {
                profile = event.profile();
            }
            int[] sums = new int[groups];
            queue.read(out, 0, MemorySegment.ofArray(sums));
            for (int g = 0; g < groups; g++) {
                int expected = 0;
                for (int k = 0; k < groupSize; k++) {
                    expected += input[g * groupSize + k];
                }
                assertEquals(expected, sums[g], "group " + g);
            }
            assertTrue(profile.queuedNanos() > 0, profile.toString());
            assertTrue(profile.queuedNanos() <= profile.submittedNanos(), profile.toString());
            assertTrue(profile.submittedNanos() <= profile.startNanos(), profile.toString());
            assertTrue(profile.startNanos() <= profile.endNanos(), profile.toString());
        }
    }

    @Test
    void twoDimensionalLaunch() {
        int width = 16;
        int height = 6;
        try (ClBuffer out = context.deviceBuffer(width * height * 4L, ClAccess.WRITE_ONLY);
             ClKernel kernel = program.kernel("grid")) {
            kernel.setBuffer(0, out).setInt(1, width);
            queue.enqueue(kernel, new long[] {width, height}, new long[] {8, 2}); // no event to close
            int[] back = new int[width * height];
            queue.read(out, 0, MemorySegment.ofArray(back));
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    assertEquals(y * 1000 + x, back[y * width + x]);
                }
            }
        }
    }

    @Test
    void externalClMemIsUsedButNotFreed() {
        int n = 64;
        // A "model runtime" creates a cl_mem in our context through the raw API.
        MemorySegment foreign;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            foreign = clCreateBuffer(context.handle(), CL_MEM_READ_WRITE, n * 4L, MemorySegment.NULL, status);
            assertEquals(CL_SUCCESS, status.get(JAVA_INT, 0));
        }
        assertEquals(1, referenceCount(foreign));
        try (ClBuffer wrapped = context.externalBuffer(foreign);
             ClBuffer out = context.deviceBuffer(n * 4L, ClAccess.WRITE_ONLY);
             ClKernel kernel = program.kernel("affine")) {
            assertEquals(ClBuffer.Kind.EXTERNAL, wrapped.kind());
            assertEquals(n * 4L, wrapped.byteSize());
            assertEquals(foreign.address(), wrapped.handle().address());
            assertEquals(2, referenceCount(foreign));
            int[] input = new int[n];
            for (int i = 0; i < n; i++) {
                input[i] = 5 * i + 1;
            }
            queue.write(wrapped, 0, MemorySegment.ofArray(input));
            kernel.setBuffer(0, wrapped).setBuffer(1, out).setInt(2, -2).setInt(3, 9);
            queue.launch(kernel, n).close();
            int[] back = new int[n];
            queue.read(out, 0, MemorySegment.ofArray(back));
            for (int i = 0; i < n; i++) {
                assertEquals(affine(input[i], -2, 9, i), back[i]);
            }
        }
        // Closing the wrapper gave back its reference only; the runtime's object is intact.
        assertEquals(1, referenceCount(foreign));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_LONG);
            assertEquals(CL_SUCCESS, clGetMemObjectInfo(foreign, CL_MEM_SIZE, 8, size, MemorySegment.NULL));
            assertEquals(n * 4L, size.get(JAVA_LONG, 0));
        }
        assertEquals(CL_SUCCESS, clReleaseMemObject(foreign));
    }

    @Test
    void legacyQueueCallWorksToo() {
        // clCreateCommandQueue is what OpenCL 1.x drivers offer; the queue must behave the same.
        try (ClQueue legacy = context.adopt(ClQueue.create(context, context.device(), true));
             ClBuffer out = context.deviceBuffer(16 * 4L, ClAccess.WRITE_ONLY);
             ClKernel kernel = program.kernel("grid")) {
            kernel.setBuffer(0, out).setInt(1, 16);
            try (ClEvent event = legacy.launch(kernel, 16)) {
                ClProfile profile = event.profile(); // profiling is on for this queue as well
                assertTrue(profile.startNanos() <= profile.endNanos());
            }
            int[] back = new int[16];
            legacy.read(out, 0, MemorySegment.ofArray(back));
            for (int x = 0; x < 16; x++) {
                assertEquals(x, back[x]);
            }
        }
        assertFalse(queue.isClosed());
    }

    private static int referenceCount(MemorySegment mem) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_INT);
            assertEquals(CL_SUCCESS, clGetMemObjectInfo(mem, CL_MEM_REFERENCE_COUNT, 4, count, MemorySegment.NULL));
            return count.get(JAVA_INT, 0);
        }
    }
}
