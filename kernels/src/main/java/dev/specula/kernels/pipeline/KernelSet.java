package dev.specula.kernels.pipeline;

import dev.specula.ffm.opencl.ClContext;
import dev.specula.ffm.opencl.ClDevice;
import dev.specula.ffm.opencl.ClKernel;
import dev.specula.ffm.opencl.ClProgram;
import dev.specula.kernels.cuda.HandwrittenSource;
import dev.specula.kernels.translate.KernelTranslator;
import dev.specula.kernels.translate.TranslatedKernel;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where the stages' OpenCL C comes from: the Java kernel classes translated at run time
 * ({@link #javaKernels()}), or the hand-written single-source C ({@link #handwritten()}). Both
 * provide kernels with the same names and the same parameter names, so the verifier binds either
 * by name and runs them identically.
 *
 * <p>Programs are built through {@link ClContext#program}, which keeps each (source, options,
 * device) built once per context.
 */
public sealed interface KernelSet {

    /** A short name for reports: "java" or "handwritten". */
    String name();

    /** The OpenCL C of {@code stage}, as it is built. */
    String source(Stage stage);

    /**
     * Builds (or takes from the context's cache) the stage kernels for {@code device}.
     * Each call makes new {@link ClKernel} objects, since a kernel's arguments belong to its user.
     */
    Map<Stage, StageKernel> build(ClContext context, ClDevice device);

    /** The Java kernel classes of {@link Stage}, translated by {@link KernelTranslator#shared()}. */
    static KernelSet javaKernels() {
        return JavaKernels.INSTANCE;
    }

    /** The hand-written OpenCL C at {@value Handwritten#RESOURCES} (prelude_opencl.h + specula_verify.h). */
    static KernelSet handwritten() {
        return Handwritten.INSTANCE;
    }

    /** Closes the kernels made so far when a build fails half-way. */
    private static void closeAll(Map<Stage, StageKernel> kernels) {
        for (StageKernel k : kernels.values()) k.kernel().close();
    }

    /** The translated Java kernels: one program per stage (each translation is a whole program). */
    final class JavaKernels implements KernelSet {
        static final JavaKernels INSTANCE = new JavaKernels();

        private JavaKernels() {}

        @Override
        public String name() {
            return "java";
        }

        @Override
        public String source(Stage stage) {
            return KernelTranslator.shared().translate(stage.javaKernel()).source();
        }

        @Override
        public Map<Stage, StageKernel> build(ClContext context, ClDevice device) {
            Map<Stage, StageKernel> kernels = new EnumMap<>(Stage.class);
            try {
                for (Stage stage : Stage.values()) {
                    TranslatedKernel translated = KernelTranslator.shared().translate(stage.javaKernel());
                    ClProgram program = context.program(translated.source(), "", device);
                    kernels.put(stage, new StageKernel(stage, program.kernel(translated.functionName()), translated.parameterNames()));
                }
            } catch (RuntimeException e) {
                closeAll(kernels);
                throw e;
            }
            return kernels;
        }
    }

    /**
     * The hand-written single source, built once as one program with {@code -cl-kernel-arg-info}
     * so that each kernel's parameter names come from the driver ({@link ClKernel#argumentNames()}).
     */
    final class Handwritten implements KernelSet {
        /** The resource folder of the hand-written source. */
        public static final String RESOURCES = HandwrittenSource.FOLDER;
        static final Handwritten INSTANCE = new Handwritten();

        private Handwritten() {}

        @Override
        public String name() {
            return "handwritten";
        }

        @Override
        public String source(Stage stage) {
            return program();
        }

        /** prelude_opencl.h followed by specula_verify.h. */
        public String program() {
            return HandwrittenSource.openClProgram();
        }

        @Override
        public Map<Stage, StageKernel> build(ClContext context, ClDevice device) {
            ClProgram program = context.program(program(), HandwrittenSource.OPENCL_OPTIONS, device);
            Map<Stage, StageKernel> kernels = new EnumMap<>(Stage.class);
            try {
                for (Stage stage : Stage.values()) {
                    ClKernel kernel = program.kernel(stage.kernelName());
                    try {
                        kernels.put(stage, new StageKernel(stage, kernel, kernel.argumentNames()));
                    } catch (RuntimeException e) {
                        kernel.close();
                        throw e;
                    }
                }
            } catch (RuntimeException e) {
                closeAll(kernels);
                throw e;
            }
            return kernels;
        }
    }
}
