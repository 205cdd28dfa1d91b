package dev.specula.benchmarks;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class ExpSumTest {
    @Test
    void sumsExpOfShiftedLogitsIncludingTheScalarTail() {
        // 1000 + 7 floats: the SIMD loop and the scalar tail both contribute, at any lane count up to 16.
        int length = 1007;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment row = arena.allocate(4L * (length + 3), 64);
            SplittableRandom random = new SplittableRandom(1);
            double expected = 0;
            float shift = 2.5f;
            for (int v = 0; v < length; v++) {
                float z = (float) (random.nextDouble() * 6 - 3);
                row.setAtIndex(ValueLayout.JAVA_FLOAT, 3 + v, z);
                expected += Math.exp((double) z - shift);
            }
            row.setAtIndex(ValueLayout.JAVA_FLOAT, 0, 1e4f);  // outside the row: must not be read
            float sum = ExpSum.sum(new RowPass(row, 3, length, shift));
            assertEquals(expected, sum, expected * 1e-5);
        }
    }

    @Test
    void aListOfPassesSumsEachPass() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment row = arena.allocate(4L * 40, 64);
            for (int v = 0; v < 40; v++) row.setAtIndex(ValueLayout.JAVA_FLOAT, v, v < 20 ? 0f : 1f);
            // 20 zeros shifted by 0 give 20 ones; 20 ones shifted by 1 give 20 more; read twice: 20 + 20 + 20.
            RowPass zeros = new RowPass(row, 0, 20, 0f), ones = new RowPass(row, 20, 20, 1f);
            assertEquals(60f, ExpSum.sum(new RowPass[] {zeros, ones, ones}), 1e-4f);
            assertEquals(0f, ExpSum.sum(new RowPass[0]));
        }
    }
}
