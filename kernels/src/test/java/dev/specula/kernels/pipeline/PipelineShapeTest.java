package dev.specula.kernels.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PipelineShapeTest {
    private static final int UNLIMITED = Integer.MAX_VALUE;

    @Test
    void withoutABudgetEachWorkItemGetsAFewDozenTokens() {
        PipelineShape s = PipelineShape.of(1, 4, 128_256, true, 64, UNLIMITED);
        assertEquals(64, s.localSize());
        assertEquals(63, s.tiles());  // ceil(128256 / (64 * 32))
        assertTrue((long) s.tiles() * s.tileWidth() >= 128_256);
        assertEquals(64, PipelineShape.of(64, 8, 256_000, true, 64, UNLIMITED).tiles(), "at most 64 tiles");
    }

    @Test
    void theBudgetCapsTheWorkGroupsOfTheStatisticsStage() {
        // B = 1, g = 4 with draft rows: 5 + 4 = 9 rows; 8 cores x 4 = 32 groups -> 3 tiles per row
        PipelineShape s = PipelineShape.of(1, 4, 128_256, true, 64, 32);
        assertEquals(3, s.tiles());
        assertTrue((long) s.rows() * s.tiles() <= 32);
        assertTrue((long) s.tiles() * s.tileWidth() >= 128_256);
    }

    @Test
    void moreRowsThanTheBudgetStillGetOneTileEach() {
        PipelineShape s = PipelineShape.of(64, 8, 256_000, true, 64, 8);
        assertEquals(1, s.tiles());
        assertEquals(256_000, s.tileWidth());
    }

    @Test
    void smallVocabulariesNarrowTheWorkGroup() {
        PipelineShape s = PipelineShape.of(2, 1, 100, false, 64, UNLIMITED);
        assertEquals(4, s.localSize());  // highestOneBit(ceil(100 / 32) = 4)
        assertEquals(1, s.tiles());
    }

    @Test
    void rejectsABadBudget() {
        assertThrows(IllegalArgumentException.class, () -> PipelineShape.of(1, 1, 10, false, 64, 0));
    }
}
