package dev.specula.ffm.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Device discovery, checked against what the {@code clinfo} tool reads through its own C code. */
class ClDiscoveryTest {
    private static ClDevice device;
    private static Map<String, String> clinfo;

    @BeforeAll
    static void findDevice() throws Exception {
        device = OpenClTestDevice.require();
        clinfo = clinfoOfFirstDevice();
    }

    @Test
    void platformAndDeviceAreListed() {
        List<ClPlatform> platforms = ClPlatform.all();
        assertFalse(platforms.isEmpty());
        assertTrue(platforms.stream().anyMatch(p -> p.id().address() == device.platform().id().address()));
        assertTrue(device.platform().devices().stream().anyMatch(d -> d.sameDevice(device)));
        assertEquals(clinfo.get("CL_PLATFORM_NAME"), device.platform().name());
        assertTrue(device.platform().version().startsWith("OpenCL "), device.platform().version());
    }

    @Test
    void devicePropertiesMatchClinfo() {
        assertEquals(clinfo.get("CL_DEVICE_NAME"), device.name());
        assertEquals(clinfo.get("CL_DEVICE_VERSION"), device.version());
        assertEquals(clinfo.get("CL_DEVICE_OPENCL_C_VERSION"), device.openClCVersion());
        assertEquals(clinfo.get("CL_DEVICE_TYPE"), "CL_DEVICE_TYPE_" + device.type());
        assertEquals(Long.parseLong(clinfo.get("CL_DEVICE_MAX_COMPUTE_UNITS")), device.computeUnits());
        assertEquals(Long.parseLong(clinfo.get("CL_DEVICE_GLOBAL_MEM_SIZE")), device.globalMemBytes());
        assertEquals(Long.parseLong(clinfo.get("CL_DEVICE_LOCAL_MEM_SIZE")), device.localMemBytes());
        assertEquals(Long.parseLong(clinfo.get("CL_DEVICE_MAX_MEM_ALLOC_SIZE")), device.maxMemAllocBytes());
        assertEquals(Long.parseLong(clinfo.get("CL_DEVICE_MAX_WORK_GROUP_SIZE")), device.maxWorkGroupSize());
        assertEquals(clinfo.get("CL_DEVICE_MAX_WORK_ITEM_SIZES"),
                String.join(" ", device.maxWorkItemSizes().stream().map(String::valueOf).toList()));
        // clinfo prints the alignment in bits, the record holds bytes.
        assertEquals(Long.parseLong(clinfo.get("CL_DEVICE_MEM_BASE_ADDR_ALIGN")), device.memBaseAddrAlignBytes() * 8);
        assertEquals(clinfo.get("CL_DEVICE_HOST_UNIFIED_MEMORY"), device.hostUnifiedMemory() ? "CL_TRUE" : "CL_FALSE");
        for (String extension : clinfo.get("CL_DEVICE_EXTENSIONS").split("\\s+")) {
            assertTrue(device.supports(extension), extension);
        }
        assertEquals(java.util.Arrays.stream(clinfo.get("CL_DEVICE_EXTENSIONS").split("\\s+")).distinct().count(), device.extensions().size());
    }

    @Test
    void deviceIsUsableForTheProjectsKernels() {
        assertTrue(device.openClCVersion().startsWith("OpenCL C "), device.openClCVersion());
        assertTrue(device.computeUnits() >= 1);
        assertTrue(device.memBaseAddrAlignBytes() >= 1 && Long.bitCount(device.memBaseAddrAlignBytes()) == 1,
                "alignment is a power of two: " + device.memBaseAddrAlignBytes());
    }

    /** {@code clinfo --raw}'s lines for the first device of the first platform, by property name. */
    private static Map<String, String> clinfoOfFirstDevice() throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("clinfo", "--raw").redirectErrorStream(false).start();
        } catch (IOException notInstalled) {
            return OpenClTestDevice.unavailable("the clinfo tool is not installed (apt-get install clinfo): " + notInstalled.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        Map<String, String> properties = new HashMap<>();
        for (String line : output.lines().toList()) {
            // "[POCL/0]    CL_DEVICE_NAME     pthread-..." or "  CL_PLATFORM_NAME   Portable ..."
            String trimmed = line.strip();
            boolean firstDevice = trimmed.matches("\\[[^/]+/0\\].*");
            boolean platformLine = !trimmed.startsWith("[");
            if (!firstDevice && !platformLine) {
                continue;
            }
            String body = firstDevice ? trimmed.substring(trimmed.indexOf(']') + 1).strip() : trimmed;
            String[] parts = body.split("\\s+", 2);
            if (parts.length == 2 && parts[0].startsWith("CL_")) {
                properties.putIfAbsent(parts[0], parts[1].strip());
            }
        }
        return properties;
    }
}
