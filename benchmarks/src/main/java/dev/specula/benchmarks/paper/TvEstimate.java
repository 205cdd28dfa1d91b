package dev.specula.benchmarks.paper;

import java.util.List;

/**
 * The Monte-Carlo TV distance of a verifier's emitted tokens to the exact target, averaged over
 * the rows of a workload, beside the noise level and the prediction.
 *
 * <p>Each row r gives an empirical TV T_r over its bins and the expected TV E_r of the same
 * number of exact samples ({@link TokenBins#expectedNoise}). For an exact sampler T_r - E_r has
 * mean 0; the standard error of the mean difference over the rows, from its sample deviation,
 * says how far from the noise level a measured mean may be by chance. A mean more than
 * {@value #Z_LIMIT} standard errors above the noise is a measured departure: with 16 rows the
 * ratio follows about Student's t with 15 degrees of freedom, which exceeds 5 with probability
 * below 1e-4, so the twenty checks of exact verifiers in a run raise a false alarm less than once
 * in 500 runs.
 *
 * @param tv mean binned TV of the measured tokens
 * @param noise mean expected binned TV of as many exact samples: the noise level
 * @param standardError standard error of {@code tv - noise} (NaN with fewer than two rows)
 * @param predicted mean binned TV the formula predicts (what {@code tv} estimates, less noise)
 * @param predictedFull mean TV over single tokens the formula predicts
 * @param samples tokens counted, over all rows
 */
record TvEstimate(double tv, double noise, double standardError, double predicted, double predictedFull, long samples) {
    static final double Z_LIMIT = 5;

    /** One row: its empirical and expected-noise TV, and the two predictions. */
    record Row(double tv, double noise, double predicted, double predictedFull, long samples) {}

    static TvEstimate of(List<Row> rows) {
        if (rows.isEmpty()) return new TvEstimate(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        int n = rows.size();
        double tv = 0, noise = 0, predicted = 0, full = 0, meanDiff;
        long samples = 0;
        for (Row r : rows) {
            tv += r.tv;
            noise += r.noise;
            predicted += r.predicted;
            full += r.predictedFull;
            samples += r.samples;
        }
        meanDiff = (tv - noise) / n;
        double squares = 0;
        for (Row r : rows) squares += Math.pow(r.tv - r.noise - meanDiff, 2);
        double standardError = n < 2 ? Double.NaN : Math.sqrt(squares / (n - 1) / n);
        return new TvEstimate(tv / n, noise / n, standardError, predicted / n, full / n, samples);
    }

    /** How many standard errors the measured TV lies above the noise level. */
    double z() {
        return (tv - noise) / standardError;
    }

    /** Whether the measurement is consistent with exact sampling (at most {@value #Z_LIMIT} standard errors above the noise). */
    boolean atNoiseLevel() {
        return !(z() > Z_LIMIT);
    }
}
