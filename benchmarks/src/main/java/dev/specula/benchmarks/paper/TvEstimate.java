package dev.specula.benchmarks.paper;

import java.util.List;

/**
 * The Monte-Carlo TV distance of a verifier's emitted tokens to the exact target, averaged over
 * the rows of a workload, beside the noise level and the prediction.
 *
 * <p>Each row r gives an empirical TV T_r over its bins; for an exact sampler T_r has mean E_r
 * ({@link TokenBins#expectedNoise}) and variance S_r ({@link TokenBins#noiseVariance}, from
 * simulated sets of as many exact samples). So under exactness the mean of T_r - E_r over R
 * independent rows has mean 0 and standard error sqrt(sum S_r) / R, and z = mean / standard error
 * is about standard normal. A z above {@value #Z_LIMIT} is a measured departure: an exact sampler
 * gets there with probability of order 1e-6 per check (more with the skew of a few rows of few
 * samples, still far below one false alarm in a run of forty checks).
 *
 * @param tv mean binned TV of the measured tokens
 * @param noise mean expected binned TV of as many exact samples: the noise level
 * @param standardError standard error of {@code tv - noise} for an exact sampler
 * @param predicted mean binned TV the formula predicts (what {@code tv} estimates, less noise)
 * @param predictedFull mean TV over single tokens the formula predicts
 * @param samples tokens counted, over all rows
 */
record TvEstimate(double tv, double noise, double standardError, double predicted, double predictedFull, long samples) {
    static final double Z_LIMIT = 5;

    /** One row: its empirical TV, the expected TV and its variance for exact samples, and the two predictions. */
    record Row(double tv, double noise, double noiseVariance, double predicted, double predictedFull, long samples) {}

    static TvEstimate of(List<Row> rows) {
        if (rows.isEmpty()) return new TvEstimate(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        int n = rows.size();
        double tv = 0, noise = 0, variance = 0, predicted = 0, full = 0;
        long samples = 0;
        for (Row r : rows) {
            tv += r.tv;
            noise += r.noise;
            variance += r.noiseVariance;
            predicted += r.predicted;
            full += r.predictedFull;
            samples += r.samples;
        }
        return new TvEstimate(tv / n, noise / n, Math.sqrt(variance) / n, predicted / n, full / n, samples);
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
