package dev.specula.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.core.DraftDistribution;
import dev.specula.core.FloatRows;
import dev.specula.core.VerificationBatch;
import dev.specula.ffm.cuda.Cuda;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** What the CUDA backend checks before it touches the driver, and how it reports a missing driver. */
class CudaVerifierTest {
    @Test
    void withoutTheDriverOpeningFailsWithTheReason() {
        if (Cuda.isInstalled()) {
            Assumptions.abort("SKIPPED: a CUDA driver is installed here; this test checks the message on machines without one");
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CudaVerifier.open(0));
        assertTrue(e.getMessage().contains("libcuda.so.1"), e.getMessage());
    }

    @Test
    void deviceRowsAreValidatedWhenDescribed() {
        long pointer = 0x7f00_0000_0000L;
        CudaRows rows = new CudaRows(pointer, 4L * (8 + 3 * 1024), 8, 3, 1, 1000, 1024, 1024);
        assertEquals(1024, rows.sequenceStride());
        assertThrows(IllegalArgumentException.class, () -> new CudaRows(0, 4096, 0, 1, 1, 10, 10, 10), "NULL pointer");
        assertThrows(IllegalArgumentException.class, () -> new CudaRows(pointer + 2, 4096, 0, 1, 1, 10, 10, 10), "misaligned");
        assertThrows(IllegalArgumentException.class, () -> new CudaRows(pointer, 4096, 0, 1, 1, 10, 9, 10), "row stride below V");
        assertThrows(IllegalArgumentException.class, () -> new CudaRows(pointer, 1 << 20, 0, 2, 3, 10, 10, 20), "overlapping sequences");
        assertThrows(IllegalArgumentException.class, () -> new CudaRows(pointer, 4 * 99, 0, 1, 1, 100, 100, 100), "one float short");
        assertThrows(IllegalArgumentException.class, () -> new CudaRows(pointer, 4096, -1, 1, 1, 10, 10, 10), "negative offset");
        assertThrows(IllegalArgumentException.class, () -> new CudaRows(pointer, Long.MAX_VALUE, 0, 2, 2, 10, Long.MAX_VALUE / 2, Long.MAX_VALUE), "overflow");
    }

    @Test
    void deviceRowsMustFitTheBatchBeforeAnyNativeCall() {
        long pointer = 0x7f00_0000_0000L;
        int v = 100;
        CudaRows target = new CudaRows(pointer, 4L * 2 * 3 * v, 0, 2, 3, v, v, 3L * v);
        CudaRows draft = new CudaRows(pointer, 4L * 2 * 2 * v, 0, 2, 2, v, v, 2L * v);
        VerificationBatch oneHot = new VerificationBatch(2, 2, v);
        assertEquals(PipelinePlan.ONE_HOT, CudaVerifier.deviceDraftKind(oneHot, target, null));
        IllegalArgumentException extra = assertThrows(IllegalArgumentException.class, () -> CudaVerifier.deviceDraftKind(oneHot, target, draft));
        assertTrue(extra.getMessage().contains("one-hot"), extra.getMessage());

        VerificationBatch logits = new VerificationBatch(2, 2, v)
                .draftDistribution(DraftDistribution.logits(FloatRows.of(new float[2 * 2 * v], 2, 2, v)));
        assertEquals(PipelinePlan.LOGITS, CudaVerifier.deviceDraftKind(logits, target, draft));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> CudaVerifier.deviceDraftKind(logits, target, null));
        assertTrue(missing.getMessage().contains("Logits"), missing.getMessage());

        VerificationBatch wider = new VerificationBatch(2, 2, v + 1);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> CudaVerifier.deviceDraftKind(wider, target, null));
        assertTrue(shape.getMessage().contains("target logits have shape 2x3x100"), shape.getMessage());
        VerificationBatch longer = new VerificationBatch(2, 3, v);
        assertThrows(IllegalArgumentException.class, () -> CudaVerifier.deviceDraftKind(longer, target, null), "g+1 = 4 rows needed");
    }
}
