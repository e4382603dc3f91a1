package dev.regula.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
    @Test
    void matchesTheStandardTestVectors() {
        // FIPS 180-2 appendix B.1, and the empty message
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Sha256.of("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                Sha256.of(new byte[0]));
    }

    @Test
    void hashesAFileLikeItsBytes(@TempDir Path dir) throws IOException {
        byte[] bytes = new byte[200_000]; // more than one read buffer
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Path file = Files.write(dir.resolve("f"), bytes);
        assertEquals(Sha256.of(bytes), Sha256.of(file));
    }
}
