package dev.specula.examples;

import dev.specula.ffm.NativeLibraryNotFoundException;
import dev.specula.ffm.cuda.Cuda;
import dev.specula.ffm.cuda.CudaDevice;
import dev.specula.ffm.cuda.NvrtcCompiler;
import dev.specula.ffm.opencl.ClDevice;
import dev.specula.ffm.opencl.ClPlatform;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./specula devices}: every OpenCL platform and device and every CUDA device this machine
 * offers, with the properties that matter for Specula's kernels. A runtime that is not installed
 * is reported with what to install; that is not an error (exit status 0). A runtime that is
 * installed but fails is reported too, with exit status 1.
 */
public final class Devices {
    static final String USAGE = """
            Usage: ./specula devices
            Lists the OpenCL platforms and devices and the CUDA devices of this machine.
            The system properties specula.opencl.library, specula.cuda.library and
            specula.nvrtc.library point at a library in a non-standard place, e.g.
            JAVA_TOOL_OPTIONS=-Dspecula.cuda.library=/opt/nvidia/libcuda.so.1 ./specula devices
            """;

    private Devices() {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) System.exit(status);
    }

    /** Lists the devices; returns 0, 1 if an installed runtime failed, 2 on bad arguments. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            out.print(USAGE);
            return 0;
        }
        if (args.length > 0) {
            err.println("Devices: unexpected argument '" + args[0] + "'");
            err.print(USAGE);
            return 2;
        }
        boolean openClOk = listOpenCl(out);
        out.println();
        boolean cudaOk = listCuda(out);
        return openClOk && cudaOk ? 0 : 1;
    }

    private static boolean listOpenCl(PrintStream out) {
        out.println("OpenCL");
        List<ClPlatform> platforms;
        try {
            platforms = ClPlatform.all();
        } catch (NativeLibraryNotFoundException e) {
            out.println("  " + e.getMessage());
            return true;
        } catch (RuntimeException e) {
            out.println("  the OpenCL loader is installed but failed: " + e.getMessage());
            return false;
        }
        if (platforms.isEmpty()) {
            out.println("  the OpenCL loader is installed, but no platform (driver) is registered with it."
                    + " Install one, e.g. 'apt-get install pocl-opencl-icd' (a CPU device), or your GPU vendor's OpenCL driver.");
            return true;
        }
        boolean ok = true;
        for (ClPlatform platform : platforms) {
            out.printf("  platform: %s — %s, %s%n", platform.name(), platform.vendor(), platform.version());
            try {
                List<ClDevice> devices = platform.devices();
                if (devices.isEmpty()) {
                    out.println("    no devices");
                }
                for (ClDevice device : devices) {
                    printOpenClDevice(out, device);
                }
            } catch (RuntimeException e) {
                out.println("    listing its devices failed: " + e.getMessage());
                ok = false;
            }
        }
        return ok;
    }

    private static void printOpenClDevice(PrintStream out, ClDevice device) {
        out.printf("    device: %s (%s, %s)%n", device.name(), device.type(), device.vendor());
        out.printf("      %s; %s%n", device.version(), device.openClCVersion());
        out.printf("      %d compute units, max work-group size %d, work-item sizes %s%n",
                device.computeUnits(), device.maxWorkGroupSize(), device.maxWorkItemSizes());
        out.printf("      global memory %s (largest buffer %s), local memory %s per work-group%n",
                bytes(device.globalMemBytes()), bytes(device.maxMemAllocBytes()), bytes(device.localMemBytes()));
        out.printf("      shares host memory: %s; buffer alignment %d bytes; fp64: %s%n",
                device.hostUnifiedMemory() ? "yes (zero-copy buffers)" : "no",
                device.memBaseAddrAlignBytes(), device.supports("cl_khr_fp64") ? "yes" : "no");
    }

    private static boolean listCuda(PrintStream out) {
        out.println("CUDA");
        List<CudaDevice> devices;
        String driverVersion;
        try {
            driverVersion = Cuda.driverVersionString();
            devices = Cuda.devices();
        } catch (NativeLibraryNotFoundException e) {
            out.println("  " + e.getMessage());
            return true;
        } catch (RuntimeException e) {
            out.println("  the CUDA driver is installed but failed: " + e.getMessage());
            return false;
        }
        out.println("  driver: CUDA " + driverVersion);
        if (devices.isEmpty()) {
            out.println("  no GPU found: the driver reports no CUDA device");
        }
        for (CudaDevice device : devices) {
            out.printf("  device %d: %s, compute capability %s%n", device.ordinal(), device.name(), device.computeCapability());
            out.printf("    %d SMs, warp %d, max %d threads per block, %s shared memory per block%n",
                    device.multiprocessors(), device.warpSize(), device.maxThreadsPerBlock(), bytes(device.maxSharedMemoryPerBlock()));
            out.printf("    global memory %s, L2 cache %s%s%n", bytes(device.totalMemoryBytes()), bytes(device.l2CacheBytes()),
                    device.integrated() ? ", integrated (shares host memory)" : "");
        }
        listNvrtc(out);
        return true;
    }

    // NVRTC is optional (kernels can ship as PTX), so its absence is one line, not a failure.
    private static void listNvrtc(PrintStream out) {
        try {
            out.println("  NVRTC (runtime compiler): " + NvrtcCompiler.version());
        } catch (NativeLibraryNotFoundException e) {
            out.println("  NVRTC (runtime compiler): " + e.getMessage());
        } catch (RuntimeException e) {
            out.println("  NVRTC (runtime compiler): failed: " + e.getMessage());
        }
    }

    /** A byte count in binary units, e.g. "15.6 GiB". */
    static String bytes(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
