package dev.specula.ffm.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.ffm.cuda.raw.CudaDriver;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java tables against the CUDA toolkit's own {@code cuda.h}: the {@code CUresult} name table
 * and every constant of {@link CudaDriver} ({@link CudaHeader} says what happens without the header).
 */
class CudaErrorNamesTest {
    private static final Pattern ENUMERATOR = Pattern.compile("^\\s*(CUDA_[A-Z0-9_]+|CU_[A-Z0-9_]+)\\s*=\\s*(0x[0-9a-fA-F]+|\\d+)\\s*,?.*$");

    private static Map<String, Integer> cuResult;     // the enum cudaError_enum, in header order
    private static Map<String, Integer> enumerators;  // every "NAME = number" enumerator of the header

    // per test rather than @BeforeAll, so that a skip is reported per test with its reason
    @BeforeEach
    void parseHeader() throws IOException {
        String header = CudaHeader.read();
        if (cuResult != null) {
            return;
        }
        cuResult = new LinkedHashMap<>();
        enumerators = new LinkedHashMap<>();
        boolean inCuResult = false;
        for (String line : header.lines().toList()) {
            if (line.contains("typedef enum cudaError_enum")) {
                inCuResult = true;
            } else if (inCuResult && line.contains("} CUresult;")) {
                inCuResult = false;
            }
            Matcher matcher = ENUMERATOR.matcher(line);
            if (matcher.matches()) {
                int value = Integer.decode(matcher.group(2));
                enumerators.putIfAbsent(matcher.group(1), value);
                if (inCuResult) {
                    cuResult.put(matcher.group(1), value);
                }
            }
        }
        assertTrue(cuResult.size() > 90, "parsed only " + cuResult.size() + " CUresult values from " + CudaHeader.PATH);
    }

    @Test
    void theNameTableIsTheHeadersCuResultEnum() {
        Map<Integer, String> expected = new TreeMap<>();
        cuResult.forEach((name, code) -> expected.put(code, name));
        assertEquals(expected, new TreeMap<>(CudaErrorNames.table()));
    }

    @Test
    void everyDriverConstantHasTheHeadersValue() throws IllegalAccessException {
        int checked = 0;
        for (Field field : CudaDriver.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                Integer expected = enumerators.get(field.getName());
                assertTrue(expected != null, field.getName() + " is not an enumerator of cuda.h");
                assertEquals(expected, field.getInt(null), field.getName());
                checked++;
            }
        }
        assertTrue(checked > 120, "only " + checked + " constants checked");
    }

    @Test
    void exceptionsCarryTheCodeAndItsName() {
        CudaException e = new CudaException(cuResult.get("CUDA_ERROR_OUT_OF_MEMORY"), "cuMemAlloc_v2");
        assertEquals("CUDA_ERROR_OUT_OF_MEMORY", e.name());
        assertEquals(2, e.code());
        assertTrue(e.getMessage().startsWith("cuMemAlloc_v2 failed with CUDA_ERROR_OUT_OF_MEMORY (2)"), e.getMessage());

        CudaException ptx = new CudaException(cuResult.get("CUDA_ERROR_INVALID_PTX"), "cuModuleLoadDataEx", "JIT log:\nline 3: syntax error");
        assertEquals("CUDA_ERROR_INVALID_PTX", ptx.name());
        assertTrue(ptx.getMessage().endsWith("line 3: syntax error"), ptx.getMessage());

        CudaException unknown = new CudaException(123_456, "cuFoo");
        assertTrue(unknown.name().contains("123456"), unknown.name());
        assertFalse(unknown.name().startsWith("CUDA_"), unknown.name());
    }
}
