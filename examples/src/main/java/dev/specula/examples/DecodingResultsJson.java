package dev.specula.examples;

import dev.specula.core.decoding.DecodingStats;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The decoding harness's measurements as a JSON file, for {@code ./specula report}. One object:
 * the settings, then {@code "rows"}, one flat object per draft kind and draft length.
 *
 * <pre>
 * { "schema": "specula-decoding-benchmark/1", "model": "stories260K",
 *   "prompt": string, "temperature": number, "draftTemperature": number, "steps": int, "repeats": int,
 *   "seed": int, "backend": "fast"|"reference", "selfLayers": int,
 *   "cpu": string, "cores": int, "jdk": string, "vm": string, "date": ISO-8601 instant,
 *   "rows": [ { "draft": "model"|"ngram"|"self", "draftLength": g,
 *               "alpha": measured acceptance rate,
 *               "tokensPerVerification": measured,
 *               "predictedTokensPerVerification": (1 - alpha^(n+1)) / (1 - alpha) averaged over the draft counts n used,
 *               "formulaTokensPerVerification": (1 - alpha^(g+1)) / (1 - alpha),
 *               "plainTokensPerSecond", "speculativeTokensPerSecond", "speedUp": speculative / plain,
 *               "verificationShare", "draftShare", "targetShare": fractions (0..1) of the speculative loop's time } ] }
 * </pre>
 * A number that is not defined (alpha when no draft was ever tested) is {@code null}.
 *
 * <p>Written by hand rather than with a JSON library: it is a dozen numbers and a few strings, so
 * a dependency (and a module on the examples' module path) would weigh more than the escaping of
 * strings below (RFC 8259, section 7).
 */
final class DecodingResultsJson {
    static final String SCHEMA = "specula-decoding-benchmark/1";

    private DecodingResultsJson() {}

    static void write(Path file, StoryOptions o, List<DecodingBenchmark.Cell> cells) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, render(o, cells, Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    }

    static String render(StoryOptions o, List<DecodingBenchmark.Cell> cells, Instant date) {
        StringBuilder json = new StringBuilder("{\n");
        field(json, "schema", string(SCHEMA));
        field(json, "model", string("stories260K"));
        field(json, "prompt", string(o.prompt()));
        field(json, "temperature", number(o.temperature()));
        field(json, "draftTemperature", number(o.effectiveDraftTemperature()));
        field(json, "steps", Integer.toString(o.steps()));
        field(json, "repeats", Integer.toString(o.repeats()));
        field(json, "seed", Long.toString(o.seed()));
        field(json, "backend", string(o.backend().option));
        field(json, "selfLayers", Integer.toString(o.selfLayers()));
        field(json, "cpu", string(cpuModel()));
        field(json, "cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        field(json, "jdk", string(Runtime.version().toString()));
        field(json, "vm", string(System.getProperty("java.vm.name", "?")));
        field(json, "date", string(date.toString()));
        json.append("  \"rows\": [");
        for (int i = 0; i < cells.size(); i++) {
            DecodingBenchmark.Cell cell = cells.get(i);
            DecodingStats s = cell.comparison().speculative();
            json.append(i == 0 ? "\n" : ",\n").append("    {")
                    .append("\"draft\": ").append(string(cell.kind().option))
                    .append(", \"draftLength\": ").append(cell.draftLength())
                    .append(", \"alpha\": ").append(number(s.alpha()))
                    .append(", \"tokensPerVerification\": ").append(number(s.tokensPerVerification()))
                    .append(", \"predictedTokensPerVerification\": ").append(number(s.predictedTokensPerVerification()))
                    .append(", \"formulaTokensPerVerification\": ")
                    .append(number(Double.isNaN(s.alpha()) ? Double.NaN : DecodingStats.expectedTokensPerVerification(s.alpha(), cell.draftLength())))
                    .append(", \"plainTokensPerSecond\": ").append(number(cell.comparison().plain().tokensPerSecond()))
                    .append(", \"speculativeTokensPerSecond\": ").append(number(s.tokensPerSecond()))
                    .append(", \"speedUp\": ").append(number(cell.comparison().speedup()))
                    .append(", \"verificationShare\": ").append(number(s.verificationShare()))
                    .append(", \"draftShare\": ").append(number(s.draftShare()))
                    .append(", \"targetShare\": ").append(number(s.targetShare()))
                    .append('}');
        }
        return json.append("\n  ]\n}\n").toString();
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append("  ").append(string(name)).append(": ").append(value).append(",\n");
    }

    /** A JSON number; NaN and the infinities, which JSON cannot spell, become null. */
    static String number(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) return "null";
        if (x == Math.rint(x) && Math.abs(x) < 1e15) return Long.toString((long) x);
        // Six significant digits are more than the measurements carry; Double.toString spells valid JSON (1.5, 2.0E-5).
        return Double.toString(new BigDecimal(x).round(new MathContext(6)).doubleValue());
    }

    /** A JSON string: quotes, backslashes and control characters escaped (RFC 8259, section 7). */
    static String string(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }

    /** The first "model name" of /proc/cpuinfo, or the architecture where there is none. */
    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst()
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }
}
