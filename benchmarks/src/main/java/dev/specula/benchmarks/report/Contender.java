package dev.specula.benchmarks.report;

import java.util.Map;

/** The four things measured for every case; each is one JMH benchmark (with its {@code threads} parameter). */
public enum Contender {
    REFERENCE("reference"),
    FAST_ONE_THREAD("fast, 1 thread"),
    FAST_ALL_THREADS("fast, all threads"),
    FLOOR("floor");

    private final String label;

    Contender(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * The contender a JMH result belongs to, from its benchmark name ("...FastVerifierBenchmark.verify")
     * and parameters, or null for a benchmark this report does not know.
     */
    static Contender of(String benchmark, Map<String, String> params) {
        String type = benchmark.substring(0, Math.max(0, benchmark.lastIndexOf('.')));
        type = type.substring(type.lastIndexOf('.') + 1);
        return switch (type) {
            case "ReferenceVerifierBenchmark" -> REFERENCE;
            case "FloorBenchmark" -> FLOOR;
            case "FastVerifierBenchmark" -> "1".equals(params.get("threads")) ? FAST_ONE_THREAD : FAST_ALL_THREADS;
            default -> null;
        };
    }
}
