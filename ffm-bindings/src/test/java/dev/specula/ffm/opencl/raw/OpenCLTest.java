package dev.specula.ffm.opencl.raw;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.ffm.NativeLibraryNotFoundException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import org.junit.jupiter.api.Test;

/** The raw layer's binding rules. */
class OpenCLTest {

    @Test
    void aMissingFunctionFailsEveryCallWithTheTypedException() throws Throwable {
        // The same path a missing library takes: the handle is bound, and throws when called.
        FunctionDescriptor descriptor = FunctionDescriptor.of(OpenCL.C_INT, OpenCL.C_INT, OpenCL.C_POINTER);
        MethodHandle missing = OpenCL.downcall("clSpeculaNoSuchFunction", descriptor);
        assertEquals(descriptor.toMethodType(), missing.type(), "same type as a real binding, so wrappers stay exact");
        NativeLibraryNotFoundException first = assertThrows(NativeLibraryNotFoundException.class,
                () -> { int unused = (int) missing.invokeExact(0, MemorySegment.NULL); });
        NativeLibraryNotFoundException second = assertThrows(NativeLibraryNotFoundException.class,
                () -> { int unused = (int) missing.invokeExact(1, MemorySegment.NULL); });
        assertTrue(first.getMessage().contains("clSpeculaNoSuchFunction"), first.getMessage());
        assertSame(first, second);
    }

    @Test
    void wrappersCallTheLibrary() {
        if (!OpenCL.LIBRARY.isAvailable()) {
            dev.specula.ffm.opencl.OpenClTestDevice.unavailable("the OpenCL loader is not installed");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_INT);
            int status = OpenCL.clGetPlatformIDs(0, MemorySegment.NULL, count);
            assertTrue(status == OpenCL.CL_SUCCESS || status == OpenCL.CL_PLATFORM_NOT_FOUND_KHR, "status " + status);
            // Asking for entries with no room for them is CL_INVALID_VALUE in every implementation.
            assertEquals(OpenCL.CL_INVALID_VALUE, OpenCL.clGetPlatformIDs(0, arena.allocate(8), MemorySegment.NULL));
        }
        assertEquals(FunctionDescriptor.of(OpenCL.C_INT, OpenCL.C_INT, OpenCL.C_POINTER, OpenCL.C_POINTER),
                OpenCL.clGetPlatformIDs$descriptor());
    }
}
