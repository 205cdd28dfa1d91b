package dev.specula.kernels.paper;

import com.aparapi.Kernel;

/**
 * {@code probs[:, arange(g), drafts]}: one work-item per (sequence, draft position), global size
 * {@code B * g} rounded up, copies the probability of draft d_i from row i of dense
 * {@code probs} (rowsPerSequence rows of V per sequence) into {@code gathered[b * g + i]}.
 */
public class GatherKernel extends Kernel {
    int sequences, maxDrafts, vocabSize, rowsPerSequence;
    int[] draftToken = new int[1];
    float[] probs = new float[1];
    float[] gathered = new float[1];

    @Override
    public void run() {
        int slot = getGlobalId();
        if (slot < sequences * maxDrafts) {
            int b = slot / maxDrafts;
            int i = slot - b * maxDrafts;
            gathered[slot] = probs[(b * rowsPerSequence + i) * vocabSize + draftToken[slot]];
        }
    }
}
