package dev.regula.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesAndReplacesLeavingNoTemporaryFile() throws IOException {
        Path target = dir.resolve("model.ckpt");
        AtomicFiles.write(target, utf8("first"));
        assertArrayEquals(utf8("first"), Files.readAllBytes(target));
        AtomicFiles.write(target, utf8("second, longer"));
        assertArrayEquals(utf8("second, longer"), Files.readAllBytes(target));
        assertEquals(List.of("model.ckpt"), names());
    }

    @Test
    void keepsTheOldFileWhenTheWriteFailsMidway() throws IOException {
        Path target = dir.resolve("model.ckpt");
        AtomicFiles.write(target, utf8("old"));

        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]); // more than the buffer: part of it reaches the temporary file
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertArrayEquals(utf8("old"), Files.readAllBytes(target));
        assertEquals(List.of("model.ckpt"), names());

        assertThrows(DataException.class, () -> AtomicFiles.write(target, out -> {
            out.write(utf8("new but wrong"));
            throw new DataException("checksum mismatch (simulated)");
        }));
        assertArrayEquals(utf8("old"), Files.readAllBytes(target));
        assertEquals(List.of("model.ckpt"), names());
    }

    @Test
    void failsWithoutCreatingAnythingWhenTheDirectoryIsMissing() throws IOException {
        Path target = dir.resolve("missing").resolve("f");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, utf8("x")));
        assertEquals(List.of(), names());
    }
}
