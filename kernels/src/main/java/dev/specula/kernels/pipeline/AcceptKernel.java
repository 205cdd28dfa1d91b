package dev.specula.kernels.pipeline;

/**
 * Stage 3: one work-item per sequence walks its chain of drafts exactly as
 * {@link dev.specula.core.ReferenceVerifier} does (Leviathan et al. 2023, algorithm 1), from the
 * row statistics of stage 2.
 *
 * <ul>
 *   <li>Greedy target (T = 0): accept draft d_i iff it is row i's arg-max; emit the arg-max.
 *   <li>Otherwise accept d_i iff {@code q(d) > 0 and u_i < p(d) / q(d)} (ratio in double), with
 *       {@code p(d) = exp((z_d - M) / T) / S} and q(d) by draft kind: one-hot 1; logits
 *       {@code exp((zq_d - Mq) / Tq) / Sq}, or one-hot at the draft row's arg-max when Tq = 0;
 *       probabilities the given value. At the first rejection the sequence goes on to the
 *       residual sample (mode 1); if every draft is accepted, to the bonus sample (mode 2).
 * </ul>
 *
 * <p>The uniforms are core's {@link dev.specula.core.RandomStreams} bit for bit ({@link UniformKernel}).
 *
 * <p>Every row the walk consumes is checked first, in the reference verifier's order; a failed
 * check stops the sequence with a status (see {@link PipelineStatus}) instead of a token.
 * {@code outcome[5b ..]} holds accepted, token, status, row, token-or-index of the failure.
 */
public class AcceptKernel extends UniformKernel {
    /** The {@link PipelineStatus} codes, by ordinal. */
    public static final int OK = 0;
    public static final int TARGET_NON_FINITE = 1;
    public static final int TARGET_NO_FINITE = 2;
    public static final int DRAFT_NON_FINITE = 3;
    public static final int DRAFT_NO_FINITE = 4;
    public static final int PROBABILITY_OUT_OF_RANGE = 5;
    public static final int PROBABILITY_SUM = 6;
    public static final int RECORDED_LOG_Q = 7;

    float[] target = new float[1];
    long targetOffset, targetRowStride, targetSequenceStride;
    float[] draft = new float[1];
    long draftOffset, draftRowStride, draftSequenceStride;
    protected int sequences, maxDrafts, draftKind;
    protected int[] draftCount = new int[1];
    protected int[] draftToken = new int[1];
    float[] temperature = new float[1];
    float[] draftTemperature = new float[1];
    double[] recordedLogQ = new double[1];
    float[] rowMax = new float[1];
    double[] rowSum = new double[1];
    int[] rowArg = new int[1];
    protected int[] rowBad = new int[1];
    int[] outcome = new int[1];
    int[] mode = new int[1];
    double[] sampleU = new double[1];

    @Override
    public void run() {
        int b = getGlobalId();
        if (b < sequences) {
            int n = draftCount[b];
            float t = temperature[b];
            int status = OK;
            int statusRow = 0;
            int statusIndex = -1;
            int accepted = 0;
            int walking = 1;
            int next = 0;
            int sampling = 0;
            double u = 0.0;
            int i = 0;
            while (walking == 1) {
                int row = b * (maxDrafts + 1) + i;
                // The target row is read first, as the reference reads it.
                status = targetRowStatus(row);
                statusIndex = rowBad[row];
                if (status != OK) {
                    statusRow = i;
                    walking = 0;
                } else if (i == n) {
                    // Every draft accepted: the bonus token from row n.
                    accepted = n;
                    if (t == 0f) {
                        next = rowArg[row];
                    } else {
                        sampling = 2;
                        u = uniform(b, n, 1);
                    }
                    walking = 0;
                } else if (t == 0f) {
                    if (draftToken[b * maxDrafts + i] == rowArg[row]) {
                        i++;
                    } else {
                        accepted = i;
                        next = rowArg[row];
                        walking = 0;
                    }
                } else {
                    int d = draftToken[b * maxDrafts + i];
                    long base = targetOffset + b * targetSequenceStride + i * targetRowStride;
                    double p = exp(((double) target[(int) (base + d)] - rowMax[row]) / t) / rowSum[row];
                    double q = 1.0;
                    if (draftKind != 0) {
                        int draftRow = sequences * (maxDrafts + 1) + b * maxDrafts + i;
                        long draftBase = draftOffset + b * draftSequenceStride + i * draftRowStride;
                        status = draftRowStatus(draftRow);
                        statusIndex = rowBad[draftRow];
                        if (status != OK) {
                            q = 0.0;
                        } else if (draftKind == 2) {
                            double total = rowSum[draftRow];
                            if (total < 1.0 - 1e-3 || total > 1.0 + 1e-3) status = PROBABILITY_SUM;
                            q = draft[(int) (draftBase + d)];
                        } else if (draftTemperature[b] == 0f) {
                            q = d == rowArg[draftRow] ? 1.0 : 0.0;
                        } else {
                            q = exp(((double) draft[(int) (draftBase + d)] - rowMax[draftRow]) / draftTemperature[b]) / rowSum[draftRow];
                        }
                    }
                    if (status == OK) status = recordedStatus(b * maxDrafts + i, q);
                    if (status != OK) {
                        statusRow = i;
                        walking = 0;
                    } else if (q > 0.0 && uniform(b, i, 0) < p / q) {
                        i++;
                    } else {
                        accepted = i;
                        sampling = 1;
                        u = uniform(b, i, 1);
                        walking = 0;
                    }
                }
            }
            writeOutcome(b, accepted, next, status, statusRow, statusIndex, sampling, u);
        }
    }

    /** OK, or why target row {@code row} cannot be read (its lowest bad index is {@code rowBad[row]}). */
    protected int targetRowStatus(int row) {
        int status = OK;
        if (rowBad[row] >= 0) {
            status = TARGET_NON_FINITE;
        } else if (rowArg[row] < 0) {
            status = TARGET_NO_FINITE;
        }
        return status;
    }

    /** OK, or why draft row {@code draftRow} (logits or probabilities, by draftKind) cannot be read. */
    protected int draftRowStatus(int draftRow) {
        int status = OK;
        if (rowBad[draftRow] >= 0) {
            status = draftKind == 2 ? PROBABILITY_OUT_OF_RANGE : DRAFT_NON_FINITE;
        } else if (draftKind == 1 && rowArg[draftRow] < 0) {
            status = DRAFT_NO_FINITE;
        }
        return status;
    }

    /** RECORDED_LOG_Q if the draft at {@code slot} was recorded with a log q more than 1e-4 from log q, else OK. */
    protected int recordedStatus(int slot, double q) {
        int status = OK;
        double recorded = recordedLogQ[slot];
        if (recorded == recorded) {
            double difference = abs(recorded - log(q));
            // Spelled out so that NaN (log 0 against -infinity) counts as a mismatch.
            if (difference != difference || difference > 1e-4) status = RECORDED_LOG_Q;
        }
        return status;
    }

    /** Writes sequence b's outcome ({@code outcome[5b ..]}), its sampling mode (0 after a failure) and sample uniform. */
    protected void writeOutcome(int b, int accepted, int next, int status, int statusRow, int statusIndex, int sampling, double u) {
        outcome[b * 5] = accepted;
        outcome[b * 5 + 1] = next;
        outcome[b * 5 + 2] = status;
        outcome[b * 5 + 3] = statusRow;
        outcome[b * 5 + 4] = statusIndex;
        mode[b] = status == OK ? sampling : 0;
        sampleU[b] = u;
    }
}
