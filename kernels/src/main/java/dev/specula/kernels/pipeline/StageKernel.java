package dev.specula.kernels.pipeline;

import dev.specula.ffm.opencl.ClKernel;
import java.util.List;
import java.util.Objects;

/**
 * One stage's built kernel and its parameter names in order, so that its arguments are bound by name.
 *
 * @param stage          the stage
 * @param kernel         the kernel, built for one device
 * @param parameterNames the kernel function's parameter names, in order
 */
public record StageKernel(Stage stage, ClKernel kernel, List<String> parameterNames) {
    public StageKernel {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(kernel, "kernel");
        parameterNames = List.copyOf(parameterNames);
    }
}
