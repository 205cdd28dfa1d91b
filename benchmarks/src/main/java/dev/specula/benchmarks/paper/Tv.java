package dev.specula.benchmarks.paper;

/** Total-variation distance, and the distance a finite sample of the exact distribution shows. */
final class Tv {
    private Tv() {}

    /** TV(a, b) = 1/2 sum |a_k - b_k| of two distributions over the same outcomes. */
    static double distance(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("distributions over " + a.length + " and " + b.length + " outcomes");
        double sum = 0;
        for (int k = 0; k < a.length; k++) sum += Math.abs(a[k] - b[k]);
        return sum / 2;
    }

    /**
     * E[TV(empirical distribution of n samples of p, p)] = 1/2 sum_k E|X_k / n - p_k| with X_k
     * binomial(n, p_k). The mean absolute deviation of a binomial has De Moivre's closed form
     * E|X - np| = 2 m C(n, m) p^m (1 - p)^(n - m + 1) with m = floor(np) + 1 (Diaconis and
     * Zabell, "Closed form summation for classical distributions", Statistical Science 1991),
     * evaluated here in logarithms.
     */
    static double expectedEmpiricalTv(double[] p, int n) {
        if (n < 1) throw new IllegalArgumentException("need n >= 1 samples, got " + n);
        double[] logFactorial = new double[n + 2];
        for (int k = 1; k < logFactorial.length; k++) logFactorial[k] = logFactorial[k - 1] + Math.log(k);
        double sum = 0;
        for (double pk : p) sum += meanAbsoluteDeviation(pk, n, logFactorial);
        return sum / (2.0 * n);
    }

    private static double meanAbsoluteDeviation(double p, int n, double[] logFactorial) {
        if (p <= 0 || p >= 1) return 0;
        long m = (long) Math.floor(n * p) + 1;
        if (m > n) return 0;
        double logChoose = logFactorial[n] - logFactorial[(int) m] - logFactorial[(int) (n - m)];
        return 2 * m * Math.exp(logChoose + m * Math.log(p) + (n - m + 1) * Math.log1p(-p));
    }
}
