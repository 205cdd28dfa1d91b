package dev.specula.benchmarks.paper;

/**
 * What a {@link Formula} predicts for one sequence of g draft positions, in double precision.
 *
 * <p>Position i accepts a draft d ~ q_i with probability alpha_i = sum_v q_i(v) a_i(v). The
 * drafts are drawn independently per trial, so the expected number of accepted drafts is
 * sum_{k=1..g} prod_{i<k} alpha_i. The first emitted token is d_0 when accepted, else a sample
 * of the residual r_0: pi_0(v) = q_0(v) a_0(v) + (1 - alpha_0) r_0(v) — for the exact formula
 * this is p_0 whatever q_0 is, which is what the accuracy run checks. The bonus token, drawn when
 * every draft is accepted, follows the formula's bonus distribution of row g.
 *
 * @param acceptance alpha_i per position
 * @param firstToken pi_0 over the vocabulary
 * @param bonusToken the bonus distribution over the vocabulary
 */
record Prediction(double[] acceptance, double[] firstToken, double[] bonusToken) {

    /** The prediction for target rows {@code zp[0..g]} and draft rows {@code zq[0..g-1]}. */
    static Prediction of(Formula formula, float[][] zp, float[][] zq) {
        int g = zq.length;
        if (zp.length != g + 1) throw new IllegalArgumentException("need g + 1 = " + (g + 1) + " target rows, got " + zp.length);
        double[] acceptance = new double[g];
        double[] first = null;
        for (int i = 0; i < g; i++) {
            double[] q = Formula.softmax(zq[i]);
            double[] a = formula.acceptProbability(zp[i], zq[i]);
            double alpha = 0;
            for (int v = 0; v < q.length; v++) alpha += q[v] * a[v];
            acceptance[i] = alpha;
            if (i == 0) {
                double[] r = formula.residual(zp[0], zq[0]);
                first = new double[q.length];
                for (int v = 0; v < q.length; v++) first[v] = q[v] * a[v] + (1 - alpha) * r[v];
            }
        }
        return new Prediction(acceptance, first, formula.bonus(zp[g]));
    }

    /** Expected accepted drafts per verification. */
    double expectedAccepted() {
        double expected = 0, allSoFar = 1;
        for (double alpha : acceptance) {
            allSoFar *= alpha;
            expected += allSoFar;
        }
        return expected;
    }

    /** The probability that every draft is accepted (and a bonus token drawn). */
    double allAccepted() {
        double all = 1;
        for (double alpha : acceptance) all *= alpha;
        return all;
    }
}
