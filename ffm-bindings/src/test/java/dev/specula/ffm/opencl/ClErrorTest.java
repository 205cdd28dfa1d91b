package dev.specula.ffm.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.ffm.opencl.raw.OpenCL;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every OpenCL error code has its C name, checked against the installed {@code CL/cl.h}. */
class ClErrorTest {
    private static final Path HEADER = Path.of("/usr/include/CL/cl.h");

    /** The {@code #define CL_... -N} lines of cl.h's "Error Codes" block (not the build statuses further on). */
    private static Map<String, Integer> headerErrorCodes() throws IOException {
        if (!Files.exists(HEADER)) {
            return OpenClTestDevice.unavailable(HEADER + " is missing (apt-get install opencl-c-headers ocl-icd-opencl-dev)");
        }
        String text = Files.readString(HEADER);
        int start = text.indexOf("/* Error Codes */");
        int end = text.indexOf("/* cl_bool */", start);
        assertTrue(start >= 0 && end > start, "cl.h no longer has its Error Codes block where expected");
        Map<String, Integer> codes = new LinkedHashMap<>();
        Matcher define = Pattern.compile("(?m)^#define\\s+(CL_\\w+)\\s+(-\\d+)\\s*$").matcher(text.substring(start, end));
        while (define.find()) {
            codes.put(define.group(1), Integer.parseInt(define.group(2)));
        }
        return codes;
    }

    @Test
    void everyErrorCodeOfTheHeaderIsNamed() throws IOException {
        Map<String, Integer> header = headerErrorCodes();
        // cl.h of OpenCL 3.0 defines -1..-19 and -30..-72; fewer means the parse went wrong.
        assertTrue(header.size() >= 62, "parsed only " + header.size() + " codes: " + header);
        header.forEach((name, code) -> {
            assertEquals(name, ClError.nameOf(code), "code " + code);
            assertEquals(code, ClError.valueOf(name).code(), name);
        });
    }

    @Test
    void rawConstantsAgreeWithTheHeader() throws Exception {
        for (Map.Entry<String, Integer> entry : headerErrorCodes().entrySet()) {
            assertEquals(entry.getValue().intValue(), OpenCL.class.getField(entry.getKey()).getInt(null), entry.getKey());
        }
    }

    @Test
    void unknownCodesSayUnknown() {
        assertEquals("unknown OpenCL error", ClError.nameOf(-9999));
        assertFalse(ClError.of(0).isPresent(), "CL_SUCCESS is not an error");
        assertEquals("CL_PLATFORM_NOT_FOUND_KHR", ClError.nameOf(-1001));
    }

    @Test
    void exceptionMessageNamesFunctionAndCode() {
        ClException e = new ClException("clEnqueueNDRangeKernel", -52);
        assertEquals("clEnqueueNDRangeKernel failed: CL_INVALID_KERNEL_ARGS (-52)", e.getMessage());
        assertEquals("CL_INVALID_KERNEL_ARGS", e.codeName());
    }

    @Test
    void aDriverRefusalArrivesAsANamedException() {
        // The safe layer cannot know a parameter's C type, so the driver checks the size: an int
        // passed for a long parameter is its CL_INVALID_ARG_SIZE.
        try (ClContext context = ClContext.create(OpenClTestDevice.require())) {
            ClKernel kernel = context.program("__kernel void k(__global long *out, long v) { out[0] = v; }").kernel("k");
            ClException e = assertThrows(ClException.class, () -> kernel.setInt(1, 5));
            assertEquals("CL_INVALID_ARG_SIZE", e.codeName(), e.getMessage());
            assertEquals("clSetKernelArg", e.function());
            assertTrue(e.getMessage().contains("argument 1 of kernel k"), e.getMessage());
        }
    }

    @Test
    void rawCallsReturnTheCodes() {
        OpenClTestDevice.require();
        // A NULL context is refused by the loader or the driver without touching memory.
        assertEquals(OpenCL.CL_INVALID_CONTEXT, OpenCL.clReleaseContext(MemorySegment.NULL));
    }
}
