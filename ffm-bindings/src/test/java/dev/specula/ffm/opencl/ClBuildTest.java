package dev.specula.ffm.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Program builds: the compiler's log on failure, and the per-context cache. */
class ClBuildTest {
    private static final String GOOD = """
            __kernel void first(__global int *out) { out[0] = 1; }
            __kernel void second(__global int *out, int k) { out[0] = k; }
            """;
    private static final String BROKEN = """
            __kernel void broken(__global int *out) {
                out[0] = specula_undeclared_identifier;
            }
            """;

    private static ClContext context;

    @BeforeAll
    static void open() {
        context = ClContext.create(OpenClTestDevice.require());
    }

    @AfterAll
    static void close() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void buildFailureCarriesTheCompilerLog() {
        ClBuildException e = assertThrows(ClBuildException.class, () -> context.program(BROKEN));
        assertEquals("CL_BUILD_PROGRAM_FAILURE", e.codeName());
        assertEquals(-11, e.code());
        assertEquals("clBuildProgram", e.function());
        assertTrue(e.buildLog().contains("specula_undeclared_identifier"), e.buildLog());
        assertTrue(e.getMessage().contains("specula_undeclared_identifier"), e.getMessage());
        assertTrue(e.getMessage().contains("CL_BUILD_PROGRAM_FAILURE (-11)"), e.getMessage());
    }

    @Test
    void invalidOptionsAreReportedByName() {
        ClBuildException e = assertThrows(ClBuildException.class, () -> context.program(GOOD, "-specula-no-such-option"));
        assertEquals("CL_INVALID_BUILD_OPTIONS", e.codeName(), e.getMessage());
    }

    @Test
    void programsAreCachedBySourceOptionsAndDevice() {
        ClProgram plain = context.program(GOOD);
        assertSame(plain, context.program(GOOD, ""));
        assertSame(plain, context.program(GOOD, "", context.device()));
        ClProgram optimised = context.program(GOOD, "-cl-fast-relaxed-math");
        assertNotSame(plain, optimised);
        assertSame(optimised, context.program(GOOD, "-cl-fast-relaxed-math"));
        assertEquals("-cl-fast-relaxed-math", optimised.options());
        assertEquals(GOOD, optimised.source());

        // A closed program leaves the cache; the next request builds a new one.
        plain.close();
        ClProgram rebuilt = context.program(GOOD);
        assertNotSame(plain, rebuilt);
        assertTrue(!rebuilt.isClosed());

        // Another context has its own cache.
        try (ClContext other = ClContext.create(context.device())) {
            ClProgram elsewhere = other.program(GOOD);
            assertNotSame(rebuilt, elsewhere);
            assertSame(other, elsewhere.context());
        }
    }

    @Test
    void kernelsAreFoundByName() {
        ClProgram program = context.program(GOOD);
        assertEquals(List.of("first", "second"), program.kernelNames().stream().sorted().toList());
        try (ClKernel second = program.kernel("second")) {
            assertEquals("second", second.name());
            assertEquals(2, second.argumentCount());
            assertTrue(second.workGroupSize() >= 1);
            assertTrue(second.preferredWorkGroupMultiple() >= 1);
            assertSame(program, second.program());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> program.kernel("third"));
        assertTrue(e.getMessage().contains("third") && e.getMessage().contains("first"), e.getMessage());
    }

    @Test
    void argumentNamesComeFromTheSourceWhenBuiltWithArgumentInfo() {
        String source = """
                __kernel void scale(__global float *values, __local float *scratch, float factor, int count) {
                    values[0] = factor * count;
                }
                """;
        try (ClKernel kernel = context.program(source, "-cl-kernel-arg-info").kernel("scale")) {
            assertEquals(List.of("values", "scratch", "factor", "count"), kernel.argumentNames());
            kernel.close();
            assertThrows(IllegalStateException.class, kernel::argumentNames);
        }
        // Without the option the driver keeps no names (PoCL refuses with CL_KERNEL_ARG_INFO_NOT_AVAILABLE).
        try (ClKernel kernel = context.program(source).kernel("scale")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, kernel::argumentNames);
            assertTrue(e.getMessage().contains("-cl-kernel-arg-info"), e.getMessage());
        }
    }
}
