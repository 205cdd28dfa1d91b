package dev.specula.benchmarks.report;

import java.util.Comparator;
import java.util.Map;

/**
 * One benchmark case: vocabulary V, drafts g, batch B and acceptance regime.
 *
 * @param regime the {@link dev.specula.benchmarks.Regime} name
 */
public record CaseKey(int vocab, int drafts, int batch, String regime) implements Comparable<CaseKey> {
    private static final Comparator<CaseKey> ORDER = Comparator.comparing(CaseKey::regime)
            .thenComparingInt(CaseKey::vocab).thenComparingInt(CaseKey::drafts).thenComparingInt(CaseKey::batch);

    /** The case of a JMH result's parameters. */
    static CaseKey of(Map<String, String> params) {
        try {
            return new CaseKey(Integer.parseInt(params.get("vocab")), Integer.parseInt(params.get("drafts")),
                    Integer.parseInt(params.get("batch")), require(params, "regime"));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("benchmark parameters " + params + " lack vocab, drafts, batch or regime", e);
        }
    }

    private static String require(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null) throw new IllegalArgumentException("benchmark parameters " + params + " lack " + name);
        return value;
    }

    /** A short label, e.g. "B=1 g=4 V=128256 ALL_ACCEPTED". */
    public String label() {
        return "B=" + batch + " g=" + drafts + " V=" + vocab + " " + regime;
    }

    @Override
    public int compareTo(CaseKey other) {
        return ORDER.compare(this, other);
    }
}
