package dev.specula.benchmarks.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JMH JSON result file ({@code -rf json}), read into {@link Measurement}s of the CPU
 * contenders, {@link DeviceMeasurement}s of the OpenCL backend and the truncation costs. Results
 * of benchmarks other than this module's are skipped.
 *
 * @param run how the run was made (from its first result)
 * @param deviceMeasurements the results of {@code OpenClVerifierBenchmark} ({@link DeviceSection})
 * @param truncation the results of {@code TruncationBenchmark}, reported apart ({@link TruncationCost})
 */
public record JmhResults(RunInfo run, List<Measurement> measurements, List<DeviceMeasurement> deviceMeasurements,
                         TruncationCost truncation) {
    private static final String ALLOCATION = "gc.alloc.rate.norm";
    private static final String DEVICE_BENCHMARK = "OpenClVerifierBenchmark";
    private static final String CALLS = "calls";

    public static JmhResults read(Path json) throws IOException {
        return parse(Files.readString(json));
    }

    static JmhResults parse(String text) {
        JsonArray results;
        try {
            results = JsonParser.parseString(text).getAsJsonArray();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("not a JMH JSON result file (expected a JSON array of results)", e);
        }
        List<Measurement> measurements = new ArrayList<>();
        List<DeviceMeasurement> deviceMeasurements = new ArrayList<>();
        List<TruncationCost.Result> truncation = new ArrayList<>();
        RunInfo run = RunInfo.UNKNOWN;
        for (JsonElement element : results) {
            JsonObject result = element.getAsJsonObject();
            if (run == RunInfo.UNKNOWN) run = runInfo(result);
            Map<String, String> params = params(result);
            String benchmark = result.get("benchmark").getAsString();
            if (benchmark.contains("." + DEVICE_BENCHMARK + ".")) {
                deviceMeasurements.add(deviceMeasurement(result, params));
                continue;
            }
            Contender contender = Contender.of(benchmark, params);
            JsonObject primary = result.getAsJsonObject("primaryMetric");
            if (contender == null) {
                TruncationCost.Result cost = TruncationCost.of(benchmark, params,
                        number(primary.get("score")) * microsecondsPerUnit(primary.get("scoreUnit").getAsString()),
                        number(primary.get("scoreError")) * microsecondsPerUnit(primary.get("scoreUnit").getAsString()));
                if (cost != null) truncation.add(cost);
                continue;
            }
            double scale = microsecondsPerUnit(primary.get("scoreUnit").getAsString());
            double allocated = Double.NaN;
            JsonObject secondary = result.getAsJsonObject("secondaryMetrics");
            if (secondary != null && secondary.has(ALLOCATION)) {
                allocated = number(secondary.getAsJsonObject(ALLOCATION).get("score"));
            }
            List<Double> iterations = new ArrayList<>();
            JsonArray raw = primary.getAsJsonArray("rawData");
            if (raw != null) {
                for (JsonElement fork : raw) for (JsonElement x : fork.getAsJsonArray()) iterations.add(number(x) * scale);
            }
            measurements.add(new Measurement(CaseKey.of(params), contender, number(primary.get("score")) * scale,
                    number(primary.get("scoreError")) * scale, allocated, iterations));
        }
        return new JmhResults(run, List.copyOf(measurements), List.copyOf(deviceMeasurements), new TruncationCost(truncation));
    }

    /** The whole-call time, and the kernel time per call: each stage's nanosecond counter over the call counter. */
    private static DeviceMeasurement deviceMeasurement(JsonObject result, Map<String, String> params) {
        JsonObject primary = result.getAsJsonObject("primaryMetric");
        double scale = microsecondsPerUnit(primary.get("scoreUnit").getAsString());
        Map<String, Double> stages = new LinkedHashMap<>();
        JsonObject secondary = result.getAsJsonObject("secondaryMetrics");
        double calls = secondary != null && secondary.has(CALLS) ? number(secondary.getAsJsonObject(CALLS).get("score")) : Double.NaN;
        if (calls > 0) {
            for (String stage : DeviceMeasurement.STAGES) {
                if (secondary.has(stage)) stages.put(stage, number(secondary.getAsJsonObject(stage).get("score")) / calls / 1000);
            }
        }
        return new DeviceMeasurement(CaseKey.of(params), params.getOrDefault("kernels", "?"), params.getOrDefault("device", "?"),
                number(primary.get("score")) * scale, number(primary.get("scoreError")) * scale, stages);
    }

    private static RunInfo runInfo(JsonObject result) {
        return new RunInfo(string(result, "jmhVersion"), string(result, "jdkVersion"), string(result, "vmName"),
                string(result, "vmVersion"), result.has("forks") ? result.get("forks").getAsInt() : 0,
                result.has("warmupIterations") ? result.get("warmupIterations").getAsInt() : 0, string(result, "warmupTime"),
                result.has("measurementIterations") ? result.get("measurementIterations").getAsInt() : 0,
                string(result, "measurementTime"));
    }

    private static Map<String, String> params(JsonObject result) {
        Map<String, String> params = new LinkedHashMap<>();
        JsonObject object = result.getAsJsonObject("params");
        if (object != null) object.entrySet().forEach(e -> params.put(e.getKey(), e.getValue().getAsString()));
        return params;
    }

    private static String string(JsonObject object, String name) {
        return object.has(name) ? object.get(name).getAsString() : "?";
    }

    /** JMH writes "NaN" as a string when it cannot compute an error. */
    private static double number(JsonElement element) {
        if (element == null || element.isJsonNull()) return Double.NaN;
        String text = element.getAsString();
        return "NaN".equals(text) ? Double.NaN : Double.parseDouble(text);
    }

    /** Microseconds in one unit of an average-time score. */
    static double microsecondsPerUnit(String unit) {
        return switch (unit) {
            case "ns/op" -> 1e-3;
            case "us/op" -> 1;
            case "ms/op" -> 1e3;
            case "s/op" -> 1e6;
            default -> throw new IllegalArgumentException("score unit " + unit
                    + " is not a time per operation: run the benchmarks in average-time mode (-bm avgt)");
        };
    }

    /** These results with the truncation costs of another run (a dedicated truncation run). */
    public JmhResults withTruncation(TruncationCost costs) {
        return new JmhResults(run, measurements, deviceMeasurements, costs);
    }
}
