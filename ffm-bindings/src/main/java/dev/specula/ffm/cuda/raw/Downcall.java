package dev.specula.ffm.cuda.raw;

import dev.specula.ffm.NativeLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

/**
 * One function's downcall handle, bound on first call.
 *
 * <p>jextract binds handles in static initialisers; a static initialiser that throws turns a
 * missing library into {@link ExceptionInInitializerError} once and {@link NoClassDefFoundError}
 * ever after. Binding here instead lets every call report the typed
 * {@link dev.specula.ffm.NativeLibraryNotFoundException}, and retry once the library is installed.
 */
final class Downcall {
    private final NativeLibrary library;
    private final FunctionDescriptor descriptor;
    private final String[] symbols;
    private volatile MethodHandle handle;

    /** @param symbols the symbol to bind, then older names to fall back to on older libraries */
    Downcall(NativeLibrary library, FunctionDescriptor descriptor, String... symbols) {
        this.library = library;
        this.descriptor = descriptor;
        this.symbols = symbols.clone();
    }

    MethodHandle handle() {
        MethodHandle result = handle;
        if (result == null) {
            result = bind();
            handle = result;  // racing threads bind the same symbol; either handle is fine
        }
        return result;
    }

    private MethodHandle bind() {
        for (String symbol : symbols) {
            if (library.lookup().find(symbol).isPresent()) {
                return library.downcall(symbol, descriptor);
            }
        }
        return library.downcall(symbols[0], descriptor);  // throws the typed exception naming the symbol
    }
}
