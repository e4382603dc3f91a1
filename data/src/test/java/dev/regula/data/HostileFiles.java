package dev.regula.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Small versions of the bad files of issue 16 ("a header that declares 3 GB, not a 3 GB file"),
 * as bytes: the reproductions that {@link HostileFilesTest} checks one by one, and the seeds of the
 * fuzz tests' corpus ({@code src/test/resources/.../*Inputs/}, written by {@link #main}).
 */
final class HostileFiles {
    private HostileFiles() {}

    /**
     * Writes the fuzz tests' seed corpus: {@code java -cp <test classpath> dev.regula.data.HostileFiles
     * data/src/test/resources/dev/regula/data/FuzzReadersTestInputs}.
     */
    public static void main(String[] args) throws java.io.IOException {
        java.nio.file.Path root = java.nio.file.Path.of(args[0]);
        Map<String, Map<String, byte[]>> corpora = Map.of("idxImages", idx(), "csv", csv(), "pngIndex", pngIndex());
        for (Map.Entry<String, Map<String, byte[]>> c : corpora.entrySet()) {
            java.nio.file.Path dir = java.nio.file.Files.createDirectories(root.resolve(c.getKey()));
            for (Map.Entry<String, byte[]> f : c.getValue().entrySet()) {
                java.nio.file.Files.write(dir.resolve(f.getKey()), f.getValue());
            }
        }
    }

    /** IDX images files, by name. */
    static Map<String, byte[]> idx() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("valid-2x3x2", idxImages(2, 3, 2, new byte[12]));
        // Dimensions whose product overflows a long (2^22 each: 2^66 wraps to 0 pixels).
        m.put("dims-overflow", idxImages(1 << 22, 1 << 22, 1 << 22, new byte[0]));
        // A header declaring 60,000 × 28,000 × 28 (47 GB) in a 16-byte file.
        m.put("declares-47GB", idxImages(60_000, 28_000, 28, new byte[0]));
        // A header declaring 3 GB in a 16-byte file, gzip'd: 1.5 GB after inflating in the issue.
        m.put("gzip-declares-1.5GB", TestData.gzip(idxImages(1_500_000, 1000, 1, new byte[0])));
        // A gzip bomb: a valid small header, then 8 MB of zeros that compress to a few KB.
        m.put("gzip-bomb-trailing", TestData.gzip(idxImages(1, 2, 2, new byte[8 << 20])));
        m.put("truncated", Arrays.copyOf(idxImages(3, 4, 4, new byte[48]), 40));
        return m;
    }

    /** CSV files of label,pixel0,..., by name. */
    static Map<String, byte[]> csv() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("valid", ascii("label,pixel0,pixel1,pixel2,pixel3\n1,0,255,3,4\n2,5,6,7,8\n"));
        // One very wide row (the issue's 4 MB row reserved 1,024 rows of capacity: 2.5 GB).
        StringBuilder wide = new StringBuilder("7");
        for (int i = 0; i < 100_000; i++) {
            wide.append(",0");
        }
        m.put("one-wide-row", ascii(wide.append('\n').toString()));
        // A file without a newline (the issue's was 3 GB of digits).
        byte[] noNewline = new byte[300_000];
        Arrays.fill(noNewline, (byte) '1');
        m.put("no-newline", noNewline);
        // A header that declares 300,000 pixels, then a short row.
        StringBuilder header = new StringBuilder("label");
        for (int i = 0; i < 300_000; i++) {
            header.append(",p");
        }
        m.put("wide-header", ascii(header.append("\n1,2\n").toString()));
        // A Latin-1 byte (é, 0xE9) in a pixel.
        m.put("latin1-byte", concat(ascii("label,pixel0,pixel1\n1,2,3\n4,5"), new byte[] {(byte) 0xE9}, ascii("\n")));
        return m;
    }

    /** train.csv indexes of filename,label (the PNG folder), by name. */
    static Map<String, byte[]> pngIndex() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("valid", ascii("filename,label\n0.png,3\n1.png,4\n"));
        m.put("etc-passwd", ascii("filename,label\n0.png,1\n/etc/passwd,2\n"));
        m.put("dot-dot", ascii("filename,label\n0.png,1\n../outside.png,2\n"));
        m.put("absolute", ascii("filename,label\n0.png,1\n/tmp/outside.png,2\n"));
        m.put("symlink-out", ascii("filename,label\n0.png,1\nlink.png,2\n"));
        m.put("declares-46000x46000", ascii("filename,label\n0.png,1\nhuge.png,2\n"));
        m.put("latin1-name", concat(ascii("filename,label\n0.png,1\n"), new byte[] {(byte) 0xE9}, ascii(".png,2\n")));
        return m;
    }

    /** A 257-byte-ish PNG whose header declares width × height 8-bit gray pixels (IDAT empty). */
    static byte[] pngDeclaring(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height);
        ihdr.put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        deflater.finish();
        byte[] z = new byte[64];
        chunk(out, "IDAT", Arrays.copyOf(z, deflater.deflate(z)));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = ascii(type);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static byte[] idxImages(int count, int rows, int cols, byte[] pixels) {
        return ByteBuffer.allocate(16 + pixels.length).putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows)
                .putInt(cols).put(pixels).array();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
