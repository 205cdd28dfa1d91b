package dev.specula.kernels.cuda;

import static org.junit.jupiter.api.Assertions.fail;

import dev.specula.ffm.NativeLibraryNotFoundException;
import dev.specula.ffm.opencl.ClDevice;
import dev.specula.ffm.opencl.ClPlatform;
import java.util.List;

/**
 * The OpenCL device the hand-written kernels are tested on (PoCL). Its absence fails the tests:
 * the project's machines and CI install PoCL, and only CUDA-driver tests may skip.
 */
final class OpenClDevices {
    private OpenClDevices() {}

    static ClDevice require() {
        try {
            List<ClDevice> devices = ClPlatform.allDevices();
            if (devices.isEmpty()) fail("no OpenCL device: install PoCL (apt-get install pocl-opencl-icd)");
            return devices.getFirst();
        } catch (NativeLibraryNotFoundException e) {
            return fail("no OpenCL loader: " + e.getMessage());
        }
    }
}
