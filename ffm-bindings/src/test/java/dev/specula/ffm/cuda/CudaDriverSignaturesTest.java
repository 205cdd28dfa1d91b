package dev.specula.ffm.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.specula.ffm.cuda.raw.CudaDriver;
import dev.specula.ffm.cuda.raw.Nvrtc;
import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@link CudaDriver} wrapper against its prototype in the installed {@code cuda.h}: the
 * symbol is the one the header's macros select (binding {@code cuMemAlloc} instead of
 * {@code cuMemAlloc_v2} would pass 32-bit sizes to a 64-bit API), and each parameter has the Java
 * type of its C type; and every downcall descriptor carries its wrapper's Java types. Needs no
 * driver.
 */
class CudaDriverSignaturesTest {
    /** {@code #define cuMemAlloc cuMemAlloc_v2} and {@code #define cuMemcpyHtoD __CUDA_API_PTDS(cuMemcpyHtoD_v2)}. */
    private static final Pattern RENAME = Pattern.compile(
            "(?m)^\\s*#define\\s+(cu\\w+)\\s+(?:__CUDA_API_PT(?:DS|SZ)\\()?(cu\\w+?)\\)?\\s*$");
    private static final Set<String> HANDLE_TYPES = Set.of("CUcontext", "CUmodule", "CUfunction", "CUstream", "CUevent");
    private static final Set<String> INT_TYPES = Set.of("int", "unsigned int", "CUdevice", "CUdevice_attribute", "CUresult");

    @Test
    void everyWrapperBindsTheHeadersSymbolWithItsParameterTypes() throws IOException {
        String header = CudaHeader.read();
        Map<String, String> renamed = new HashMap<>();  // API name -> versioned symbol
        Matcher rename = RENAME.matcher(header);
        while (rename.find()) {
            if (!rename.group(1).equals(rename.group(2))) {
                renamed.putIfAbsent(rename.group(1), rename.group(2));
            }
        }

        List<Method> wrappers = new ArrayList<>();
        for (Method method : CudaDriver.class.getDeclaredMethods()) {
            if (Modifier.isPublic(method.getModifiers()) && Modifier.isStatic(method.getModifiers())) {
                wrappers.add(method);
            }
        }
        assertEquals(34, wrappers.size(), "wrappers in CudaDriver");
        for (Method wrapper : wrappers) {
            String symbol = wrapper.getName();
            String api = symbol.replaceFirst("_v\\d$", "");
            if (!api.equals(symbol)) {
                assertEquals(symbol, renamed.get(api), "cuda.h does not map " + api + " to " + symbol);
            } else {
                assertTrue(!renamed.containsKey(api), symbol + " is remapped by cuda.h to " + renamed.get(api) + "; bind that");
            }
            assertEquals(int.class, wrapper.getReturnType(), symbol + " returns a CUresult");
            List<Class<?>> expected = parameterTypes(header, api);
            assertEquals(expected, List.of(wrapper.getParameterTypes()), symbol + " parameters");
        }
    }

    @Test
    void everyDowncallDescriptorHasItsWrappersTypes() throws ReflectiveOperationException {
        // a mismatch would surface only on a machine with the library, as WrongMethodTypeException
        for (Class<?> library : List.of(CudaDriver.class, Nvrtc.class)) {
            for (Method wrapper : library.getDeclaredMethods()) {
                if (!Modifier.isPublic(wrapper.getModifiers()) || !Modifier.isStatic(wrapper.getModifiers())) {
                    continue;
                }
                Field field = Class.forName(library.getName() + "$" + wrapper.getName()).getDeclaredField("DESC");
                field.setAccessible(true);
                FunctionDescriptor descriptor = (FunctionDescriptor) field.get(null);
                assertEquals(MethodType.methodType(wrapper.getReturnType(), wrapper.getParameterTypes()),
                        descriptor.toMethodType(), wrapper.getName());
            }
        }
    }

    /** The Java types of the first prototype of {@code api} (later ones are the legacy _v1 forms). */
    private static List<Class<?>> parameterTypes(String header, String api) {
        Matcher prototype = Pattern.compile("CUresult\\s+CUDAAPI\\s+" + api + "\\s*\\(([^)]*)\\)").matcher(header);
        if (!prototype.find()) {
            fail("cuda.h has no prototype for " + api);
        }
        List<Class<?>> types = new ArrayList<>();
        String parameters = prototype.group(1).replaceAll("\\s+", " ").strip();
        if (parameters.equals("void")) {
            return types;
        }
        for (String parameter : parameters.split(",")) {
            String type = parameter.strip().replaceFirst("\\s*\\w+$", "").replace("const ", "").strip();
            if (type.contains("*") || HANDLE_TYPES.contains(type)) {
                types.add(MemorySegment.class);
            } else if (type.equals("CUdeviceptr") || type.equals("size_t")) {
                types.add(long.class);
            } else if (type.equals("unsigned char")) {
                types.add(byte.class);
            } else if (INT_TYPES.contains(type)) {
                types.add(int.class);
            } else {
                fail(api + ": no Java type for C type '" + type + "'");
            }
        }
        return types;
    }
}
