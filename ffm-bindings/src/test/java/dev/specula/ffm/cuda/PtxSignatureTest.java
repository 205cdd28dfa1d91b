package dev.specula.ffm.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packed argument sizes against what a real kernel expects: nvcc compiles the driver test's
 * kernel (int, long long, float, double and pointer parameters) to PTX, whose {@code .param}
 * declarations state each parameter's width. Needs the CUDA toolkit, not a driver; under CI a
 * missing nvcc fails the test.
 */
class PtxSignatureTest {
    private static final Pattern PARAM = Pattern.compile("\\.param\\s+\\.([a-z]+)(\\d+)\\s+affine_param_(\\d+)");
    private static final Map<String, String> PTX_KIND = Map.of("u", "integer", "s", "integer", "b", "integer", "f", "float");

    @Test
    void packedWidthsMatchTheKernelsParameters() throws IOException, InterruptedException {
        if (!Nvcc.isInstalled()) {
            if ("true".equals(System.getenv("CI"))) {
                fail(Nvcc.PATH + " is missing: CI machines have the CUDA toolkit");
            }
            assumeTrue(false, Nvcc.PATH + " not present: this check compiles a kernel with the CUDA toolkit");
        }
        String ptx = Nvcc.compileToPtx(CudaDriverTest.AFFINE_KERNEL);
        List<String> declared = new ArrayList<>();
        Matcher matcher = PARAM.matcher(ptx);
        while (matcher.find()) {
            declared.add(PTX_KIND.get(matcher.group(1)) + " " + Integer.parseInt(matcher.group(2)) / 8);
        }

        CudaContext context = TestDevices.detachedContext();
        try (CudaBuffer in = context.wrap(0x10000, 4096); CudaBuffer out = context.wrap(0x20000, 4096)) {
            List<String> packed = new ArrayList<>();
            for (KernelArguments.Argument argument : KernelArguments.of(in, out, 2.0f, 0.5d, 1000, 1000L).arguments()) {
                String kind = argument instanceof KernelArguments.FloatValue || argument instanceof KernelArguments.DoubleValue
                        ? "float" : "integer";
                packed.add(kind + " " + argument.layout().byteSize());
            }
            assertEquals(List.of("integer 8", "integer 8", "float 4", "float 8", "integer 4", "integer 8"), declared, ptx);
            assertEquals(declared, packed);
        }
    }
}
