package dev.specula.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import dev.specula.ffm.NativeLibraryNotFoundException;
import dev.specula.ffm.opencl.ClDevice;
import dev.specula.ffm.opencl.ClPlatform;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The OpenCL device the kernels' tests run on (PoCL on the project's machines). Without a device
 * the tests are SKIPPED with the reason on a developer's machine, and FAIL under CI
 * ({@code CI=true}), where they must run.
 */
public final class OpenClTestDevice {
    private OpenClTestDevice() {}

    private static final boolean UNDER_CI = "true".equalsIgnoreCase(System.getenv("CI"));

    /** The first OpenCL device, or a skip (a failure under CI) saying why there is none. */
    public static ClDevice require() {
        String missing;
        try {
            List<ClDevice> devices = ClPlatform.allDevices();
            if (!devices.isEmpty()) return devices.getFirst();
            missing = "the OpenCL loader finds no platform with a device. Install a driver, e.g. 'apt-get install pocl-opencl-icd'";
        } catch (NativeLibraryNotFoundException e) {
            missing = e.getMessage();
        }
        String reason = "No OpenCL device: " + missing + " (./specula test installs PoCL when it runs as root)";
        if (UNDER_CI) return fail(reason + " [failing rather than skipping because CI=true]");
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }
}
