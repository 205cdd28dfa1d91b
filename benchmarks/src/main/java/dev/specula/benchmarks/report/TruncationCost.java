package dev.specula.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The report's section on what truncation costs (issue 6): the {@code TruncationBenchmark}
 * times of top-k and top-p verification divided by the temperature-only time measured in the
 * same run, on the same rows, per vocabulary and outcome, against the target of at most
 * {@value #MAX_RATIO}x.
 *
 * @param results one per (V, regime, truncation) measured
 */
record TruncationCost(List<Result> results) {
    /** The target: truncated verification at most this many times the temperature-only time. */
    static final double MAX_RATIO = 1.5;
    static final String BENCHMARK = "TruncationBenchmark";
    static final String BASELINE = "temperature";

    /**
     * One measurement of {@code TruncationBenchmark}.
     *
     * @param truncation "temperature", "top-k" or "top-p"
     */
    record Result(int vocab, String regime, String truncation, double microseconds, double errorMicroseconds) {}

    TruncationCost {
        results = List.copyOf(results);
    }

    /** The truncated time over the temperature-only time of the same V and regime, if both were measured. */
    Optional<Double> ratio(int vocab, String regime, String truncation) {
        Optional<Result> base = find(vocab, regime, BASELINE), measured = find(vocab, regime, truncation);
        return base.isPresent() && measured.isPresent() ? Optional.of(measured.get().microseconds() / base.get().microseconds()) : Optional.empty();
    }

    private Optional<Result> find(int vocab, String regime, String truncation) {
        return results.stream().filter(r -> r.vocab() == vocab && r.regime().equals(regime) && r.truncation().equals(truncation)).findFirst();
    }

    /** The Markdown section; empty when the run did not include the truncation benchmark. */
    String markdown() {
        if (results.isEmpty()) return "";
        Map<String, List<Integer>> cases = new TreeMap<>();
        for (Result r : results) {
            List<Integer> vocabs = cases.computeIfAbsent(r.regime(), k -> new ArrayList<>());
            if (!vocabs.contains(r.vocab())) vocabs.add(r.vocab());
        }
        StringBuilder md = new StringBuilder("\n## Truncation\n\n");
        md.append("`TruncationBenchmark`: the fast verifier on one thread, B = 1, g = 4, temperature 1, with no truncation, ")
                .append("with top-k 50 and with top-p 0.9 (target and draft alike), on the same rows; ALL_ACCEPTED reads 5 target ")
                .append("rows, REJECT_FIRST one target row, one draft row and the residual. Ratio = truncated time / temperature-only ")
                .append("time of the same run. Target: at most ").append(Targets.format(MAX_RATIO)).append("×.\n\n");
        md.append("| V | regime | temperature only (µs) | top-k 50 (µs) | top-k / temperature | top-p 0.9 (µs) | top-p / temperature |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, List<Integer>> e : cases.entrySet()) {
            for (int vocab : e.getValue().stream().sorted().toList()) {
                String regime = e.getKey();
                md.append("| ").append(vocab).append(" | ").append(regime)
                        .append(" | ").append(time(find(vocab, regime, BASELINE)))
                        .append(" | ").append(time(find(vocab, regime, "top-k")))
                        .append(" | ").append(verdict(ratio(vocab, regime, "top-k")))
                        .append(" | ").append(time(find(vocab, regime, "top-p")))
                        .append(" | ").append(verdict(ratio(vocab, regime, "top-p"))).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String time(Optional<Result> r) {
        if (r.isEmpty()) return "—";
        double t = r.get().microseconds(), e = r.get().errorMicroseconds();
        return Double.isNaN(e) ? MarkdownReport.significant(t) : MarkdownReport.significant(t) + " ± " + MarkdownReport.significant(e);
    }

    private static String verdict(Optional<Double> ratio) {
        return ratio.map(x -> Targets.format(x) + "× " + (x <= MAX_RATIO ? "✅" : "❌")).orElse("—");
    }

    /** The result of a JMH record of {@code TruncationBenchmark}, or null for another benchmark. */
    static Result of(String benchmark, Map<String, String> params, double microseconds, double errorMicroseconds) {
        String type = benchmark.substring(0, Math.max(0, benchmark.lastIndexOf('.')));
        if (!type.substring(type.lastIndexOf('.') + 1).equals(BENCHMARK)) return null;
        try {
            return new Result(Integer.parseInt(params.get("vocab")), require(params, "regime"), require(params, "truncation").toLowerCase(Locale.ROOT),
                    microseconds, errorMicroseconds);
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(BENCHMARK + " parameters " + params + " lack vocab, regime or truncation", e);
        }
    }

    private static String require(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null) throw new IllegalArgumentException(BENCHMARK + " parameters " + params + " lack " + name);
        return value;
    }
}
