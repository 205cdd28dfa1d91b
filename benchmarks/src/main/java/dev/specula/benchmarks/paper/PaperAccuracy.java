package dev.specula.benchmarks.paper;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.specula.core.ChainVerifier;
import dev.specula.core.DraftDistribution;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The accuracy half of the paper comparison (issue 8): for every verifier of {@link PaperContender}
 * and every workload — synthetic language-model-like rows at V = 32000, 51864, 128256, 256000 and
 * real rows recorded from stories260K with its Q8_0 draft — the acceptance rate, the tokens per
 * verification, and the total-variation distance of the emitted tokens to the exact target, each
 * beside what the verifier's formula predicts in double precision ({@link Prediction}).
 *
 * <h2>The experiment</h2>
 * Every trial is one verify call over the workload's B sequences with g = {@value #DRAFTS} drafts
 * each, drawn afresh from q ({@link DraftTable}, which draws what core's DraftSampler draws) with
 * the trial's step, so trial t of every verifier sees the same drafts and the same verifier
 * uniforms. The first emitted token of a sequence is exactly distributed as p_0 whatever the
 * drafts (Leviathan et al. 2023, theorem 1), so its empirical distribution over the trials is
 * compared with p_0; likewise the bonus token, in the trials that accept all g drafts, with p_g.
 * The distance is taken over {@value #BINS} bins of p's mass ({@link TokenBins}) and set beside
 * the noise level, the expected distance of as many exact samples ({@link TvEstimate}).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.specula.benchmarks.paper.PaperAccuracy [--quick] [--device Q] [--out FILE] [--verifiers id,id,...]
 * </pre>
 * {@code --quick} runs a tenth of the trials (a check of the pipeline, not a measurement).
 */
public final class PaperAccuracy {
    public static final String DEFAULT_OUT = "benchmarks/results/paper-accuracy.json";
    /** Drafts per verification: the paper's starting draft length (Hugging Face's heuristic schedule starts at 5). */
    static final int DRAFTS = 5;
    /**
     * Bins of p's mass over which the TV is estimated: few enough that the noise of a few dozen
     * samples per row stays well under the sigmoid variant's distance, enough to keep the head
     * tokens, where that distance lies, apart.
     */
    static final int BINS = 8;
    /** The synthetic vocabularies: Llama 2 (32000), Whisper (51864), Llama 3 (128256), Gemma (256000). */
    static final int[] VOCABS = {32_000, 51_864, 128_256, 256_000};
    /**
     * Sequences and trials per synthetic vocabulary. The OpenCL verifiers on a 2-core CPU device
     * (PoCL) take tens to hundreds of milliseconds per call at these sizes, so the trials are few
     * where V is large: the whole run takes a few minutes there, and the report states the
     * resolution that buys.
     */
    static final int[] SEQUENCES = {8, 8, 8, 8};
    static final int[] TRIALS = {100, 70, 60, 40};
    /** Verification points recorded from stories260K, and trials on them. */
    static final int STORY_POINTS = 64, STORY_TRIALS = 400;
    /** Simulated sets of exact samples per row from which the spread of the noise level is estimated. */
    static final int NOISE_REPLICATES = 400;

    private PaperAccuracy() {}

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        List<PaperContender> contenders = options.verifiers();
        JsonObject root = new JsonObject();
        root.addProperty("date", Instant.now().toString());
        root.addProperty("device", options.device());
        root.addProperty("drafts", DRAFTS);
        root.addProperty("bins", BINS);
        root.addProperty("quick", options.quick());
        root.addProperty("zLimit", TvEstimate.Z_LIMIT);
        JsonArray workloads = new JsonArray();
        long start = System.nanoTime();
        for (int k = 0; k <= VOCABS.length; k++) {
            try (Arena arena = Arena.ofShared()) {
                AccuracyWorkload workload = k < VOCABS.length
                        ? AccuracyWorkload.synthetic(arena, SEQUENCES[k], DRAFTS, VOCABS[k], options.trials(TRIALS[k]))
                        : AccuracyWorkload.stories(arena, STORY_POINTS, DRAFTS, options.trials(STORY_TRIALS));
                workloads.add(measure(workload, contenders, options.device()));
            }
        }
        root.add("workloads", workloads);
        root.addProperty("seconds", (System.nanoTime() - start) / 1e9);
        Path out = Path.of(options.out());
        if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(root));
        System.out.printf("paper-accuracy: wrote %s (%.0f s)%n", out, (System.nanoTime() - start) / 1e9);
    }

    /** Every contender on one workload, as a JSON object. */
    static JsonObject measure(AccuracyWorkload workload, List<PaperContender> contenders, String device) {
        int sequences = workload.sequences(), g = workload.draftsPerSequence();
        System.out.printf("paper-accuracy: %s, B=%d, g=%d, %d trials%n", workload.name(), sequences, g, workload.trials());
        float[][][] zp = new float[sequences][g + 1][], zq = new float[sequences][g][];
        TokenBins[] firstBins = new TokenBins[sequences], bonusBins = new TokenBins[sequences];
        double[][] p0 = new double[sequences][], pg = new double[sequences][];
        for (int b = 0; b < sequences; b++) {
            for (int r = 0; r <= g; r++) zp[b][r] = AccuracyWorkload.row(workload.target(), b, r);
            for (int i = 0; i < g; i++) zq[b][i] = AccuracyWorkload.row(workload.drafts(), b, i);
            p0[b] = Formula.softmax(zp[b][0]);
            pg[b] = Formula.softmax(zp[b][g]);
            firstBins[b] = TokenBins.of(p0[b], BINS);
            bonusBins[b] = TokenBins.of(pg[b], BINS);
        }
        Map<Formula, Prediction[]> predictions = new EnumMap<>(Formula.class);
        for (PaperContender c : contenders) {
            predictions.computeIfAbsent(c.formula(), f -> {
                Prediction[] each = new Prediction[sequences];
                for (int b = 0; b < sequences; b++) each[b] = Prediction.of(f, zp[b], zq[b]);
                return each;
            });
        }
        DraftTable table = new DraftTable(workload.drafts());
        VerificationBatch batch = new VerificationBatch(sequences, g, workload.vocab()).target(workload.target())
                .draftDistribution(DraftDistribution.logits(workload.drafts()));
        for (int b = 0; b < sequences; b++) batch.seed(b, AccuracyWorkload.SEED + b);
        VerificationResult result = VerificationResult.forBatch(batch);

        JsonObject json = new JsonObject();
        json.addProperty("name", workload.name());
        json.addProperty("kind", workload.kind());
        json.addProperty("vocab", workload.vocab());
        json.addProperty("sequences", sequences);
        json.addProperty("drafts", g);
        json.addProperty("trials", workload.trials());
        JsonArray verifiers = new JsonArray();
        for (PaperContender contender : contenders) {
            long started = System.nanoTime();
            AccuracyTally tally = new AccuracyTally(firstBins, bonusBins);
            boolean exact;
            try (ChainVerifier verifier = contender.open(device)) {
                exact = verifier.exact();
                for (int t = 0; t < workload.trials(); t++) {
                    batch.stepAll(t);
                    table.sampleAll(batch);
                    verifier.verify(batch, result);
                    tally.add(result, g);
                }
            }
            Prediction[] predicted = predictions.get(contender.formula());
            SplittableRandom random = new SplittableRandom(AccuracyWorkload.SEED);
            List<TvEstimate.Row> firstRows = new ArrayList<>(), bonusRows = new ArrayList<>();
            double expectedAccepted = 0;
            for (int b = 0; b < sequences; b++) {
                long[] counts = tally.firstCounts(b);
                int n = (int) Arrays.stream(counts).sum();
                firstRows.add(new TvEstimate.Row(firstBins[b].empiricalTv(counts), firstBins[b].expectedNoise(n),
                        firstBins[b].noiseVariance(n, NOISE_REPLICATES, random),
                        firstBins[b].tv(predicted[b].firstToken()), Tv.distance(predicted[b].firstToken(), p0[b]), n));
                long[] bonus = tally.bonusCounts(b);
                int m = (int) Arrays.stream(bonus).sum();
                if (m > 0) {
                    bonusRows.add(new TvEstimate.Row(bonusBins[b].empiricalTv(bonus), bonusBins[b].expectedNoise(m),
                            bonusBins[b].noiseVariance(m, NOISE_REPLICATES, random),
                            bonusBins[b].tv(predicted[b].bonusToken()), Tv.distance(predicted[b].bonusToken(), pg[b]), m));
                }
                expectedAccepted += predicted[b].expectedAccepted() / sequences;
            }
            TvEstimate first = TvEstimate.of(firstRows), bonus = TvEstimate.of(bonusRows);
            double acceptedPerVerification = (double) tally.accepted() / tally.verifications();
            JsonObject v = new JsonObject();
            v.addProperty("verifier", contender.id());
            v.addProperty("label", contender.label());
            v.addProperty("exact", exact);
            v.addProperty("acceptanceRate", acceptedPerVerification / g);
            v.addProperty("predictedAcceptanceRate", expectedAccepted / g);
            v.addProperty("tokensPerVerification", acceptedPerVerification + 1);
            v.addProperty("predictedTokensPerVerification", expectedAccepted + 1);
            v.add("firstToken", json(first));
            v.add("bonusToken", json(bonus));
            v.addProperty("seconds", (System.nanoTime() - started) / 1e9);
            verifiers.add(v);
            System.out.printf("  %-22s accept %.3f (predicted %.3f)  TV %.4f, noise %.4f, z %.1f, predicted %.4f  bonus TV %.4f (noise %.4f)  %.1f s%n",
                    contender.id(), acceptedPerVerification / g, expectedAccepted / g, first.tv(), first.noise(), first.z(),
                    first.predicted(), bonus.tv(), bonus.noise(), (System.nanoTime() - started) / 1e9);
        }
        json.add("verifiers", verifiers);
        return json;
    }

    private static JsonObject json(TvEstimate e) {
        JsonObject o = new JsonObject();
        o.addProperty("tv", e.tv());
        o.addProperty("noise", e.noise());
        o.addProperty("standardError", e.standardError());
        o.addProperty("z", e.z());
        o.addProperty("atNoiseLevel", e.atNoiseLevel());
        o.addProperty("predicted", e.predicted());
        o.addProperty("predictedFull", e.predictedFull());
        o.addProperty("samples", e.samples());
        return o;
    }

    /** The command line. */
    record Options(boolean quick, String device, String out, List<PaperContender> verifiers) {
        static Options parse(String[] args) {
            boolean quick = false;
            String device = "0", out = DEFAULT_OUT;
            List<PaperContender> verifiers = List.of(PaperContender.values());
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--device" -> device = value(args, ++i);
                    case "--out" -> out = value(args, ++i);
                    case "--verifiers" -> verifiers = Arrays.stream(value(args, ++i).split(",")).map(String::strip)
                            .map(PaperContender::of).toList();
                    default -> throw new IllegalArgumentException("unknown option '" + args[i]
                            + "'; usage: PaperAccuracy [--quick] [--device Q] [--out FILE] [--verifiers id,id,...]");
                }
            }
            return new Options(quick, device, out, verifiers);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) throw new IllegalArgumentException(args[i - 1] + " needs a value");
            return args[i];
        }

        /** A tenth of the trials with {@code --quick} (at least 10). */
        int trials(int full) {
            return quick ? Math.max(10, full / 10) : full;
        }
    }
}
