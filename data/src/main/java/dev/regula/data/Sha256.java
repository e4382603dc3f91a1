package dev.regula.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 checksums as lower-case hexadecimal strings, the form {@code sha256sum} prints and
 * DESIGN.md lists for the MNIST files.
 *
 * <p>{@code Sha256.of("abc".getBytes(US_ASCII))} is
 * {@code ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad} (FIPS 180-2, appendix
 * B.1).
 */
public final class Sha256 {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Sha256() {}

    /**
     * @param bytes the data. Not modified.
     * @return the SHA-256 of bytes, as 64 lower-case hex digits
     */
    public static String of(byte[] bytes) {
        return hex(newDigest().digest(bytes));
    }

    /**
     * @param file the file, read in a stream
     * @return the SHA-256 of its contents, as 64 lower-case hex digits
     * @throws IOException if the file cannot be read
     */
    public static String of(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return hex(digest.digest());
    }

    /** @return a fresh SHA-256 {@link MessageDigest}, for hashing a stream while it is being copied */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform is required to provide SHA-256 (MessageDigest javadoc).
            throw new IllegalStateException("This JVM provides no SHA-256 MessageDigest", e);
        }
    }

    /**
     * @param digest the bytes. Not modified.
     * @return digest as lower-case hex digits, two per byte
     */
    public static String hex(byte[] digest) {
        char[] out = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[digest[i] & 0xF];
        }
        return new String(out);
    }
}
