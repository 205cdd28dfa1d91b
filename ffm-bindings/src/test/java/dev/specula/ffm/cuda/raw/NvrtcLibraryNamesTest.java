package dev.specula.ffm.cuda.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvrtcLibraryNamesTest {

    @Test
    void newestNvrtcFirstThenTheKnownSonames(@TempDir Path folder) throws IOException {
        Path older = folder.resolve("old");
        Files.createDirectories(older);
        for (String name : List.of("libnvrtc.so.12", "libnvrtc.so.13.0.48", "libnvrtc.so.13", "libnvrtc.so",
                "libnvrtc-builtins.so.13.0", "libnvrtc_static.a", "libnvrtc.so.13.backup", "libcudart.so.13")) {
            Files.createFile(folder.resolve(name));
        }
        Files.createFile(older.resolve("libnvrtc.so.11.2"));

        List<String> candidates = NvrtcLibraryNames.candidates(List.of(folder, older, folder.resolve("absent")));

        List<String> expected = new ArrayList<>(List.of(
                folder.resolve("libnvrtc.so.13.0.48").toString(),
                folder.resolve("libnvrtc.so.13").toString(),
                folder.resolve("libnvrtc.so.12").toString(),
                older.resolve("libnvrtc.so.11.2").toString(),
                folder.resolve("libnvrtc.so").toString(),
                "libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so.11.1", "libnvrtc.so.11.0", "libnvrtc.so"));
        assertEquals(expected, candidates);
    }

    @Test
    void withNothingOnDiskTheKnownSonamesRemain() {
        assertEquals(List.of("libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so.11.1", "libnvrtc.so.11.0",
                "libnvrtc.so"), NvrtcLibraryNames.candidates(List.of(Path.of("/nonexistent/specula"))));
    }
}
