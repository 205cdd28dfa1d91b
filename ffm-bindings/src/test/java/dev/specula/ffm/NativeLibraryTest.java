package dev.specula.ffm;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class NativeLibraryTest {

    @Test
    void missingLibraryNamesWhatWasTriedAndWhatToInstall() {
        NativeLibrary absent = NativeLibrary.of("Nothing", "specula.test.nothing.library",
                "Install the nothing package.", "libspecula-does-not-exist.so.1", "libspecula-nor-this.so");
        assertFalse(absent.isAvailable());
        NativeLibraryNotFoundException e = assertThrows(NativeLibraryNotFoundException.class,
                () -> absent.downcall("f", FunctionDescriptor.ofVoid()));
        assertEquals("Nothing", e.library());
        assertTrue(e.getMessage().contains("libspecula-does-not-exist.so.1"), e.getMessage());
        assertTrue(e.getMessage().contains("libspecula-nor-this.so"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dspecula.test.nothing.library"), e.getMessage());
        assertTrue(e.getMessage().contains("Install the nothing package."), e.getMessage());
    }

    @Test
    void propertyOverridesTheSonames() throws Throwable {
        String property = "specula.test.libc.library";
        System.setProperty(property, "libc.so.6");
        try {
            NativeLibrary libc = NativeLibrary.of("C library", property, "", "libspecula-does-not-exist.so.1");
            assertEquals("libc.so.6", libc.loadedFrom());
            var strlen = libc.downcall("strlen", FunctionDescriptor.of(JAVA_LONG, ValueLayout.ADDRESS));
            try (var arena = java.lang.foreign.Arena.ofConfined()) {
                assertEquals(5L, (long) strlen.invokeExact(arena.allocateFrom("hello")));
            }
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void missingFunctionIsATypedErrorNotAnUnsatisfiedLink() {
        NativeLibrary libc = NativeLibrary.of("C library", "specula.test.libc2.library", "", "libc.so.6");
        NativeLibraryNotFoundException e = assertThrows(NativeLibraryNotFoundException.class,
                () -> libc.downcall("specula_no_such_function", FunctionDescriptor.ofVoid()));
        assertTrue(e.getMessage().contains("specula_no_such_function"), e.getMessage());
    }
}
