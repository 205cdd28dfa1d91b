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
import java.util.List;

/**
 * One result of {@code PaperBenchmark}: a verifier on a device at one shape.
 *
 * @param variant the verifier's id ("baseline", "specula-exact", ...)
 * @param device the device query the benchmark was given
 * @param microseconds whole-call time per call (JMH's score)
 * @param errorMicroseconds JMH's 99.9% confidence half-width (NaN if it could not be computed)
 * @param kernelMicroseconds OpenCL profiling-event time of the call's kernels (NaN without device counters)
 * @param launches kernel launches per call (NaN without device counters)
 */
public record PaperMeasurement(String variant, String device, int vocab, int drafts, int batch, double microseconds,
                               double errorMicroseconds, double kernelMicroseconds, double launches) {

    /** The size, for tables and charts: "V=32000 g=5 B=8". */
    String size() {
        return "V=" + vocab + " g=" + drafts + " B=" + batch;
    }

    /** The results of {@code PaperBenchmark} in a JMH JSON file (other benchmarks' results are skipped). */
    static List<PaperMeasurement> read(Path json) throws IOException {
        return parse(Files.readString(json));
    }

    static List<PaperMeasurement> parse(String text) {
        JsonArray results;
        try {
            results = JsonParser.parseString(text).getAsJsonArray();
        } catch (JsonParseException | IllegalStateException | ClassCastException e) {
            throw new IllegalArgumentException("not a JMH JSON result file (expected a JSON array of results)", e);
        }
        List<PaperMeasurement> measurements = new ArrayList<>();
        for (JsonElement element : results) {
            JsonObject result = element.getAsJsonObject();
            if (!result.get("benchmark").getAsString().contains(".PaperBenchmark.")) continue;
            JsonObject params = result.getAsJsonObject("params");
            JsonObject primary = result.getAsJsonObject("primaryMetric");
            double scale = JmhResults.microsecondsPerUnit(primary.get("scoreUnit").getAsString());
            JsonObject secondary = result.getAsJsonObject("secondaryMetrics");
            // A verifier without kernels (the fast CPU one) counts no launches: it has no kernel time, not a time of 0.
            double calls = counter(secondary, "calls"), launched = counter(secondary, "launches");
            boolean device = calls > 0 && launched > 0;
            double kernel = device ? counter(secondary, "kernelNanos") / calls / 1000 : Double.NaN;
            double launches = device ? launched / calls : Double.NaN;
            try {
                measurements.add(new PaperMeasurement(params.get("variant").getAsString(), params.get("device").getAsString(),
                        params.get("vocab").getAsInt(), params.get("drafts").getAsInt(), params.get("batch").getAsInt(),
                        number(primary.get("score")) * scale, number(primary.get("scoreError")) * scale, kernel, launches));
            } catch (NullPointerException | NumberFormatException e) {
                throw new IllegalArgumentException("PaperBenchmark parameters " + params + " lack variant, device, vocab, drafts or batch", e);
            }
        }
        return List.copyOf(measurements);
    }

    private static double counter(JsonObject secondary, String name) {
        return secondary != null && secondary.has(name) ? number(secondary.getAsJsonObject(name).get("score")) : Double.NaN;
    }

    /** JMH writes "NaN" as a string when it cannot compute an error. */
    private static double number(JsonElement element) {
        if (element == null || element.isJsonNull()) return Double.NaN;
        String text = element.getAsString();
        return "NaN".equals(text) ? Double.NaN : Double.parseDouble(text);
    }
}
