package dev.specula.ffm.cuda;

import java.util.List;

/**
 * Run in a fresh JVM by {@link MissingLibraryTest}: calls the CUDA driver and NVRTC twice each
 * and prints, per call, the exception's class and message on one line. A fresh JVM because a
 * library, once loaded, stays loaded: only a new process can show what happens without it.
 */
public final class MissingLibraryProbe {
    private MissingLibraryProbe() {}

    public static void main(String[] args) {
        for (int attempt = 0; attempt < 2; attempt++) {
            report("driver", () -> Cuda.deviceCount());
            report("nvrtc", () -> NvrtcCompiler.compileToPtx("__global__ void k() {}", "k.cu", List.of()));
        }
        report("installed", () -> Cuda.isInstalled() + " " + NvrtcCompiler.isInstalled());
    }

    private static void report(String label, java.util.concurrent.Callable<?> call) {
        try {
            System.out.println(label + "\tOK\t" + call.call());
        } catch (Throwable e) {
            System.out.println(label + "\t" + e.getClass().getName() + "\t" + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
    }
}
