package dev.specula.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.kernels.cuda.PipelinePlan.Block;
import dev.specula.kernels.cuda.PipelinePlan.DeviceArray;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelinePlanTest {
    @Test
    void tilingAndLaunchSizesFollowTheShape() {
        // B=3, g=2, V=1000, draft logits, groups of 64: tiles of ceil(1000/16)=63 -> 64 tokens, 16 tiles;
        // rows = 3*3 target + 3*2 draft = 15.
        PipelinePlan plan = PipelinePlan.of(3, 2, 1000, PipelinePlan.LOGITS, 64);
        assertEquals(64, plan.tileWidth());
        assertEquals(16, plan.tiles());
        assertEquals(9, plan.targetRows());
        assertEquals(15, plan.rows());
        assertEquals(List.of(240L, 1L, 1L, 48L, 3L), plan.launches(false).stream().map(PipelinePlan.Launch::groups).toList());
        assertEquals(List.of("RowStatsKernel", "RowCombineKernel", "AcceptKernel", "SampleTilesKernel", "SamplePickKernel"),
                plan.launches(false).stream().map(l -> l.kernel().name()).toList());
        // A batch with a truncated row adds the threshold stage after the merge: one group per row (15).
        assertEquals(List.of(240L, 1L, 15L, 1L, 48L, 3L), plan.launches(true).stream().map(PipelinePlan.Launch::groups).toList());
        assertEquals("ThresholdKernel", plan.launches(true).get(2).kernel().name());
        // One-hot drafts have no draft rows; a tiny vocabulary is one tile of one work-group.
        PipelinePlan oneHot = PipelinePlan.of(5, 4, 7, PipelinePlan.ONE_HOT, 256);
        assertEquals(25, oneHot.rows());
        assertEquals(1, oneHot.tiles());
        assertEquals(256, oneHot.tileWidth());
        // A large vocabulary: tiles capped at 16 strides of the work-group.
        PipelinePlan large = PipelinePlan.of(1, 0, 262_144, PipelinePlan.ONE_HOT, 256);
        assertEquals(4096, large.tileWidth());
        assertEquals(64, large.tiles());
    }

    @Test
    void arraysAreAlignedDisjointAndGroupedInBlocks() {
        PipelinePlan plan = PipelinePlan.of(6, 5, 32_000, PipelinePlan.PROBABILITIES, 256);
        List<DeviceArray> arrays = plan.arrays();
        long end = 0;
        Block previous = Block.INPUTS;
        for (DeviceArray a : arrays) {
            assertEquals(0, a.offset() % PipelinePlan.ALIGNMENT, a.name());
            assertTrue(a.offset() >= end, a.name() + " overlaps the array before it");
            assertTrue(a.block().ordinal() >= previous.ordinal(), a.name() + " is out of its block");
            end = a.offset() + a.bytes();
            previous = a.block();
        }
        assertEquals(end, plan.workspaceBytes());
        assertEquals(6 * 5, plan.array("draftToken").length());
        assertEquals(8L * 6 * 5, plan.array("recordedLogQ").bytes());
        assertEquals((long) plan.rows() * plan.tiles(), plan.array("partialMax").length());
        assertEquals(6L * plan.tiles(), plan.array("tileP").length());
        assertEquals(8L * 6 * plan.tiles(), plan.array("tileP").bytes());
        assertEquals(5L * 6, plan.array("outcome").length());
        assertTrue(plan.blockEnd(Block.INPUTS) <= plan.blockStart(Block.OUTPUTS));
        assertTrue(plan.blockEnd(Block.OUTPUTS) <= plan.blockStart(Block.WORK));
        // With no drafts the per-draft arrays keep one element: a device buffer cannot be empty.
        assertEquals(1, PipelinePlan.of(2, 0, 10, PipelinePlan.ONE_HOT, 64).array("draftToken").length());
    }

    @Test
    void invalidPlansAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PipelinePlan.of(0, 1, 10, 0, 64));
        assertThrows(IllegalArgumentException.class, () -> PipelinePlan.of(1, -1, 10, 0, 64));
        assertThrows(IllegalArgumentException.class, () -> PipelinePlan.of(1, 1, 0, 0, 64));
        assertThrows(IllegalArgumentException.class, () -> PipelinePlan.of(1, 1, 10, 3, 64));
        assertThrows(IllegalArgumentException.class, () -> PipelinePlan.of(1, 1, 10, 0, 48));
        assertThrows(IllegalArgumentException.class, () -> new PipelinePlan(1, 1, 10, 0, 64, 100));
        assertThrows(IllegalArgumentException.class, () -> PipelinePlan.of(1, 1, 10, 0, 64).array("nothing"));
        // More than 2^31 work-items in the first stage.
        assertThrows(IllegalArgumentException.class, () -> PipelinePlan.of(65_535, 100, 1 << 20, PipelinePlan.LOGITS, 256));
    }
}
