package dev.specula.kernels.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.Kernel;
import dev.specula.kernels.pipeline.Stage;
import dev.specula.kernels.translate.TranslatedKernel.Parameter;
import dev.specula.kernels.translate.TranslatedKernel.Space;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The translation service: names, parameters, caching, and failures that name the Java construct. */
class KernelTranslatorTest {

    /** Scales a buffer: a kernel small enough to check its generated signature by hand. */
    public static class Scale extends Kernel {
        float[] values = new float[1];
        @Local float[] scratch = new float[1];
        float factor;
        long count;

        @Override
        public void run() {
            int i = getGlobalId();
            scratch[getLocalId()] = values[i];
            localBarrier();
            if (i < count) values[i] = scratch[getLocalId()] * factor;
        }
    }

    /** Allocates an object inside the kernel: outside Aparapi's subset. */
    public static class Allocates extends Kernel {
        float[] out = new float[1];

        @Override
        public void run() {
            StringBuilder text = new StringBuilder();
            out[getGlobalId()] = text.length();
        }
    }

    /** Calls a JDK method Aparapi does not map to OpenCL. */
    public static class CallsTheJdk extends Kernel {
        int[] out = new int[1];

        @Override
        public void run() {
            out[getGlobalId()] = Integer.parseInt("7");
        }
    }

    @Test
    void fieldsBecomeParametersInTheGeneratedOrderAndTheKernelIsNamedAfterItsClass() {
        TranslatedKernel scale = new KernelTranslator().translate(Scale.class);
        assertEquals("Scale", scale.functionName());
        assertEquals(Scale.class, scale.kernelClass());
        assertTrue(scale.source().contains("__kernel void Scale("), scale.source());
        assertTrue(!scale.source().contains("__kernel void run("), "the kernel is renamed");
        // The order is Aparapi's; what matters is that names, spaces and types match the fields.
        List<Parameter> parameters = scale.parameters();
        assertEquals(5, parameters.size(), parameters.toString());
        assertEquals(new Parameter("passid", Space.SCALAR, "int"), parameters.getLast());
        assertTrue(parameters.contains(new Parameter("values", Space.GLOBAL, "float")), parameters.toString());
        assertTrue(parameters.contains(new Parameter("scratch", Space.LOCAL, "float")), parameters.toString());
        assertTrue(parameters.contains(new Parameter("factor", Space.SCALAR, "float")), parameters.toString());
        assertTrue(parameters.contains(new Parameter("count", Space.SCALAR, "long")), parameters.toString());
        // The generated signature lists them in exactly that order.
        String signature = scale.source().substring(scale.source().indexOf("__kernel void Scale("));
        signature = signature.substring(0, signature.indexOf(')'));
        int last = -1;
        for (Parameter p : parameters) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b" + p.name() + "\\b").matcher(signature);
            int at = m.find() ? m.start() : -1;
            assertTrue(at > last, p.name() + " out of order in " + signature);
            last = at;
        }
        assertTrue(signature.contains("__local float *scratch") && signature.contains("__global float *values"), signature);
        assertEquals(parameters.indexOf(new Parameter("factor", Space.SCALAR, "float")), scale.indexOf("factor"));
        assertThrows(IllegalArgumentException.class, () -> scale.indexOf("missing"));
    }

    @Test
    void eachClassIsTranslatedOnce() {
        KernelTranslator translator = new KernelTranslator();
        TranslatedKernel first = translator.translate(Scale.class);
        assertSame(first, translator.translate(Scale.class));
        assertEquals(1, translator.translations());
        translator.translate(Stage.ACCEPT.javaKernel());
        translator.translate(Stage.ACCEPT.javaKernel());
        assertEquals(2, translator.translations());
    }

    @Test
    void everyStageTranslatesWithTheContractsParameterNames() {
        for (Stage stage : Stage.values()) {
            TranslatedKernel kernel = KernelTranslator.shared().translate(stage.javaKernel());
            assertEquals(stage.kernelName(), kernel.functionName());
            assertTrue(kernel.source().contains("__kernel void " + stage.kernelName() + "("));
        }
        List<String> accept = KernelTranslator.shared().translate(Stage.ACCEPT.javaKernel()).parameterNames();
        for (String name : List.of("target", "targetOffset", "draftCount", "seedLo", "seedHi", "stepLo", "stepHi", "stream",
                "recordedLogQ", "rowMax", "rowSum", "rowArg", "rowBad", "outcome", "mode", "sampleU")) {
            assertTrue(accept.contains(name), name + " missing from " + accept);
        }
        String stats = KernelTranslator.shared().translate(Stage.ROW_STATS.javaKernel()).source();
        assertTrue(stats.contains("barrier(CLK_LOCAL_MEM_FENCE)") && stats.contains("__local float *localMax"), stats);
    }

    @Test
    void anAllocationIsReportedWithTheKernelClassAndTheConstruct() {
        KernelTranslationException e = assertThrows(KernelTranslationException.class,
                () -> new KernelTranslator().translate(Allocates.class));
        assertEquals(Allocates.class.getName(), e.kernelClass());
        assertTrue(e.getMessage().contains(Allocates.class.getName()), e.getMessage());
        assertTrue(e.construct().contains("NEW"), e.construct());
    }

    @Test
    void aJdkCallIsReportedWithTheMethod() {
        KernelTranslationException e = assertThrows(KernelTranslationException.class,
                () -> new KernelTranslator().translate(CallsTheJdk.class));
        assertEquals(CallsTheJdk.class.getName(), e.kernelClass());
        assertTrue(e.construct().contains("parseInt"), e.construct());
    }
}
