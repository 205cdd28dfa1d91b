package dev.specula.benchmarks.paper;

import dev.specula.core.DraftSample;
import dev.specula.core.FloatRows;
import dev.specula.core.RandomStreams;
import dev.specula.core.VerificationBatch;

/**
 * Draft sampling for thousands of trials on fixed draft rows: the running sums of every row's
 * weights are computed once, so a draw is a binary search instead of a pass over V.
 *
 * <p>It draws what {@link dev.specula.core.DraftSampler} draws at temperature 1 without
 * truncation, bit for bit: the weights exp(z - max) are summed in token order in double, a draw
 * takes the first token whose running sum exceeds {@code u * sum}, and log q(d) is
 * {@code (z_d - max) - ln(sum)}, capped at 0 (the test compares the two on many uniforms). The
 * accuracy run needs this because {@code DraftSampler} reads the whole row per draw: at V = 256000
 * that is a millisecond a draft, and the run draws millions.
 */
final class DraftTable {
    private final FloatRows rows;
    /** Per row (b * g + i): the running sums of its weights. */
    private final double[][] cumulative;
    private final float[] max;

    DraftTable(FloatRows rows) {
        this.rows = rows;
        int count = rows.sequences() * rows.rowsPerSequence();
        cumulative = new double[count][];
        max = new float[count];
        java.util.stream.IntStream.range(0, count).parallel().forEach(row -> {
            int b = row / rows.rowsPerSequence(), i = row % rows.rowsPerSequence();
            float m = Float.NEGATIVE_INFINITY;
            for (int v = 0; v < rows.vocabSize(); v++) m = Math.max(m, rows.get(b, i, v));
            double[] sums = new double[rows.vocabSize()];
            double sum = 0;
            for (int v = 0; v < rows.vocabSize(); v++) {
                sum += Math.exp((double) rows.get(b, i, v) - m);
                sums[v] = sum;
            }
            cumulative[row] = sums;
            max[row] = m;
        });
    }

    /** The draw of draft row i of sequence b with uniform u, and its log-probability. */
    DraftSample sample(int b, int i, double u) {
        int row = b * rows.rowsPerSequence() + i;
        double[] sums = cumulative[row];
        double total = sums[sums.length - 1];
        double goal = u * total;
        int low = 0, high = sums.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sums[mid] > goal) high = mid;
            else low = mid + 1;
        }
        double logProbability = ((double) rows.get(b, i, low) - max[row]) - Math.log(total);
        return new DraftSample(low, Math.min(0.0, logProbability));
    }

    /**
     * Draws every draft of every sequence of {@code batch} with the sequences' draft uniforms
     * ({@link RandomStreams#draftUniform}) and records them, as {@code DraftSampler.sampleDraft} does.
     */
    void sampleAll(VerificationBatch batch) {
        for (int b = 0; b < batch.sequences(); b++) {
            for (int i = 0; i < rows.rowsPerSequence(); i++) {
                DraftSample d = sample(b, i, RandomStreams.draftUniform(batch.seed(b), batch.stream(b), batch.step(b), i));
                batch.draftToken(b, i, d.token()).draftLogProbability(b, i, d.logProbability());
            }
            batch.draftCount(b, rows.rowsPerSequence());
        }
    }
}
