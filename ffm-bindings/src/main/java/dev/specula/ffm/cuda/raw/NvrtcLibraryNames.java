package dev.specula.ffm.cuda.raw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The names under which NVRTC may be installed. Unlike the driver, NVRTC has no fixed soname: each
 * CUDA major version ships its own ({@code libnvrtc.so.12}, {@code libnvrtc.so.13}, ...), so the
 * library folders are scanned and the newest version found is tried first, then the sonames of
 * recent CUDA versions for the loader's own search.
 */
final class NvrtcLibraryNames {
    private NvrtcLibraryNames() {}

    /** Sonames of recent CUDA versions, tried after the files found on disk. */
    static final List<String> KNOWN_SONAMES = List.of("libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2",
            "libnvrtc.so.11.1", "libnvrtc.so.11.0", "libnvrtc.so");

    // libnvrtc.so, libnvrtc.so.12, libnvrtc.so.12.4.99; not libnvrtc-builtins.so.* nor libnvrtc_static.a
    private static final Pattern NVRTC_FILE = Pattern.compile("libnvrtc\\.so((?:\\.\\d+)*)");

    /** Candidates for this machine: the standard folders, the loader's configuration, LD_LIBRARY_PATH. */
    static List<String> candidates() {
        return candidates(searchFolders());
    }

    /** Files named like NVRTC in {@code folders}, newest version first, then {@link #KNOWN_SONAMES}. */
    static List<String> candidates(List<Path> folders) {
        List<Path> found = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(file -> NVRTC_FILE.matcher(file.getFileName().toString()).matches()).forEach(found::add);
            } catch (IOException | SecurityException unreadable) {
                // a folder we cannot list holds nothing we could load
            }
        }
        found.sort(Comparator.comparing(NvrtcLibraryNames::version, NvrtcLibraryNames::compareVersions).reversed());
        Set<String> names = new LinkedHashSet<>();
        found.forEach(file -> names.add(file.toAbsolutePath().toString()));
        names.addAll(KNOWN_SONAMES);
        return List.copyOf(names);
    }

    private static List<Path> searchFolders() {
        Set<Path> folders = new LinkedHashSet<>();
        String ldLibraryPath = System.getenv("LD_LIBRARY_PATH");
        if (ldLibraryPath != null) {
            for (String entry : ldLibraryPath.split(":")) {
                if (!entry.isBlank()) {
                    folders.add(Path.of(entry));
                }
            }
        }
        String cudaHome = System.getenv("CUDA_HOME");
        if (cudaHome != null && !cudaHome.isBlank()) {
            folders.add(Path.of(cudaHome, "lib64"));
        }
        for (String folder : List.of("/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib",
                "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib")) {
            folders.add(Path.of(folder));
        }
        folders.addAll(ldSoConfFolders());
        return List.copyOf(folders);
    }

    // The folders ldconfig indexes into the loader cache (CUDA installers add one here).
    private static List<Path> ldSoConfFolders() {
        List<Path> folders = new ArrayList<>();
        Path confDir = Path.of("/etc/ld.so.conf.d");
        if (!Files.isDirectory(confDir)) {
            return folders;
        }
        try (Stream<Path> confs = Files.list(confDir)) {
            for (Path conf : confs.filter(file -> file.toString().endsWith(".conf")).sorted().toList()) {
                for (String line : Files.readAllLines(conf)) {
                    String entry = line.strip();
                    if (entry.startsWith("/")) {
                        folders.add(Path.of(entry));
                    }
                }
            }
        } catch (IOException | SecurityException unreadable) {
            // fall back to the fixed folders
        }
        return folders;
    }

    private static List<Integer> version(Path file) {
        Matcher matcher = NVRTC_FILE.matcher(file.getFileName().toString());
        List<Integer> parts = new ArrayList<>();
        if (matcher.matches()) {
            for (String part : matcher.group(1).split("\\.")) {
                if (!part.isEmpty()) {
                    parts.add(Integer.parseInt(part));
                }
            }
        }
        return parts;
    }

    private static int compareVersions(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int byPart = Integer.compare(a.get(i), b.get(i));
            if (byPart != 0) {
                return byPart;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
