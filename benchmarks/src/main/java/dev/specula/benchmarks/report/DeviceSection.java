package dev.specula.benchmarks.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The report's section on the OpenCL backend (issue 5): the Java kernels, translated by Aparapi,
 * against the hand-written OpenCL C of the same pipeline, on the same device and rows. Every ratio
 * divides two measurements of the same run. When the Java kernels miss the 1.10x target, the
 * section names the stage that costs the most and prints the generated code of that stage next to
 * the hand-written one.
 */
final class DeviceSection {
    /** Java kernels may take at most this multiple of the hand-written kernels' time. */
    static final double MAX_OVER_HANDWRITTEN = 1.10;

    /** The source of one stage in both versions, for the side-by-side listing. */
    record StageSources(String stage, String generated, String handwritten) {}

    private DeviceSection() {}

    /** The Java and hand-written measurements of one case on one device. */
    private record Pair(CaseKey key, String device, DeviceMeasurement java, DeviceMeasurement handwritten) {
        double callRatio() {
            return java.microseconds() / handwritten.microseconds();
        }

        double kernelRatio() {
            return java.kernelMicroseconds() / handwritten.kernelMicroseconds();
        }

        boolean met() {
            return callRatio() <= MAX_OVER_HANDWRITTEN && !(kernelRatio() > MAX_OVER_HANDWRITTEN);
        }
    }

    /**
     * The section, or empty when the results hold no OpenCL measurements.
     *
     * @param deviceName the device's name for a {@code --device} query (the query itself when unknown)
     * @param sources the two sources of a stage, by its counter name ("rowStatsNanos", ...)
     */
    static Optional<String> render(List<DeviceMeasurement> measurements, Function<String, String> deviceName,
                                   Function<String, StageSources> sources) {
        if (measurements.isEmpty()) return Optional.empty();
        List<Pair> pairs = pairs(measurements);
        StringBuilder md = new StringBuilder("## OpenCL backend: Java kernels against hand-written OpenCL C\n\n");
        md.append("The same five-stage pipeline (row statistics per vocabulary tile, their merge, the accept walk, the residual ")
                .append("or bonus tile sums, the inverse-CDF pick) with the same buffers and launch sizes; the kernels are either ")
                .append("the Java classes of `dev.specula.kernels.pipeline`, translated to OpenCL C by Aparapi at run time, or ")
                .append("the hand-written single source `kernels/src/main/resources/dev/specula/kernels/native/specula_verify.h`. ")
                .append("*Call* is the whole verify call (JMH, µs); *kernels* is the summed OpenCL profiling-event time of the ")
                .append("five kernels per call. Target: Java within ").append(Targets.format(MAX_OVER_HANDWRITTEN))
                .append("× of hand-written.\n\n");
        if (pairs.isEmpty()) {
            md.append("No case has both kernel sources measured.\n");
            return Optional.of(md.toString());
        }
        md.append("| device | B | g | V | regime | call: Java | call: hand-written | call ratio | kernels: Java | kernels: hand-written | kernel ratio | verdict |\n");
        md.append("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Pair p : pairs) {
            md.append("| ").append(deviceName.apply(p.device())).append(" | ").append(p.key().batch()).append(" | ").append(p.key().drafts())
                    .append(" | ").append(p.key().vocab()).append(" | ").append(p.key().regime())
                    .append(" | ").append(MarkdownReport.significant(p.java().microseconds()))
                    .append(" | ").append(MarkdownReport.significant(p.handwritten().microseconds()))
                    .append(" | ").append(Targets.format(p.callRatio())).append("×")
                    .append(" | ").append(MarkdownReport.significant(p.java().kernelMicroseconds()))
                    .append(" | ").append(MarkdownReport.significant(p.handwritten().kernelMicroseconds()))
                    .append(" | ").append(Double.isNaN(p.kernelRatio()) ? "—" : Targets.format(p.kernelRatio()) + "×")
                    .append(" | ").append(p.met() ? "✅ met" : "❌ missed").append(" |\n");
        }
        long missed = pairs.stream().filter(p -> !p.met()).count();
        md.append("\n**Target (Java kernels ≤ ").append(Targets.format(MAX_OVER_HANDWRITTEN)).append("× hand-written, call and kernel time):** ")
                .append(missed == 0 ? "met in every case (" + pairs.size() + ")." : "missed in " + missed + " of " + pairs.size() + " cases.")
                .append("\n\n");
        Pair worst = pairs.stream().max(Comparator.comparingDouble(Pair::callRatio)).orElseThrow();
        md.append("Kernel time per stage in the case with the highest call ratio (").append(worst.key().label())
                .append(", µs per call):\n\n| stage | Java | hand-written | ratio |\n|---|---:|---:|---:|\n");
        for (String stage : DeviceMeasurement.STAGES) {
            double j = worst.java().stageMicroseconds().getOrDefault(stage, Double.NaN);
            double h = worst.handwritten().stageMicroseconds().getOrDefault(stage, Double.NaN);
            md.append("| ").append(stageLabel(stage)).append(" | ").append(MarkdownReport.significant(j)).append(" | ")
                    .append(MarkdownReport.significant(h)).append(" | ").append(Targets.format(j / h)).append("× |\n");
        }
        if (missed > 0) {
            String costliest = costliestStage(worst);
            StageSources code = sources.apply(costliest);
            md.append("\nThe stage that costs the difference there is **").append(stageLabel(costliest))
                    .append("**. Its generated OpenCL C (Aparapi) and the hand-written version:\n\n")
                    .append("<details><summary>generated by Aparapi from `").append(code.stage()).append("`</summary>\n\n```c\n")
                    .append(code.generated().strip()).append("\n```\n</details>\n\n")
                    .append("<details><summary>hand-written `").append(code.stage()).append("`</summary>\n\n```c\n")
                    .append(code.handwritten().strip()).append("\n```\n</details>\n");
        }
        return Optional.of(md.toString());
    }

    /** Java and hand-written results matched by case and device, in case order. */
    private static List<Pair> pairs(List<DeviceMeasurement> measurements) {
        Map<String, Map<CaseKey, DeviceMeasurement[]>> byDevice = new TreeMap<>();
        for (DeviceMeasurement m : measurements) {
            DeviceMeasurement[] slot = byDevice.computeIfAbsent(m.device(), d -> new TreeMap<>())
                    .computeIfAbsent(m.key(), k -> new DeviceMeasurement[2]);
            switch (m.kernels()) {
                case "java" -> slot[0] = m;
                case "handwritten" -> slot[1] = m;
                default -> { }
            }
        }
        List<Pair> pairs = new ArrayList<>();
        byDevice.forEach((device, cases) -> cases.forEach((key, slot) -> {
            if (slot[0] != null && slot[1] != null) pairs.add(new Pair(key, device, slot[0], slot[1]));
        }));
        return pairs;
    }

    /** The stage whose Java kernel takes the most time beyond its hand-written counterpart. */
    private static String costliestStage(Pair p) {
        return DeviceMeasurement.STAGES.stream()
                .max(Comparator.comparingDouble(s -> p.java().stageMicroseconds().getOrDefault(s, 0.0)
                        - p.handwritten().stageMicroseconds().getOrDefault(s, 0.0)))
                .orElseThrow();
    }

    /** "rowStatsNanos" -> "RowStatsKernel", the kernel's name in both sources. */
    static String stageLabel(String counter) {
        String base = counter.substring(0, counter.length() - "Nanos".length());
        return Character.toUpperCase(base.charAt(0)) + base.substring(1) + "Kernel";
    }

    /**
     * The text of the function {@code name} in C source {@code source}: from the start of the line
     * declaring it to its matching closing brace.
     */
    static String function(String source, String name) {
        int at = -1;
        for (int from = 0; (from = source.indexOf(name + "(", from)) >= 0; from++) {
            int open = source.indexOf('{', from), semicolon = source.indexOf(';', from);
            boolean definition = open >= 0 && (semicolon < 0 || open < semicolon);
            boolean wholeWord = from == 0 || !Character.isJavaIdentifierPart(source.charAt(from - 1));
            if (definition && wholeWord) {
                at = from;
                break;
            }
        }
        if (at < 0) throw new IllegalArgumentException("no definition of " + name + " in the source");
        int start = source.lastIndexOf('\n', at) + 1;
        int depth = 0;
        for (int i = source.indexOf('{', at); i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '{') depth++;
            if (c == '}' && --depth == 0) return source.substring(start, i + 1);
        }
        throw new IllegalArgumentException("the definition of " + name + " has no closing brace");
    }
}
