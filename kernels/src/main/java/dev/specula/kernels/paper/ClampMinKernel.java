package dev.specula.kernels.paper;

import com.aparapi.Kernel;

/**
 * {@code torch.clamp_min(p_prime, 1e-5)} of the paper's sigmoid code, one work-item per
 * (sequence, token), global size {@code B * V} rounded up: floors row b of {@code weights} for a
 * residual (mode 1) and, when {@code floorBonus = 1}, for a bonus (mode 2).
 */
public class ClampMinKernel extends Kernel {
    static final float FLOOR = 1e-5f;

    int sequences, vocabSize, floorBonus;
    int[] mode = new int[1];
    float[] weights = new float[1];

    @Override
    public void run() {
        int k = getGlobalId();
        if (k < sequences * vocabSize) {
            int sampling = mode[k / vocabSize];
            if (sampling == 1 || (sampling == 2 && floorBonus == 1)) weights[k] = max(weights[k], FLOOR);
        }
    }
}
