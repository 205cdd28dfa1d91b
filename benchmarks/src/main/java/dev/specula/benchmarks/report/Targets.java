package dev.specula.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The targets of issue 4, checked against one run:
 * <ul>
 *   <li>the fast verifier at least {@value #MIN_SPEED_UP}x faster than the reference at B = 1,
 *       g = 4, V = 128256 with every draft accepted, and at B = 64 (same g, V and regime);
 *       the fast verifier runs on all threads there, as a caller would run it;
 *   <li>the fast verifier on one thread within {@value #MAX_OVER_FLOOR}x of the one-thread floor
 *       in every case measured; a case under {@value #IMPLAUSIBLY_UNDER_FLOOR}x is flagged, since
 *       the verifier does all of the floor's work and more, and the target is then not shown;
 *   <li>no allocation per call: JMH's {@code gc.alloc.rate.norm} less the harness's share
 *       ({@link Comparison#allocationOverHarness}) below {@value #MAX_BYTES_PER_CALL} bytes, the
 *       size of the smallest Java object: a call that allocated anything every time would show
 *       at least that much.
 * </ul>
 */
public final class Targets {
    static final double MIN_SPEED_UP = 10;
    static final double MAX_OVER_FLOOR = 1.25;
    static final double MAX_BYTES_PER_CALL = 16;
    /**
     * Below this, a one-thread verifier would be faster than the floor, whose work it includes:
     * impossible in a quiet run, so it means the floor's measurement was disturbed.
     */
    static final double IMPLAUSIBLY_UNDER_FLOOR = 0.95;
    static final CaseKey HEADLINE_ONE = new CaseKey(128_256, 4, 1, "ALL_ACCEPTED");
    static final CaseKey HEADLINE_BATCH = new CaseKey(128_256, 4, 64, "ALL_ACCEPTED");

    private Targets() {}

    public static List<TargetCheck> check(Comparison comparison) {
        List<TargetCheck> checks = new ArrayList<>();
        checks.add(speedUp(comparison, HEADLINE_ONE));
        checks.add(speedUp(comparison, HEADLINE_BATCH));
        checks.add(floor(comparison));
        checks.add(allocation(comparison));
        return checks;
    }

    private static TargetCheck speedUp(Comparison comparison, CaseKey key) {
        String target = "fast ≥ " + plain(MIN_SPEED_UP) + "× faster than reference";
        Optional<Double> speedUp = comparison.speedUp(key, Contender.FAST_ALL_THREADS);
        if (speedUp.isEmpty()) return notMeasured(target, key.label());
        double s = speedUp.get();
        String measured = format(s) + "×";
        return s >= MIN_SPEED_UP
                ? new TargetCheck(target, key.label(), measured, TargetCheck.Status.MET, "met, " + format(s / MIN_SPEED_UP) + "× the target")
                : new TargetCheck(target, key.label(), measured, TargetCheck.Status.MISSED,
                        "missed by " + percent(1 - s / MIN_SPEED_UP) + " (needs " + format(MIN_SPEED_UP / s) + "× more speed)");
    }

    private static TargetCheck floor(Comparison comparison) {
        String target = "fast (1 thread) ≤ " + plain(MAX_OVER_FLOOR) + "× the floor";
        CaseKey worst = null;
        double worstRatio = 0;
        int cases = 0, met = 0, implausible = 0;
        for (CaseKey key : comparison.cases()) {
            Optional<Double> ratio = comparison.overFloor(key, Contender.FAST_ONE_THREAD);
            if (ratio.isEmpty()) continue;
            cases++;
            if (ratio.get() < IMPLAUSIBLY_UNDER_FLOOR) implausible++;
            if (ratio.get() <= MAX_OVER_FLOOR) met++;
            if (worst == null || ratio.get() > worstRatio) {
                worst = key;
                worstRatio = ratio.get();
            }
        }
        if (worst == null) return notMeasured(target, "every case");
        String scope = "every case (" + cases + "); worst: " + worst.label();
        String measured = met + " of " + cases + " within; worst " + format(worstRatio) + "×";
        String caveat = implausible == 0 ? "" : "; " + implausible + " case(s) under " + plain(IMPLAUSIBLY_UNDER_FLOOR)
                + "× (⚠): their floor was disturbed by other load, so they prove nothing";
        if (met == cases && implausible > 0) {
            return new TargetCheck(target, scope, measured, TargetCheck.Status.NOT_MEASURED, "not shown" + caveat + "; rerun");
        }
        return met == cases
                ? new TargetCheck(target, scope, measured, TargetCheck.Status.MET, "met")
                : new TargetCheck(target, scope, measured, TargetCheck.Status.MISSED,
                        "missed in " + (cases - met) + " case(s); the worst is " + percent(worstRatio / MAX_OVER_FLOOR - 1)
                                + " over the limit" + caveat);
    }

    private static TargetCheck allocation(Comparison comparison) {
        String target = "0 bytes allocated per call (fast)";
        CaseKey worstCase = null;
        Contender worstContender = null;
        double worst = -1;
        int cases = 0;
        for (CaseKey key : comparison.cases()) {
            for (Contender c : List.of(Contender.FAST_ONE_THREAD, Contender.FAST_ALL_THREADS)) {
                Optional<Double> bytes = comparison.allocationOverHarness(key, c);
                if (bytes.isEmpty()) continue;
                cases++;
                if (bytes.get() > worst) {
                    worst = bytes.get();
                    worstCase = key;
                    worstContender = c;
                }
            }
        }
        if (worstCase == null) return notMeasured(target + " — run with -prof gc", "every fast case");
        String scope = "every fast case (" + cases + "); worst: " + worstCase.label() + ", " + worstContender.label();
        String measured = "worst " + bytes(worst) + " B/call over the harness";
        return worst < MAX_BYTES_PER_CALL
                ? new TargetCheck(target, scope, measured, TargetCheck.Status.MET, "met")
                : new TargetCheck(target, scope, measured, TargetCheck.Status.MISSED, "missed by " + bytes(worst) + " B/call");
    }

    private static TargetCheck notMeasured(String target, String scope) {
        return new TargetCheck(target, scope, "—", TargetCheck.Status.NOT_MEASURED, "not measured in this run");
    }

    static String format(double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }

    /** A target number as written in the issue: 10, 1.25. */
    static String plain(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    static String bytes(double b) {
        return b < 10 ? String.format(Locale.ROOT, "%.2f", b) : String.format(Locale.ROOT, "%.0f", b);
    }
}
