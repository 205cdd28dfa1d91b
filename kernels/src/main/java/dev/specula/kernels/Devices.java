package dev.specula.kernels;

import dev.specula.ffm.opencl.ClDevice;
import dev.specula.ffm.opencl.ClDeviceType;
import dev.specula.ffm.opencl.ClPlatform;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Picks an OpenCL device by a short query, as a {@code --device} option gives it.
 *
 * {@snippet :
 * ClDevice first = Devices.select("0");
 * ClDevice pocl = Devices.select("portable");     // a substring of the name or vendor
 * ClDevice gpu = Devices.select("type:gpu");
 * }
 */
public final class Devices {
    private Devices() {}

    /**
     * The device matching {@code query}: an index into {@link ClPlatform#allDevices()}, or
     * {@code type:cpu|gpu|accelerator}, or a case-insensitive substring of the device's name or
     * vendor (the first match).
     *
     * @throws IllegalArgumentException if nothing matches (the message lists the devices)
     */
    public static ClDevice select(String query) {
        Objects.requireNonNull(query, "query");
        return select(query, ClPlatform.allDevices());
    }

    /** {@link #select(String)} among {@code devices}. */
    public static ClDevice select(String query, List<ClDevice> devices) {
        String q = query.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) throw new IllegalArgumentException("the device query is empty; " + listing(devices));
        if (q.chars().allMatch(Character::isDigit)) {
            int index = Integer.parseInt(q);
            if (index < devices.size()) return devices.get(index);
            throw new IllegalArgumentException("there is no OpenCL device " + index + "; " + listing(devices));
        }
        if (q.startsWith("type:")) {
            ClDeviceType type = switch (q.substring(5)) {
                case "cpu" -> ClDeviceType.CPU;
                case "gpu" -> ClDeviceType.GPU;
                case "accelerator" -> ClDeviceType.ACCELERATOR;
                default -> throw new IllegalArgumentException("unknown device type '" + q.substring(5) + "': use type:cpu, type:gpu or type:accelerator");
            };
            return devices.stream().filter(d -> d.type() == type).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no OpenCL device of type " + type + "; " + listing(devices)));
        }
        return devices.stream()
                .filter(d -> d.name().toLowerCase(Locale.ROOT).contains(q) || d.vendor().toLowerCase(Locale.ROOT).contains(q))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no OpenCL device matches '" + query + "'; " + listing(devices)));
    }

    private static String listing(List<ClDevice> devices) {
        if (devices.isEmpty()) return "no OpenCL device is installed (e.g. apt-get install pocl-opencl-icd)";
        return "the devices are: " + String.join(", ", IntStream.range(0, devices.size())
                .mapToObj(i -> i + " = " + devices.get(i).name() + " (" + devices.get(i).vendor() + ", " + devices.get(i).type() + ")").toList());
    }
}
