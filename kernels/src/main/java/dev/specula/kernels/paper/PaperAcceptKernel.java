package dev.specula.kernels.paper;

import dev.specula.kernels.pipeline.AcceptKernel;

/**
 * The first rejection, one work-item per sequence (global size B rounded up to the local size):
 * walks the drafts in order and accepts d_i iff {@code u_i < ratio_i}, u_i being core's accept
 * uniform of position i; the ratio comes from what the variant computed
 * before: the gathered {@code p_i(d_i) / q_i(d_i)} ({@code ratioWidth = 1}) or the full ratio
 * matrix at column d_i ({@code ratioWidth = V}). At the first rejection the sequence samples the
 * residual of that row (mode 1), else the bonus of row n (mode 2), with the sample uniform of that
 * position in {@code sampleU}.
 *
 * <p>Every row the walk consumes is checked first, in the reference verifier's order, against
 * the validity the earlier kernels recorded ({@code rowBad}, {@code rowArg}); the target row g,
 * which the sigmoid kernel does not read, is checked by a later kernel when
 * {@code checkLastRow = 0}. With {@code checkRecorded = 1}, a recorded draft log-probability must
 * match {@code log q_i(d_i)} of the softmax rows {@code q} within 1e-4. {@code outcome[5b ..]}
 * holds accepted, token (written by the sampling kernel), status, row and index of a failure:
 * the pipeline's {@link AcceptKernel} contract, whose row checks and outcome this kernel reuses
 * (with {@code draftKind = 1}: draft logits).
 */
public class PaperAcceptKernel extends AcceptKernel {
    int vocabSize, ratioWidth, checkLastRow, checkRecorded;
    float[] ratio = new float[1];
    float[] q = new float[1];

    @Override
    public void run() {
        int b = getGlobalId();
        if (b < sequences) {
            int n = draftCount[b];
            int i = 0;                 // the position walked: accepted drafts at the end, or the failing row
            int status = OK;
            int statusIndex = -1;
            int sampling = 0;
            while (sampling == 0 && status == OK) {
                if (i < maxDrafts || checkLastRow == 1) {
                    status = targetRowStatus(b * (maxDrafts + 1) + i);
                    statusIndex = rowBad[b * (maxDrafts + 1) + i];
                }
                int slot = b * maxDrafts + i;
                if (status == OK && i < n) {
                    status = draftRowStatus(sequences * (maxDrafts + 1) + slot);
                    statusIndex = rowBad[sequences * (maxDrafts + 1) + slot];
                    if (status == OK && checkRecorded == 1) status = recordedStatus(slot, q[slot * vocabSize + draftToken[slot]]);
                }
                if (status == OK) {
                    if (i == n) {
                        sampling = 2;
                    } else if (uniform(b, i, 0) < ratio[ratioWidth == 1 ? slot : slot * vocabSize + draftToken[slot]]) {
                        i++;
                    } else {
                        sampling = 1;
                    }
                }
            }
            writeOutcome(b, i, 0, status, i, statusIndex, sampling, sampling == 0 ? 0.0 : uniform(b, i, 1));
        }
    }
}
