package dev.specula.examples.llama;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFilesTest {
    @TempDir
    Path dir;

    @Test
    void thePropertyComesFirstThenTheRepositoryFolders() throws IOException {
        Path root = ModelFiles.repositoryRoot().orElseThrow(() -> new AssertionError("tests run inside the repository"));
        assertTrue(Files.isRegularFile(root.resolve("examples").resolve("pom.xml")), root + " is the parent of the modules");
        String before = System.getProperty(ModelFiles.PROPERTY);
        try {
            Files.writeString(dir.resolve("only-here.bin"), "x");
            System.setProperty(ModelFiles.PROPERTY, dir.toString());
            List<Path> path = ModelFiles.searchPath();
            assertEquals(dir.toAbsolutePath().normalize(), path.get(0));
            assertTrue(path.contains(root.resolve("models")), path.toString());
            assertTrue(path.contains(root.getParent().resolve("shared").resolve("models")), "../shared/models: " + path);
            assertEquals(dir.resolve("only-here.bin").toAbsolutePath().normalize(), ModelFiles.find("only-here.bin").orElseThrow());

            String message = ModelFiles.notFound("missing-" + System.nanoTime() + ".bin");
            assertTrue(message.contains(dir.toString()) && message.contains("karpathy/tinyllamas") && message.contains(ModelFiles.PROPERTY),
                    message);
            assertTrue(ModelFiles.find("missing-" + System.nanoTime() + ".bin").isEmpty());
        } finally {
            if (before == null) System.clearProperty(ModelFiles.PROPERTY);
            else System.setProperty(ModelFiles.PROPERTY, before);
        }
    }
}
