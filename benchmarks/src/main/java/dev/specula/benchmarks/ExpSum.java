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
        // Four independent accumulators, so that consecutive exponentials do not wait on one
        // another's addition: the pass is then limited by the exponentials and the loads alone.
        FloatVector acc0 = FloatVector.zero(SPECIES), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        int lanes = SPECIES.length();
        int v = 0;
        for (int upper = length - length % (4 * lanes); v < upper; v += 4 * lanes) {
            acc0 = acc0.add(exp(segment, base, v, shift));
            acc1 = acc1.add(exp(segment, base, v + lanes, shift));
            acc2 = acc2.add(exp(segment, base, v + 2 * lanes, shift));
            acc3 = acc3.add(exp(segment, base, v + 3 * lanes, shift));
        }
        for (int upper = SPECIES.loopBound(length); v < upper; v += lanes) acc0 = acc0.add(exp(segment, base, v, shift));
        float sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        for (; v < length; v++) {
            sum += (float) Math.exp(segment.getAtIndex(ValueLayout.JAVA_FLOAT, pass.firstFloat() + v) - pass.shift());
        }
        return sum;
    }

    private static FloatVector exp(MemorySegment segment, long base, int v, FloatVector shift) {
        return FloatVector.fromMemorySegment(SPECIES, segment, base + (long) v * Float.BYTES, ByteOrder.nativeOrder())
                .sub(shift).lanewise(VectorOperators.EXP);
    }

    /** The sum of {@link #sum(RowPass)} over every pass, in order. */
    public static float sum(RowPass[] passes) {
        float total = 0;
        for (RowPass pass : passes) total += sum(pass);
        return total;
    }
}
