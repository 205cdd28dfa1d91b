package dev.specula.ffm.opencl;

import static dev.specula.ffm.opencl.raw.OpenCL.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Closing: idempotent, refuses later use with a clear message, and a context takes its children along. */
class ClLifecycleTest {
    private static final String SOURCE = "__kernel void put(__global int *out, int v) { out[get_global_id(0)] = v; }";

    private static ClDevice device;

    @BeforeAll
    static void findDevice() {
        device = OpenClTestDevice.require();
    }

    private static void assertClosed(String expectedMessagePart, Executable use) {
        IllegalStateException e = assertThrows(IllegalStateException.class, use);
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }

    @Test
    void everyObjectRefusesUseAfterItsOwnClose() {
        try (ClContext context = ClContext.create(device)) {
            ClQueue queue = context.createQueue();
            ClProgram program = context.program(SOURCE);
            ClKernel kernel = program.kernel("put");
            ClBuffer buffer = context.deviceBuffer(64, ClAccess.READ_WRITE);
            kernel.setBuffer(0, buffer).setInt(1, 7);
            ClEvent event = queue.launch(kernel, 16);
            ClMapping mapping = queue.map(buffer, 0, 16, ClAccess.READ_ONLY);

            mapping.close();
            assertClosed("ClMapping of 16 bytes", mapping::segment);
            event.close();
            assertClosed("ClEvent of launch of put is closed", event::waitFor);
            assertClosed("ClEvent", event::profile);
            buffer.close();
            assertClosed("ClBuffer (device, 64 bytes) is closed", () -> queue.read(buffer, 0, MemorySegment.ofArray(new int[4])));
            assertClosed("ClBuffer", () -> kernel.setBuffer(0, buffer));
            assertClosed("ClBuffer", () -> queue.launch(kernel, 16)); // the kernel still points at it
            assertClosed("ClBuffer", buffer::handle);
            kernel.close();
            assertClosed("ClKernel put is closed", () -> kernel.setInt(1, 1));
            program.close();
            assertClosed("ClProgram", () -> program.kernel("put"));
            queue.close();
            assertClosed("ClQueue", queue::finish);
            assertClosed("ClQueue", () -> queue.launch(kernel, 16));

            for (AutoCloseable closed : new AutoCloseable[] {mapping, event, buffer, kernel, program, queue}) {
                assertDoesNotThrow(closed::close, "a second close does nothing");
            }
            assertFalse(context.isClosed());
        }
    }

    @Test
    void closingTheContextClosesAndRefusesItsChildren() {
        ClContext context = ClContext.create(device);
        ClQueue queue = context.createQueue();
        ClKernel kernel = context.program(SOURCE).kernel("put");
        MemorySegment host = context.allocateHost(256);
        ClBuffer buffer = context.hostBuffer(host, ClAccess.READ_WRITE);
        kernel.setBuffer(0, buffer).setInt(1, 99);
        ClEvent event = queue.launch(kernel, 64);

        context.close();
        context.close(); // idempotent
        for (AutoCloseable child : new AutoCloseable[] {queue, kernel, buffer, event}) {
            assertTrue(((ClObject) child).isClosed(), child + " closed with its context");
        }
        assertClosed("(its ClContext was closed)", () -> queue.launch(kernel, 64));
        assertClosed("(its ClContext was closed)", () -> kernel.setInt(1, 0));
        assertClosed("ClContext on", () -> context.deviceBuffer(64, ClAccess.READ_WRITE));
        assertClosed("ClContext", () -> context.program(SOURCE));
        assertClosed("ClContext", context::createQueue);
        assertClosed("ClContext", () -> context.allocateHost(64));
        // The queue finished the kernel before the memory was freed; now Java refuses to touch it.
        assertThrows(IllegalStateException.class, () -> host.get(JAVA_INT, 0));
    }

    @Test
    void aHostBufferWhoseArenaClosedIsRefused() {
        try (ClContext context = ClContext.create(device)) {
            ClQueue queue = context.createQueue();
            ClKernel kernel = context.program(SOURCE).kernel("put");
            ClBuffer buffer;
            try (Arena arena = Arena.ofConfined()) {
                buffer = context.hostBuffer(arena.allocate(256, context.hostAlignment()), ClAccess.READ_WRITE);
                kernel.setBuffer(0, buffer).setInt(1, 1);
            }
            // The device would otherwise write into freed memory.
            assertClosed("the arena of its host segment is closed", () -> queue.launch(kernel, 64));
            assertClosed("the arena of its host segment is closed", () -> queue.fill(buffer, 0, 4, MemorySegment.ofArray(new int[1])));
            assertClosed("the arena of its host segment is closed", () -> kernel.setBuffer(0, buffer));
            buffer.close();
        }
    }

    @Test
    void contextCloseReleasesNativeObjects() {
        // A cl_mem retained from outside outlives our context; its reference count shows what we released.
        ClContext context = ClContext.create(device);
        ClBuffer buffer = context.deviceBuffer(64, ClAccess.READ_WRITE);
        MemorySegment mem = buffer.handle();
        assertEquals(CL_SUCCESS, clRetainMemObject(mem));
        assertEquals(2, referenceCount(mem));
        context.close();
        assertEquals(1, referenceCount(mem), "the context released the buffer's own reference");
        assertEquals(CL_SUCCESS, clReleaseMemObject(mem));
    }

    private static int referenceCount(MemorySegment mem) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_INT);
            assertEquals(CL_SUCCESS, clGetMemObjectInfo(mem, CL_MEM_REFERENCE_COUNT, 4, count, MemorySegment.NULL));
            return count.get(JAVA_INT, 0);
        }
    }
}
