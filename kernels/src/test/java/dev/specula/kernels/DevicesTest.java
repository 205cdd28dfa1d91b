package dev.specula.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.ffm.opencl.ClDevice;
import dev.specula.ffm.opencl.ClPlatform;
import dev.specula.ffm.opencl.OpenClTestDevice;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Device selection by index, name or vendor substring, and type. */
class DevicesTest {

    @Test
    void selectsByIndexNameVendorAndType() {
        ClDevice first = OpenClTestDevice.require();
        List<ClDevice> all = ClPlatform.allDevices();
        assertTrue(Devices.select("0").sameDevice(first));
        String word = first.name().split("\\s+")[0].toUpperCase(Locale.ROOT);
        assertTrue(Devices.select(word).name().toUpperCase(Locale.ROOT).contains(word));
        String vendor = first.vendor().toLowerCase(Locale.ROOT);
        ClDevice byVendor = Devices.select(vendor);
        assertTrue(byVendor.vendor().equalsIgnoreCase(first.vendor()) || byVendor.name().toLowerCase(Locale.ROOT).contains(vendor));
        String type = "type:" + first.type().name().toLowerCase(Locale.ROOT);
        assertTrue(Devices.select(type).type() == first.type());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Devices.select("no-such-device-xyz"));
        assertTrue(none.getMessage().contains(first.name()), "the message lists the devices: " + none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Devices.select(String.valueOf(all.size())));
        assertThrows(IllegalArgumentException.class, () -> Devices.select("type:quantum"));
        assertThrows(IllegalArgumentException.class, () -> Devices.select(" "));
    }
}
