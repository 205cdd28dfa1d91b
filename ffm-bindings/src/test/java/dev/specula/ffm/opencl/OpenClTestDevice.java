package dev.specula.ffm.opencl;

import static org.junit.jupiter.api.Assertions.fail;

import dev.specula.ffm.NativeLibraryNotFoundException;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the OpenCL device the tests run on (PoCL on the project's machines).
 *
 * <p>Without a device the tests cannot check anything. Where that is acceptable (a developer's
 * machine without OpenCL) they are SKIPPED with the reason; under CI ({@code CI=true}) they FAIL,
 * because CI must run them: {@code ./specula test} installs PoCL first.
 */
public final class OpenClTestDevice {
    private OpenClTestDevice() {}

    private static final boolean UNDER_CI = "true".equalsIgnoreCase(System.getenv("CI"));

    /** The first OpenCL device, or a skip (a failure under CI) saying why there is none. */
    public static ClDevice require() {
        String missing;
        try {
            List<ClDevice> devices = ClPlatform.allDevices();
            if (!devices.isEmpty()) {
                return devices.getFirst();
            }
            missing = "the OpenCL loader finds no platform with a device. Install a driver, e.g. "
                    + "'apt-get install pocl-opencl-icd'";
        } catch (NativeLibraryNotFoundException e) {
            missing = e.getMessage(); // says what to install
        }
        return unavailable("No OpenCL device: " + missing + " (./specula test installs PoCL when it runs as root)");
    }

    /** Skips the calling test, or fails it under CI, with {@code reason}. */
    public static <T> T unavailable(String reason) {
        if (UNDER_CI) {
            return fail(reason + " [failing rather than skipping because CI=true]");
        }
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }
}
