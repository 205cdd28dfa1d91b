package dev.specula.kernels.paper;

import dev.specula.kernels.pipeline.AcceptKernel;
import dev.specula.kernels.pipeline.UniformKernel;

/**
 * The first rejection, one work-item per sequence (global size B rounded up to the local size):
 * walks the drafts in order and accepts d_i iff {@code u_i < ratio_i}, u_i being core's accept
 * uniform of position i ({@link UniformKernel}); the ratio comes from what the variant computed
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
 * holds accepted, token (written by the sampling kernel), status, row and index of a failure,
 * as in the pipeline's {@link AcceptKernel}.
 */
public class PaperAcceptKernel extends UniformKernel {
    int sequences, maxDrafts, vocabSize, ratioWidth, checkLastRow, checkRecorded;
    int[] draftCount = new int[1];
    int[] draftToken = new int[1];
    float[] ratio = new float[1];
    float[] q = new float[1];
    double[] recordedLogQ = new double[1];
    int[] rowBad = new int[1];
    int[] rowArg = new int[1];
    int[] outcome = new int[1];
    int[] mode = new int[1];
    double[] sampleU = new double[1];

    @Override
    public void run() {
        int b = getGlobalId();
        if (b < sequences) {
            int n = draftCount[b];
            int status = AcceptKernel.OK;
            int statusRow = 0;
            int statusIndex = -1;
            int accepted = 0;
            int sampling = 0;
            double u = 0.0;
            int walking = 1;
            int i = 0;
            while (walking == 1) {
                int row = b * (maxDrafts + 1) + i;
                if (i < maxDrafts || checkLastRow == 1) {
                    if (rowBad[row] >= 0) {
                        status = AcceptKernel.TARGET_NON_FINITE;
                        statusIndex = rowBad[row];
                    } else if (rowArg[row] < 0) {
                        status = AcceptKernel.TARGET_NO_FINITE;
                    }
                }
                if (status == AcceptKernel.OK && i < n) {
                    int draftRow = sequences * (maxDrafts + 1) + b * maxDrafts + i;
                    if (rowBad[draftRow] >= 0) {
                        status = AcceptKernel.DRAFT_NON_FINITE;
                        statusIndex = rowBad[draftRow];
                    } else if (rowArg[draftRow] < 0) {
                        status = AcceptKernel.DRAFT_NO_FINITE;
                    }
                    double recorded = recordedLogQ[b * maxDrafts + i];
                    if (status == AcceptKernel.OK && checkRecorded == 1 && recorded == recorded) {
                        double logQ = log((double) q[(b * maxDrafts + i) * vocabSize + draftToken[b * maxDrafts + i]]);
                        double difference = abs(recorded - logQ);
                        // Spelled out so that NaN (log 0 against -infinity) counts as a mismatch.
                        if (difference != difference || difference > 1e-4) status = AcceptKernel.RECORDED_LOG_Q;
                    }
                }
                if (status != AcceptKernel.OK) {
                    statusRow = i;
                    walking = 0;
                } else if (i == n) {
                    accepted = n;
                    sampling = 2;
                    u = uniform(b, n, 1);
                    walking = 0;
                } else {
                    int slot = b * maxDrafts + i;
                    float r = ratio[ratioWidth == 1 ? slot : slot * vocabSize + draftToken[slot]];
                    if (uniform(b, i, 0) < r) {
                        i++;
                    } else {
                        accepted = i;
                        sampling = 1;
                        u = uniform(b, i, 1);
                        walking = 0;
                    }
                }
            }
            outcome[b * 5] = accepted;
            outcome[b * 5 + 1] = -1;
            outcome[b * 5 + 2] = status;
            outcome[b * 5 + 3] = statusRow;
            outcome[b * 5 + 4] = statusIndex;
            mode[b] = status == AcceptKernel.OK ? sampling : 0;
            sampleU[b] = u;
        }
    }
}
