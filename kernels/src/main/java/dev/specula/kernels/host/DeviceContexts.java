package dev.specula.kernels.host;

import dev.specula.ffm.opencl.ClContext;
import dev.specula.ffm.opencl.ClDevice;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One process-wide {@link ClContext} per device, where its programs are built once and kept. */
public final class DeviceContexts {
    private static final Map<Long, ClContext> CONTEXTS = new ConcurrentHashMap<>();

    private DeviceContexts() {}

    /** The context of {@code device}, made on first use (again if it was closed). */
    public static ClContext of(ClDevice device) {
        return CONTEXTS.compute(device.id().address(), (id, existing) ->
                existing != null && !existing.isClosed() ? existing : ClContext.create(device));
    }

    /**
     * The kernels index rows with 32-bit integers.
     *
     * @throws IllegalArgumentException if {@code floats} does not fit
     */
    public static void requireIndexable(long floats, String what) {
        if (floats > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " rows span " + floats + " floats; the device pipeline addresses at most "
                    + Integer.MAX_VALUE + " floats per buffer");
        }
    }
}
