package dev.specula.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A shared library found by its standard sonames, or at the path given by a system property.
 *
 * <p>The library is opened on first use and stays loaded for the life of the JVM, as jextract's
 * generated lookups do. Opening it, or looking up a function it lacks, fails with a
 * {@link NativeLibraryNotFoundException} that says what to install.
 *
 * {@snippet :
 * NativeLibrary openCL = NativeLibrary.of("OpenCL", "specula.opencl.library",
 *         "Install an OpenCL driver, e.g. apt-get install pocl-opencl-icd ocl-icd-libopencl1.",
 *         "libOpenCL.so.1");
 * MethodHandle getPlatformIds = openCL.downcall("clGetPlatformIDs",
 *         FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
 * }
 */
public final class NativeLibrary {
    private final String name;
    private final String property;
    private final String installHint;
    private final List<String> sonames;
    private volatile Loaded loaded;

    private record Loaded(SymbolLookup lookup, String from) {}

    private NativeLibrary(String name, String property, String installHint, List<String> sonames) {
        this.name = Objects.requireNonNull(name);
        this.property = Objects.requireNonNull(property);
        this.installHint = Objects.requireNonNull(installHint);
        this.sonames = List.copyOf(sonames);
    }

    /**
     * Describes a library; nothing is loaded until {@link #lookup()} or {@link #downcall}.
     *
     * @param name        display name used in messages, e.g. {@code "CUDA driver"}
     * @param property    system property that, when set, names the file to load instead
     * @param installHint what the user should install, appended to the error message
     * @param sonames     names tried in order with the platform's library search
     */
    public static NativeLibrary of(String name, String property, String installHint, String... sonames) {
        if (sonames.length == 0) {
            throw new IllegalArgumentException("at least one soname is needed");
        }
        return new NativeLibrary(name, property, installHint, List.of(sonames));
    }

    public String name() {
        return name;
    }

    /** Whether the library can be opened on this machine. */
    public boolean isAvailable() {
        try {
            lookup();
            return true;
        } catch (NativeLibraryNotFoundException e) {
            return false;
        }
    }

    /** Where the library was loaded from: the property's value or the soname that resolved. */
    public String loadedFrom() {
        return load().from();
    }

    /** The library's symbols, opening the library on first call. */
    public SymbolLookup lookup() {
        return load().lookup();
    }

    /** A downcall handle to {@code symbol}, as jextract binds each function. */
    public MethodHandle downcall(String symbol, FunctionDescriptor descriptor) {
        Loaded library = load();
        return library.lookup().find(symbol)
                .map(address -> Linker.nativeLinker().downcallHandle(address, descriptor))
                .orElseThrow(() -> NativeLibraryNotFoundException.symbol(name, symbol, library.from()));
    }

    private Loaded load() {
        Loaded result = loaded;
        if (result == null) {
            synchronized (this) {
                result = loaded;
                if (result == null) {
                    result = open();
                    loaded = result;
                }
            }
        }
        return result;
    }

    private Loaded open() {
        String override = System.getProperty(property);
        List<String> candidates = new ArrayList<>();
        if (override != null && !override.isBlank()) {
            candidates.add(override);
        } else {
            candidates.addAll(sonames);
        }
        for (String candidate : candidates) {
            try {
                return new Loaded(SymbolLookup.libraryLookup(candidate, Arena.global()), candidate);
            } catch (IllegalArgumentException notFound) {
                // try the next name
            }
        }
        throw NativeLibraryNotFoundException.library(name, candidates, property, installHint);
    }

    @Override
    public String toString() {
        return "NativeLibrary[" + name + " " + sonames + "]";
    }
}
