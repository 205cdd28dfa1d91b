package dev.specula.examples;

import dev.specula.core.decoding.DecodingStats;
import dev.specula.core.decoding.Generation;
import dev.specula.core.decoding.SpeculativeDecoder;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Plain and speculative decoding timed against each other with the same decoder (same target,
 * settings, seed and random streams): one warm-up run of each, so that the JIT has compiled the
 * model and the loop, then {@code repeats} alternating timed runs; medians are reported, because
 * the machines are shared and noisy. Tokens per second count generated tokens over the decoding
 * loop's time (after prefill), as {@link DecodingStats#tokensPerSecond()} does.
 *
 * @param plain the plain run with the median tokens/s
 * @param speculative the speculative run with the median tokens/s
 */
record SpeedComparison(DecodingStats plain, DecodingStats speculative) {

    static SpeedComparison measure(SpeculativeDecoder decoder, int[] prompt, int steps, int repeats) {
        decoder.generatePlain(prompt, steps);
        decoder.generate(prompt, steps);
        DecodingStats[] plain = new DecodingStats[repeats], speculative = new DecodingStats[repeats];
        for (int r = 0; r < repeats; r++) {
            plain[r] = decoder.generatePlain(prompt, steps).stats();
            Generation g = decoder.generate(prompt, steps);
            speculative[r] = g.stats();
        }
        return new SpeedComparison(median(plain), median(speculative));
    }

    private static DecodingStats median(DecodingStats[] runs) {
        DecodingStats[] sorted = runs.clone();
        Arrays.sort(sorted, Comparator.comparingDouble(DecodingStats::tokensPerSecond));
        return sorted[sorted.length / 2];
    }

    /** Speculative tokens/s over plain tokens/s. */
    double speedup() {
        return speculative.tokensPerSecond() / plain.tokensPerSecond();
    }
}
