package dev.specula.kernels.paper;

import com.aparapi.Kernel;

/**
 * {@code torch.clamp(p[:, n] - q[:, n], min=0)} for the rejected row n of every sequence that
 * samples a residual (mode 1), one work-item per (sequence, token), global size {@code B * V}
 * rounded up: writes row b of {@code weights} (other sequences' rows are zeroed).
 */
public class ClampKernel extends Kernel {
    int sequences, maxDrafts, vocabSize;
    int[] mode = new int[1];
    int[] outcome = new int[1];
    float[] p = new float[1];
    float[] q = new float[1];
    float[] weights = new float[1];

    @Override
    public void run() {
        int k = getGlobalId();
        if (k < sequences * vocabSize) {
            int b = k / vocabSize;
            int v = k - b * vocabSize;
            float residual = 0f;
            if (mode[b] == 1) {
                int i = outcome[b * 5];
                residual = max(p[(b * (maxDrafts + 1) + i) * vocabSize + v] - q[(b * maxDrafts + i) * vocabSize + v], 0f);
            }
            weights[k] = residual;
        }
    }
}
