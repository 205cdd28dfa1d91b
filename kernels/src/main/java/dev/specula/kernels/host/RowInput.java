package dev.specula.kernels.host;

import dev.specula.core.FloatRows;
import dev.specula.ffm.opencl.ClBuffer;
import dev.specula.kernels.DeviceRows;

/**
 * Rows as the kernels see them, and what must be released after the call.
 *
 * @param rows        the device view of the rows
 * @param host        the host rows they came from, or null for caller's device rows
 * @param temporary   a buffer made for this call only (zero-copy over the host segment), or null
 * @param copiedBytes bytes copied to reach the device
 */
public record RowInput(DeviceRows rows, FloatRows host, ClBuffer temporary, long copiedBytes) {
    /** Rows read where they are. */
    public RowInput(DeviceRows rows, FloatRows host) {
        this(rows, host, null, 0);
    }

    /** Frees the call's temporary buffer, if any. */
    public void release() {
        if (temporary != null) temporary.close();
    }
}
