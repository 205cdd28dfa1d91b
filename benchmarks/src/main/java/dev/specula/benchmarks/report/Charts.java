package dev.specula.benchmarks.report;

import dev.specula.benchmarks.paper.PaperContender;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The report's PNG bar charts (XChart), one bar group per case. */
final class Charts {
    static final String SPEED_UP = "speedup.png";
    static final String OVER_FLOOR = "over-floor.png";
    static final String TIMES = "times.png";
    static final String DECODING = "decoding.png";

    private Charts() {}

    /** Writes the charts into {@code directory}; returns the file names written (a chart without data is skipped). */
    static List<String> write(Comparison comparison, Path directory) throws IOException {
        List<String> written = new ArrayList<>();
        if (bars(comparison, directory.resolve(SPEED_UP), "Speed-up over the reference verifier (higher is better; target ≥ 10×)",
                "× faster than reference", false, List.of(Contender.FAST_ONE_THREAD, Contender.FAST_ALL_THREADS),
                comparison::speedUp)) {
            written.add(SPEED_UP);
        }
        if (bars(comparison, directory.resolve(OVER_FLOOR), "Time over the irreducible-work floor (lower is better; target ≤ 1.25×)",
                "× the floor's time", false, List.of(Contender.FAST_ONE_THREAD, Contender.FAST_ALL_THREADS),
                comparison::overFloor)) {
            written.add(OVER_FLOOR);
        }
        if (bars(comparison, directory.resolve(TIMES), "Time per call (µs, log scale)", "µs per call", true,
                List.of(Contender.values()), (key, c) -> comparison.get(key, c).map(Measurement::microseconds))) {
            written.add(TIMES);
        }
        return written;
    }

    /** One bar series per contender over the cases that have a value for every contender. */
    private static boolean bars(Comparison comparison, Path file, String title, String yTitle, boolean logarithmic,
                                List<Contender> contenders, BiFunction<CaseKey, Contender, Optional<Double>> value)
            throws IOException {
        List<CaseKey> cases = comparison.cases().stream()
                .filter(key -> contenders.stream().allMatch(c -> value.apply(key, c).isPresent()))
                .toList();
        if (cases.isEmpty()) return false;
        CategoryChart chart = new CategoryChartBuilder()
                .width(Math.max(800, 160 + 60 * cases.size() * contenders.size() / 2)).height(600)
                .title(title).xAxisTitle("case").yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisLabelRotation(cases.size() > 4 ? 60 : 0);
        if (logarithmic) {
            // Bars grow from the axis minimum, which on a log axis must be above 0: the decade below the smallest bar.
            double smallest = cases.stream().flatMap(key -> contenders.stream().map(c -> value.apply(key, c).orElseThrow()))
                    .mapToDouble(Double::doubleValue).min().orElseThrow();
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(smallest))));
        }
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        List<String> labels = cases.stream().map(Charts::shortLabel).toList();
        for (Contender c : contenders) {
            chart.addSeries(c.label(), labels, cases.stream().map(key -> (Number) value.apply(key, c).orElseThrow()).toList());
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return true;
    }

    /** Tokens/s of plain and speculative decoding per draft kind and length; written only when there are rows. */
    static Optional<String> writeDecoding(DecodingResults results, Path directory) throws IOException {
        if (results.rows().isEmpty()) return Optional.empty();
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(800, 160 + 60 * results.rows().size())).height(600)
                .title("stories260K: tokens/s, plain vs speculative decoding (higher is better)")
                .xAxisTitle("draft kind, draft length g").yAxisTitle("tokens/s").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(results.rows().size() > 6 ? 45 : 0);
        List<String> labels = results.rows().stream().map(r -> r.draft() + " g" + r.draftLength()).toList();
        chart.addSeries("plain", labels, results.rows().stream().map(r -> (Number) r.plainTokensPerSecond()).toList());
        chart.addSeries("speculative", labels, results.rows().stream().map(r -> (Number) r.speculativeTokensPerSecond()).toList());
        BitmapEncoder.saveBitmap(chart, directory.resolve(DECODING).toString(), BitmapEncoder.BitmapFormat.PNG);
        return Optional.of(DECODING);
    }

    /**
     * The paper table's charts: per device, the whole-call and the kernel time of every verifier
     * over the baseline's (geometric mean over g and B, per V), and the TV distance of the first
     * emitted token and of the bonus token per accuracy workload less its noise level. Returns
     * the file names written.
     */
    static List<String> writePaper(List<PaperMeasurement> speed, Optional<PaperAccuracyResults> accuracy, Path directory)
            throws IOException {
        List<String> written = new ArrayList<>();
        List<String> devices = PaperSection.devices(speed);
        for (int d = 0; d < devices.size(); d++) {
            String device = devices.get(d);
            int[] vocabs = PaperSection.vocabs(speed, device);
            for (boolean kernels : new boolean[] {false, true}) {
                Map<PaperContender, double[]> means = PaperSection.geometricMeans(speed, device, vocabs, kernels);
                if (means.isEmpty()) continue;
                String file = "paper-" + (kernels ? "kernel" : "call") + "-time-" + d + ".png";
                CategoryChart chart = paperChart((kernels ? "Kernel" : "Whole-call") + " time ÷ baseline, device " + device
                        + " (geometric mean over g and B; lower is faster)", "vocabulary", "× the baseline's time",
                        Math.max(1100, 220 * vocabs.length));
                List<String> labels = Arrays.stream(vocabs).mapToObj(v -> "V=" + v).toList();
                means.forEach((c, values) -> chart.addSeries(c.label(), labels,
                        Arrays.stream(values).mapToObj(x -> (Number) (Double.isNaN(x) ? 0.0 : x)).toList()));
                BitmapEncoder.saveBitmap(chart, directory.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
                written.add(file);
            }
        }
        if (accuracy.isPresent() && !accuracy.get().workloads().isEmpty()) {
            List<PaperAccuracyResults.Workload> workloads = accuracy.get().workloads();
            tvChart(workloads, PaperAccuracyResults.Entry::firstToken, directory.resolve(PAPER_ACCURACY),
                    "TV of the first emitted token to the exact target p_0, less the noise level (binned; 0 = exact)");
            written.add(PAPER_ACCURACY);
            tvChart(workloads, PaperAccuracyResults.Entry::bonusToken, directory.resolve(PAPER_BONUS),
                    "TV of the bonus token to the exact target p_g, less the noise level (binned; 0 = exact)");
            written.add(PAPER_BONUS);
        }
        return written;
    }

    /**
     * One bar per verifier and workload: its TV less its own noise level (the expected TV of as many
     * exact samples, which differs between verifiers for the bonus token: they accept every draft in
     * different numbers of trials). 0 means indistinguishable from exact sampling.
     */
    private static void tvChart(List<PaperAccuracyResults.Workload> workloads,
                                Function<PaperAccuracyResults.Entry, PaperAccuracyResults.Tv> which, Path file,
                                String title) throws IOException {
        CategoryChart chart = paperChart(title, "workload", "TV − noise level", Math.max(1100, 240 * workloads.size()));
        List<String> labels = workloads.stream().map(PaperAccuracyResults.Workload::name).toList();
        List<String> verifiers = workloads.stream().flatMap(w -> w.verifiers().stream().map(PaperAccuracyResults.Entry::label))
                .distinct().toList();
        for (String label : verifiers) {
            chart.addSeries(label, labels, workloads.stream().map(w -> (Number) w.verifiers().stream()
                    .filter(e -> e.label().equals(label))
                    .mapToDouble(e -> orZero(which.apply(e).tv() - which.apply(e).noise())).findFirst().orElse(0)).toList());
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static double orZero(double x) {
        return Double.isNaN(x) ? 0 : x;
    }

    static final String PAPER_BONUS = "paper-accuracy-bonus.png";
    static final String PAPER_ACCURACY = "paper-accuracy.png";

    private static CategoryChart paperChart(String title, String xTitle, String yTitle, int width) {
        CategoryChart chart = new CategoryChartBuilder().width(width).height(600).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        return chart;
    }

    /** "B64 g4 V128256 ALL" — short enough for an axis. */
    static String shortLabel(CaseKey key) {
        String regime = switch (key.regime()) {
            case "ALL_ACCEPTED" -> "all";
            case "REJECT_FIRST" -> "rej0";
            case "REALISTIC" -> "α.7";
            default -> key.regime();
        };
        return "B" + key.batch() + " g" + key.drafts() + " V" + key.vocab() + " " + regime;
    }
}
