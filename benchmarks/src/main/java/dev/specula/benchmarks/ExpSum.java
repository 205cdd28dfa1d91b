package dev.specula.benchmarks;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The least work a softmax-based verifier can do with a row: read each logit once and take one
 * exponential, {@code sum_v exp(z_v - c)}, in the widest SIMD lanes the machine has, with the
 * Vector API's {@code lanewise(EXP)}. No running maximum, no rescaling, no sampling: whatever a
 * verifier does beyond this is overhead.
 */
public final class ExpSum {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private ExpSum() {}

    /** {@code sum_v exp(z_v - pass.shift())} over the row of {@code pass}. */
    public static float sum(RowPass pass) {
        MemorySegment segment = pass.segment();
        long base = pass.firstFloat() * Float.BYTES;
        int length = pass.length();
        FloatVector shift = FloatVector.broadcast(SPECIES, pass.shift());
        FloatVector acc = FloatVector.zero(SPECIES);
        int v = 0;
        for (int upper = SPECIES.loopBound(length); v < upper; v += SPECIES.length()) {
            FloatVector z = FloatVector.fromMemorySegment(SPECIES, segment, base + (long) v * Float.BYTES, ByteOrder.nativeOrder());
            acc = acc.add(z.sub(shift).lanewise(VectorOperators.EXP));
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; v < length; v++) {
            sum += (float) Math.exp(segment.getAtIndex(ValueLayout.JAVA_FLOAT, pass.firstFloat() + v) - pass.shift());
        }
        return sum;
    }

    /** The sum of {@link #sum(RowPass)} over every pass, in order. */
    public static float sum(RowPass[] passes) {
        float total = 0;
        for (RowPass pass : passes) total += sum(pass);
        return total;
    }
}
