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
 * The decoding harness's JSON file ({@code ./specula bench --decoding}, schema
 * {@value #SCHEMA}: see {@code dev.specula.examples.DecodingResultsJson} and README.md,
 * <i>Benchmarks</i>): how the run was made and one {@link Row} per draft kind and draft length.
 */
public record DecodingResults(String prompt, double temperature, double draftTemperature, int steps, int repeats, long seed,
                              String backend, int selfLayers, String cpu, int cores, String jdk, String vm, String date,
                              List<Row> rows) {
    static final String SCHEMA = "specula-decoding-benchmark/1";
    /** The target: verification takes less than this share of the speculative step's time. */
    static final double MAX_VERIFICATION_SHARE = 0.05;

    /**
     * One draft kind at one draft length g. Shares are fractions (0..1) of the speculative loop's time.
     *
     * @param tokensPerVerification measured: tokens emitted per verification
     * @param predictedTokensPerVerification (1 - α^(n+1)) / (1 - α) averaged over the draft counts n used
     * @param formulaTokensPerVerification (1 - α^(g+1)) / (1 - α), Leviathan et al. 2023, equation 1
     */
    public record Row(String draft, int draftLength, double alpha, double tokensPerVerification, double predictedTokensPerVerification,
                      double formulaTokensPerVerification, double plainTokensPerSecond, double speculativeTokensPerSecond, double speedUp,
                      double verificationShare, double draftShare, double targetShare) {

        /** Whether the verifier's share of the step is under {@link #MAX_VERIFICATION_SHARE}. */
        public boolean verificationTargetMet() {
            return verificationShare < MAX_VERIFICATION_SHARE;
        }
    }

    public static DecodingResults read(Path json) throws IOException {
        return parse(Files.readString(json));
    }

    /** Parses the file's text; throws IllegalArgumentException naming what is wrong. */
    static DecodingResults parse(String text) {
        JsonObject o;
        try {
            o = JsonParser.parseString(text).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("not a decoding benchmark file (expected a JSON object)", e);
        }
        String schema = o.has("schema") ? o.get("schema").getAsString() : "none";
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("not a decoding benchmark file: schema " + schema + ", expected " + SCHEMA);
        }
        try {
            List<Row> rows = new ArrayList<>();
            for (JsonElement element : o.getAsJsonArray("rows")) {
                JsonObject r = element.getAsJsonObject();
                rows.add(new Row(r.get("draft").getAsString(), r.get("draftLength").getAsInt(), number(r, "alpha"),
                        number(r, "tokensPerVerification"), number(r, "predictedTokensPerVerification"),
                        number(r, "formulaTokensPerVerification"), number(r, "plainTokensPerSecond"),
                        number(r, "speculativeTokensPerSecond"), number(r, "speedUp"), number(r, "verificationShare"),
                        number(r, "draftShare"), number(r, "targetShare")));
            }
            return new DecodingResults(o.get("prompt").getAsString(), number(o, "temperature"), number(o, "draftTemperature"),
                    o.get("steps").getAsInt(), o.get("repeats").getAsInt(), o.get("seed").getAsLong(), o.get("backend").getAsString(),
                    o.get("selfLayers").getAsInt(), o.get("cpu").getAsString(), o.get("cores").getAsInt(), o.get("jdk").getAsString(),
                    o.get("vm").getAsString(), o.get("date").getAsString(), List.copyOf(rows));
        } catch (NullPointerException | IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
            throw new IllegalArgumentException("malformed decoding benchmark file: a field is missing or of the wrong type", e);
        }
    }

    /** A number field; JSON null (an undefined value, such as α when no draft was tested) is NaN. A missing field throws. */
    private static double number(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null) throw new IllegalStateException("missing field " + name);
        return e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }
}
