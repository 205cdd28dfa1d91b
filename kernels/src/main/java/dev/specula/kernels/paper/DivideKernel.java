package dev.specula.kernels.paper;

import com.aparapi.Kernel;

/**
 * An element-wise division as torch launches it, {@code quotient[k] = numerator[k] /
 * denominator[k / denominatorEvery]} for {@code k < count} (global size {@code count} rounded
 * up): the ratio {@code p_i / q_i} of the gathered probabilities, and the residual row divided by
 * its sum ({@code p_prime.div_(p_prime.sum())}, in place).
 */
public class DivideKernel extends Kernel {
    int count, denominatorEvery;
    float[] numerator = new float[1];
    float[] denominator = new float[1];
    float[] quotient = new float[1];

    @Override
    public void run() {
        int k = getGlobalId();
        if (k < count) quotient[k] = numerator[k] / denominator[k / denominatorEvery];
    }
}
