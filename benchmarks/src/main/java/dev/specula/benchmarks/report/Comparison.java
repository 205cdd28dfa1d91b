package dev.specula.benchmarks.report;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The measurements of one run arranged by case and contender, and the ratios between them. Every
 * ratio divides two numbers of the same run, on the same rows: that is what survives a shared,
 * noisy machine.
 */
public final class Comparison {
    private final Map<CaseKey, Map<Contender, Measurement>> table = new TreeMap<>();

    public Comparison(List<Measurement> measurements) {
        for (Measurement m : measurements) {
            Map<Contender, Measurement> row = table.computeIfAbsent(m.key(), k -> new EnumMap<>(Contender.class));
            if (row.put(m.contender(), m) != null) {
                throw new IllegalArgumentException("the results hold " + m.contender().label() + " twice for " + m.key().label());
            }
        }
    }

    /** Every case, in report order. */
    public List<CaseKey> cases() {
        return List.copyOf(table.keySet());
    }

    public Optional<Measurement> get(CaseKey key, Contender contender) {
        return Optional.ofNullable(table.getOrDefault(key, Collections.emptyMap()).get(contender));
    }

    /** How many times faster than the reference {@code contender} is: reference time / its time. */
    public Optional<Double> speedUp(CaseKey key, Contender contender) {
        return ratio(key, Contender.REFERENCE, contender);
    }

    /** How far above the floor {@code contender} is: its time / floor time (1 = at the floor). */
    public Optional<Double> overFloor(CaseKey key, Contender contender) {
        return ratio(key, contender, Contender.FLOOR);
    }

    /**
     * Bytes {@code contender} allocates per call beyond JMH's own bookkeeping, or empty without
     * the GC profiler. {@code gc.alloc.rate.norm} spreads what the harness allocates per
     * iteration over the calls of that iteration, so slow calls show a few bytes (or, at tens of
     * milliseconds, hundreds) that they never allocated. The floor allocates nothing itself, so
     * its figure, scaled by the time per call (fewer calls per iteration, larger share), is the
     * harness's share; what is left is the contender's own, floored at 0. Without a floor
     * measurement the raw figure is returned.
     */
    public Optional<Double> allocationOverHarness(CaseKey key, Contender contender) {
        Optional<Measurement> measured = get(key, contender).filter(m -> !Double.isNaN(m.allocatedBytes()));
        if (measured.isEmpty()) return Optional.empty();
        Measurement m = measured.get();
        double harness = get(key, Contender.FLOOR).filter(f -> !Double.isNaN(f.allocatedBytes()))
                .map(f -> f.allocatedBytes() * m.microseconds() / f.microseconds()).orElse(0.0);
        return Optional.of(Math.max(0, m.allocatedBytes() - harness));
    }

    private Optional<Double> ratio(CaseKey key, Contender numerator, Contender denominator) {
        return get(key, numerator).flatMap(n -> get(key, denominator).map(d -> n.microseconds() / d.microseconds()));
    }
}
