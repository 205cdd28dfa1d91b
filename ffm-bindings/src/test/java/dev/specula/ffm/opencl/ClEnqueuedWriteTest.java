package dev.specula.ffm.opencl;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Writes that do not wait: ordered before later commands, and refused for heap memory. */
class ClEnqueuedWriteTest {
    private static final String DOUBLE = "__kernel void twice(__global int *v) { int i = get_global_id(0); v[i] = 2 * v[i]; }";

    @Test
    void anEnqueuedWriteIsOrderedBeforeTheKernelsAfterIt() {
        try (ClContext context = ClContext.create(OpenClTestDevice.require());
             ClQueue queue = context.createQueue();
             Arena arena = Arena.ofConfined()) {
            ClBuffer buffer = context.deviceBuffer(8 * Integer.BYTES, ClAccess.READ_WRITE);
            MemorySegment source = arena.allocateFrom(JAVA_INT, 1, 2, 3, 4, 5, 6, 7, 8);
            queue.enqueueWrite(buffer, 0, source);
            queue.enqueue(context.program(DOUBLE).kernel("twice").setBuffer(0, buffer), 8, 8);
            MemorySegment result = arena.allocate(JAVA_INT, 8);
            queue.read(buffer, 0, result);
            assertArrayEquals(new int[] {2, 4, 6, 8, 10, 12, 14, 16}, result.toArray(JAVA_INT));
            assertThrows(IllegalArgumentException.class, () -> queue.enqueueWrite(buffer, 0, MemorySegment.ofArray(new int[8])));
            assertThrows(IllegalArgumentException.class, () -> queue.enqueueWrite(buffer, 4, source));
        }
    }
}
