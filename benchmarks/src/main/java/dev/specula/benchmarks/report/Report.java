package dev.specula.benchmarks.report;

import dev.specula.kernels.Devices;
import dev.specula.kernels.pipeline.KernelSet;
import dev.specula.kernels.pipeline.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Turns a JMH JSON result file into {@code REPORT.md} and PNG charts beside it: the ratios the
 * targets of issue 4 are about (fast / reference, fast / floor, bytes per call), each marked met
 * or missed, with the machine's description; and, when the decoding harness's file is there
 * ({@value #DECODING_RESULTS} beside the JMH results, or {@code --decoding FILE}), the section on
 * speculative decoding of a real model ({@link DecodingSection}); when the run measured the OpenCL
 * backend (from {@value #OPENCL_RESULTS} beside it when present, else from the same file), the Java
 * kernels against the hand-written ones ({@link DeviceSection}); the truncation costs likewise from
 * {@value #TRUNCATION_RESULTS} when present ({@link TruncationCost}); when {@value #PAPER_RESULTS} or
 * {@value #PAPER_ACCURACY} is beside it ({@code ./specula paper}), the paper table ({@link PaperSection}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.specula.benchmarks.report.Report [--decoding FILE] [results.json [output-directory]]
 * </pre>
 * The defaults are {@value #DEFAULT_RESULTS} and the results file's directory.
 */
public final class Report {
    public static final String DEFAULT_RESULTS = "benchmarks/results/jmh-result.json";
    public static final String REPORT_FILE = "REPORT.md";
    public static final String DECODING_RESULTS = "decoding.json";
    /** The OpenCL run ({@code ./specula bench --opencl}), read beside the main results when present. */
    public static final String OPENCL_RESULTS = "jmh-opencl.json";
    /** The truncation run ({@code ./specula bench --truncation}), read beside the main results when present. */
    public static final String TRUNCATION_RESULTS = "jmh-truncation.json";
    /** The paper comparison's JMH run and accuracy run ({@code ./specula paper}), read beside the main results when present. */
    public static final String PAPER_RESULTS = "jmh-paper.json";
    public static final String PAPER_ACCURACY = "paper-accuracy.json";
    private static final String USAGE = "usage: Report [--decoding FILE] [results.json [output-directory]]  (default " + DEFAULT_RESULTS + ")";

    private Report() {}

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");  // charts are drawn without a display
        List<String> rest = new ArrayList<>(List.of(args));
        Optional<Path> decoding = Optional.empty();
        int flag = rest.indexOf("--decoding");
        if (flag >= 0) {
            if (flag + 1 >= rest.size()) usage();
            decoding = Optional.of(Path.of(rest.get(flag + 1)));
            rest.subList(flag, flag + 2).clear();
            if (!Files.isRegularFile(decoding.get())) {
                System.err.println("report: no decoding results at " + decoding.get() + " (run ./specula bench --decoding first)");
                System.exit(1);
            }
        }
        if (rest.size() > 2 || (!rest.isEmpty() && rest.get(0).startsWith("-"))) usage();
        Path json = Path.of(!rest.isEmpty() ? rest.get(0) : DEFAULT_RESULTS);
        if (!Files.isRegularFile(json)) {
            System.err.println("report: no JMH results at " + json + " (run ./specula bench first)");
            System.exit(1);
        }
        Path directory = rest.size() > 1 ? Path.of(rest.get(1)) : json.toAbsolutePath().getParent();
        if (decoding.isEmpty()) {
            Path beside = json.toAbsolutePath().resolveSibling(DECODING_RESULTS);
            if (Files.isRegularFile(beside)) decoding = Optional.of(beside);
        }
        Path report = write(json, decoding, directory, Machine.current());
        System.out.println("report: wrote " + report);
    }

    private static void usage() {
        System.err.println(USAGE);
        System.exit(2);
    }

    /** {@link #write(Path, Optional, Path, Machine)} without the decoding section. */
    public static Path write(Path json, Path directory, Machine machine) throws IOException {
        return write(json, Optional.empty(), directory, machine);
    }

    /**
     * Reads {@code json} (and the decoding harness's file, if given), writes the report and its
     * charts into {@code directory}, returns the report's path.
     */
    public static Path write(Path json, Optional<Path> decoding, Path directory, Machine machine) throws IOException {
        JmhResults results = JmhResults.read(json);
        // Dedicated runs replace the main run's results of the same benchmarks: every ratio is
        // taken within one run, never across runs.
        Path truncation = json.toAbsolutePath().resolveSibling(TRUNCATION_RESULTS);
        if (Files.isRegularFile(truncation) && !truncation.equals(json.toAbsolutePath())) {
            results = results.withTruncation(JmhResults.read(truncation).truncation());
        }
        Optional<DecodingResults> decodingResults = decoding.isPresent() ? Optional.of(DecodingResults.read(decoding.get())) : Optional.empty();
        Comparison comparison = new Comparison(results.measurements());
        Files.createDirectories(directory);
        List<String> charts = Charts.write(comparison, directory);
        String markdown = MarkdownReport.render(results, comparison, machine, json.getFileName().toString(), charts);
        List<DeviceMeasurement> deviceMeasurements = results.deviceMeasurements();
        Path opencl = json.toAbsolutePath().resolveSibling(OPENCL_RESULTS);
        if (Files.isRegularFile(opencl) && !opencl.equals(json.toAbsolutePath())) {
            deviceMeasurements = JmhResults.read(opencl).deviceMeasurements();
        }
        Optional<String> devices = DeviceSection.render(deviceMeasurements, Report::deviceName, Report::stageSources);
        if (devices.isPresent()) markdown += "\n" + devices.get();
        Optional<String> paper = paperSection(json.toAbsolutePath(), directory);
        if (paper.isPresent()) markdown += "\n" + paper.get();
        if (decodingResults.isPresent()) {
            markdown += "\n" + DecodingSection.render(decodingResults.get(), decoding.get().getFileName().toString(),
                    Charts.writeDecoding(decodingResults.get(), directory));
        }
        Path report = directory.resolve(REPORT_FILE);
        Files.writeString(report, markdown);
        return report;
    }

    /**
     * The paper table ({@link PaperSection}) and its charts, from {@value #PAPER_RESULTS} and
     * {@value #PAPER_ACCURACY} beside the main results, when either is there.
     */
    private static Optional<String> paperSection(Path json, Path directory) throws IOException {
        Path speedFile = json.resolveSibling(PAPER_RESULTS), accuracyFile = json.resolveSibling(PAPER_ACCURACY);
        List<PaperMeasurement> speed = Files.isRegularFile(speedFile) ? PaperMeasurement.read(speedFile) : List.of();
        Optional<PaperAccuracyResults> accuracy = Files.isRegularFile(accuracyFile)
                ? Optional.of(PaperAccuracyResults.read(accuracyFile)) : Optional.empty();
        if (speed.isEmpty() && accuracy.isEmpty()) return Optional.empty();
        return PaperSection.render(speed, accuracy, Report::deviceName, Charts.writePaper(speed, accuracy, directory));
    }

    /** "Name (`query`)" when this machine has the device the benchmark was given, else the query. */
    private static String deviceName(String query) {
        try {
            return Devices.select(query).name() + " (`" + query + "`)";
        } catch (RuntimeException e) {  // no OpenCL here, or another machine's device: the query is all we know
            return "`" + query + "`";
        }
    }

    /** The generated and the hand-written OpenCL C of the stage whose counter is {@code counter}. */
    private static DeviceSection.StageSources stageSources(String counter) {
        Stage stage = Arrays.stream(Stage.values()).filter(s -> s.kernelName().equals(DeviceSection.stageLabel(counter))).findFirst().orElseThrow();
        return new DeviceSection.StageSources(stage.kernelName(), KernelSet.javaKernels().source(stage),
                DeviceSection.function(KernelSet.handwritten().source(stage), stage.kernelName()));
    }
}
