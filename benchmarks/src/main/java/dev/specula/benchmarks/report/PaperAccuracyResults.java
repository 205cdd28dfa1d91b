package dev.specula.benchmarks.report;

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
 * The file {@code PaperAccuracy} writes ({@code paper-accuracy.json}), read back for the report.
 *
 * @param drafts g of every workload
 * @param bins the bins of p's mass over which TV was estimated
 * @param zLimit standard errors above the noise level beyond which a TV is a measured departure
 * @param seconds how long the run took
 */
public record PaperAccuracyResults(String device, int drafts, int bins, boolean quick, double zLimit, double seconds,
                                   List<Workload> workloads) {

    /** One workload and what every verifier did on it. */
    public record Workload(String name, String kind, int vocab, int sequences, int drafts, int trials, List<Entry> verifiers) {}

    /**
     * One verifier on one workload.
     *
     * @param exact what the verifier says of itself ({@code ChainVerifier.exact()})
     * @param firstToken the TV of the first emitted token to p_0
     * @param bonusToken the TV of the bonus token to p_g, over the trials accepting every draft
     */
    public record Entry(String verifier, String label, boolean exact, double acceptanceRate, double predictedAcceptanceRate,
                        double tokensPerVerification, double predictedTokensPerVerification, Tv firstToken, Tv bonusToken,
                        double seconds) {}

    /** A TV estimate: the measured distance, the noise level, the standard error of their difference, the predictions. */
    public record Tv(double tv, double noise, double standardError, double z, boolean atNoiseLevel, double predicted,
                     double predictedFull, long samples) {}

    public static PaperAccuracyResults read(Path json) throws IOException {
        return parse(Files.readString(json));
    }

    static PaperAccuracyResults parse(String text) {
        try {
            JsonObject root = JsonParser.parseString(text).getAsJsonObject();
            List<Workload> workloads = new ArrayList<>();
            for (JsonElement w : root.getAsJsonArray("workloads")) {
                JsonObject o = w.getAsJsonObject();
                List<Entry> entries = new ArrayList<>();
                for (JsonElement e : o.getAsJsonArray("verifiers")) {
                    JsonObject v = e.getAsJsonObject();
                    entries.add(new Entry(v.get("verifier").getAsString(), v.get("label").getAsString(), v.get("exact").getAsBoolean(),
                            v.get("acceptanceRate").getAsDouble(), v.get("predictedAcceptanceRate").getAsDouble(),
                            v.get("tokensPerVerification").getAsDouble(), v.get("predictedTokensPerVerification").getAsDouble(),
                            tv(v.getAsJsonObject("firstToken")), tv(v.getAsJsonObject("bonusToken")), v.get("seconds").getAsDouble()));
                }
                workloads.add(new Workload(o.get("name").getAsString(), o.get("kind").getAsString(), o.get("vocab").getAsInt(),
                        o.get("sequences").getAsInt(), o.get("drafts").getAsInt(), o.get("trials").getAsInt(), List.copyOf(entries)));
            }
            return new PaperAccuracyResults(root.get("device").getAsString(), root.get("drafts").getAsInt(), root.get("bins").getAsInt(),
                    root.get("quick").getAsBoolean(), root.get("zLimit").getAsDouble(), root.get("seconds").getAsDouble(),
                    List.copyOf(workloads));
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException | ClassCastException e) {
            throw new IllegalArgumentException("not a paper-accuracy.json file written by PaperAccuracy", e);
        }
    }

    private static Tv tv(JsonObject o) {
        return new Tv(o.get("tv").getAsDouble(), o.get("noise").getAsDouble(), o.get("standardError").getAsDouble(),
                o.get("z").getAsDouble(), o.get("atNoiseLevel").getAsBoolean(), o.get("predicted").getAsDouble(),
                o.get("predictedFull").getAsDouble(), o.get("samples").getAsLong());
    }
}
