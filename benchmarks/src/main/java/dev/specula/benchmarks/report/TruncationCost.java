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
 * {@value #MAX_RATIO}x for the fast (CPU) verifier; and the same ratios for the OpenCL backend
 * ({@code OpenClTruncationBenchmark}, per kernel source), which have no target.
 *
 * @param results one per (backend, V, regime, truncation) measured
 */
record TruncationCost(List<Result> results) {
    /** The target: truncated verification at most this many times the temperature-only time. */
    static final double MAX_RATIO = 1.5;
    static final String BENCHMARK = "TruncationBenchmark";
    static final String OPENCL_BENCHMARK = "OpenClTruncationBenchmark";
    static final String BASELINE = "temperature";
    /** The backend of {@code TruncationBenchmark}; the OpenCL ones are "opencl-" + the kernels parameter. */
    static final String FAST = "fast";

    /**
     * One measurement of {@code TruncationBenchmark} or {@code OpenClTruncationBenchmark}.
     *
     * @param backend    {@value #FAST}, or "opencl-java" / "opencl-handwritten"
     * @param truncation "temperature", "top-k" or "top-p"
     */
    record Result(String backend, int vocab, String regime, String truncation, double microseconds, double errorMicroseconds) {}

    TruncationCost {
        results = List.copyOf(results);
    }

    /** The fast verifier's truncated time over its temperature-only time of the same V and regime, if both were measured. */
    Optional<Double> ratio(int vocab, String regime, String truncation) {
        return ratio(FAST, vocab, regime, truncation);
    }

    /** A backend's truncated time over its temperature-only time of the same V and regime, if both were measured. */
    Optional<Double> ratio(String backend, int vocab, String regime, String truncation) {
        Optional<Result> base = find(backend, vocab, regime, BASELINE), measured = find(backend, vocab, regime, truncation);
        return base.isPresent() && measured.isPresent() ? Optional.of(measured.get().microseconds() / base.get().microseconds()) : Optional.empty();
    }

    private Optional<Result> find(String backend, int vocab, String regime, String truncation) {
        return results.stream().filter(r -> r.backend().equals(backend) && r.vocab() == vocab && r.regime().equals(regime)
                && r.truncation().equals(truncation)).findFirst();
    }

    /** The Markdown section; empty when the run did not include the truncation benchmark. */
    String markdown() {
        if (results.isEmpty()) return "";
        StringBuilder md = new StringBuilder("\n## Truncation\n\n");
        md.append("`TruncationBenchmark`: the fast verifier on one thread, B = 1, g = 4, temperature 1, with no truncation, ")
                .append("with top-k 50 and with top-p 0.9 (target and draft alike), on the same rows; ALL_ACCEPTED reads 5 target ")
                .append("rows, REJECT_FIRST one target row, one draft row and the residual. Ratio = truncated time / temperature-only ")
                .append("time of the same run. Target: at most ").append(Targets.format(MAX_RATIO)).append("×.\n\n");
        table(md, FAST, true);
        List<String> devices = results.stream().map(Result::backend).filter(b -> !b.equals(FAST)).distinct().sorted().toList();
        if (!devices.isEmpty()) {
            md.append("\n`OpenClTruncationBenchmark`: the same calls on the OpenCL backend (whole calls as the caller sees them), ")
                    .append("per kernel source; truncated calls add the threshold stage (`ThresholdKernel`), temperature-only calls skip it.\n\n");
            for (String backend : devices) table(md, backend, false);
        }
        return md.toString();
    }

    /** One backend's table; with {@code target}, ratios are marked against {@link #MAX_RATIO}. */
    private void table(StringBuilder md, String backend, boolean target) {
        Map<String, List<Integer>> cases = new TreeMap<>();
        for (Result r : results) {
            if (!r.backend().equals(backend)) continue;
            List<Integer> vocabs = cases.computeIfAbsent(r.regime(), k -> new ArrayList<>());
            if (!vocabs.contains(r.vocab())) vocabs.add(r.vocab());
        }
        if (cases.isEmpty()) return;
        if (!target) md.append("**").append(backend).append("**\n\n");
        md.append("| V | regime | temperature only (µs) | top-k 50 (µs) | top-k / temperature | top-p 0.9 (µs) | top-p / temperature |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, List<Integer>> e : cases.entrySet()) {
            for (int vocab : e.getValue().stream().sorted().toList()) {
                String regime = e.getKey();
                md.append("| ").append(vocab).append(" | ").append(regime)
                        .append(" | ").append(time(find(backend, vocab, regime, BASELINE)))
                        .append(" | ").append(time(find(backend, vocab, regime, "top-k")))
                        .append(" | ").append(verdict(ratio(backend, vocab, regime, "top-k"), target))
                        .append(" | ").append(time(find(backend, vocab, regime, "top-p")))
                        .append(" | ").append(verdict(ratio(backend, vocab, regime, "top-p"), target)).append(" |\n");
            }
        }
        md.append("\n");
    }

    private static String time(Optional<Result> r) {
        if (r.isEmpty()) return "—";
        double t = r.get().microseconds(), e = r.get().errorMicroseconds();
        return Double.isNaN(e) ? MarkdownReport.significant(t) : MarkdownReport.significant(t) + " ± " + MarkdownReport.significant(e);
    }

    private static String verdict(Optional<Double> ratio, boolean target) {
        return ratio.map(x -> Targets.format(x) + "×" + (target ? (x <= MAX_RATIO ? " ✅" : " ❌") : "")).orElse("—");
    }

    /** The result of a JMH record of {@code TruncationBenchmark} or {@code OpenClTruncationBenchmark}, or null for another benchmark. */
    static Result of(String benchmark, Map<String, String> params, double microseconds, double errorMicroseconds) {
        String type = benchmark.substring(0, Math.max(0, benchmark.lastIndexOf('.')));
        String name = type.substring(type.lastIndexOf('.') + 1);
        if (!name.equals(BENCHMARK) && !name.equals(OPENCL_BENCHMARK)) return null;
        String backend = name.equals(BENCHMARK) ? FAST : "opencl-" + require(params, "kernels");
        try {
            return new Result(backend, Integer.parseInt(params.get("vocab")), require(params, "regime"),
                    require(params, "truncation").toLowerCase(Locale.ROOT), microseconds, errorMicroseconds);
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
