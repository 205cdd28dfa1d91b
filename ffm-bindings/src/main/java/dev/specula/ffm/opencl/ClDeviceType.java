package dev.specula.ffm.opencl;

import static dev.specula.ffm.opencl.raw.OpenCL.CL_DEVICE_TYPE_ACCELERATOR;
import static dev.specula.ffm.opencl.raw.OpenCL.CL_DEVICE_TYPE_CPU;
import static dev.specula.ffm.opencl.raw.OpenCL.CL_DEVICE_TYPE_CUSTOM;
import static dev.specula.ffm.opencl.raw.OpenCL.CL_DEVICE_TYPE_GPU;

/** What kind of processor an OpenCL device is ({@code CL_DEVICE_TYPE}). */
public enum ClDeviceType {
    GPU(CL_DEVICE_TYPE_GPU),
    ACCELERATOR(CL_DEVICE_TYPE_ACCELERATOR),
    CPU(CL_DEVICE_TYPE_CPU),
    CUSTOM(CL_DEVICE_TYPE_CUSTOM);

    private final long bit;

    ClDeviceType(long bit) {
        this.bit = bit;
    }

    /**
     * The type in a {@code cl_device_type} bit set. Drivers may add {@code CL_DEVICE_TYPE_DEFAULT}
     * to the real type; it is ignored here.
     */
    static ClDeviceType of(long bits) {
        for (ClDeviceType type : values()) {
            if ((bits & type.bit) != 0) {
                return type;
            }
        }
        throw new IllegalStateException("the driver reported an unknown device type 0x" + Long.toHexString(bits));
    }
}
