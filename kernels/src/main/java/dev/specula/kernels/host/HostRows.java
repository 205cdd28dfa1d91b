package dev.specula.kernels.host;

import dev.specula.core.FloatRows;
import dev.specula.ffm.opencl.ClAccess;
import dev.specula.ffm.opencl.ClBuffer;
import dev.specula.ffm.opencl.ClContext;
import dev.specula.ffm.opencl.ClQueue;
import dev.specula.kernels.DeviceRows;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * How host rows reach the device: in place when the device shares host memory and the segment
 * is native and aligned (zero-copy), else through a staging copy kept between calls of the same
 * or a smaller size.
 */
public final class HostRows {
    private final ClContext context;
    private final ClQueue queue;
    private Arena arena;
    private MemorySegment staging;
    private ClBuffer buffer;

    /** Rows for kernels run on {@code queue}, whose context is {@code context}. */
    public HostRows(ClContext context, ClQueue queue) {
        this.context = context;
        this.queue = queue;
    }

    /** The device view of {@code rows}; release the returned input after the call. */
    public RowInput input(FloatRows rows) {
        boolean unified = context.device().hostUnifiedMemory();
        long bytes = Math.max(Float.BYTES, DeviceRows.span(rows) * Float.BYTES);
        MemorySegment segment = rows.segment();
        if (segment.isNative() && segment.address() % context.hostAlignment() == 0 && unified) {
            DeviceRows inPlace = DeviceRows.zeroCopy(context, rows);
            return new RowInput(inPlace, rows, inPlace.buffer(), 0);
        }
        if (staging == null || staging.byteSize() < bytes) {
            close();
            arena = Arena.ofShared();
            staging = arena.allocate(bytes, context.hostAlignment());
            buffer = unified ? context.hostBuffer(staging, ClAccess.READ_ONLY) : context.deviceBuffer(bytes, ClAccess.READ_ONLY);
        }
        long copied = DeviceRows.span(rows) * Float.BYTES;
        MemorySegment.copy(segment, 0, staging, 0, copied);
        if (buffer.kind() == ClBuffer.Kind.DEVICE) queue.enqueueWrite(buffer, 0, staging.asSlice(0, Math.max(copied, 1)));
        DeviceRows view = new DeviceRows(buffer, 0, rows.sequences(), rows.rowsPerSequence(), rows.vocabSize(), rows.rowStride(),
                rows.sequenceStride());
        return new RowInput(view, rows, null, copied);
    }

    /** Frees the staging copy; idempotent (a later call makes a new one). */
    public void close() {
        if (buffer != null) buffer.close();
        if (arena != null) arena.close();
        buffer = null;
        staging = null;
        arena = null;
    }
}
