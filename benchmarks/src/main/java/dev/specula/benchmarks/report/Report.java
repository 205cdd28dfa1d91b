package dev.specula.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a JMH JSON result file into {@code REPORT.md} and PNG charts beside it: the ratios the
 * targets of issue 4 are about (fast / reference, fast / floor, bytes per call), each marked met
 * or missed, with the machine's description.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.specula.benchmarks.report.Report [results.json [output-directory]]
 * </pre>
 * The defaults are {@value #DEFAULT_RESULTS} and the results file's directory.
 */
public final class Report {
    public static final String DEFAULT_RESULTS = "benchmarks/results/jmh-result.json";
    public static final String REPORT_FILE = "REPORT.md";

    private Report() {}

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");  // charts are drawn without a display
        if (args.length > 2 || (args.length > 0 && args[0].startsWith("-"))) {
            System.err.println("usage: Report [results.json [output-directory]]  (default " + DEFAULT_RESULTS + ")");
            System.exit(2);
        }
        Path json = Path.of(args.length > 0 ? args[0] : DEFAULT_RESULTS);
        if (!Files.isRegularFile(json)) {
            System.err.println("report: no JMH results at " + json + " (run ./specula bench first)");
            System.exit(1);
        }
        Path directory = args.length > 1 ? Path.of(args[1]) : json.toAbsolutePath().getParent();
        Path report = write(json, directory, Machine.current());
        System.out.println("report: wrote " + report);
    }

    /** Reads {@code json}, writes the report and its charts into {@code directory}, returns the report's path. */
    public static Path write(Path json, Path directory, Machine machine) throws IOException {
        JmhResults results = JmhResults.read(json);
        Comparison comparison = new Comparison(results.measurements());
        Files.createDirectories(directory);
        List<String> charts = Charts.write(comparison, directory);
        Path report = directory.resolve(REPORT_FILE);
        Files.writeString(report, MarkdownReport.render(results, comparison, machine, json.getFileName().toString(), charts));
        return report;
    }
}
