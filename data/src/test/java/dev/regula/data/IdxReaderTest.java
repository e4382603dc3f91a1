package dev.regula.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static void assertMessage(DataException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part),
                    () -> "message should contain \"" + part + "\": " + e.getMessage());
        }
        assertTrue(!e.getMessage().contains("\n"), "message should be one line: " + e.getMessage());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void roundTripsImagesAndLabels() {
        IdxImages images = TestData.images(5, 4, 3);
        int[] labels = {0, 9, 255, 3, 7};
        Path imagesFile = dir.resolve("images-idx3-ubyte");
        Path labelsFile = dir.resolve("labels-idx1-ubyte");
        IdxWriter.writeImages(imagesFile, images);
        IdxWriter.writeLabels(labelsFile, labels);

        IdxImages read = IdxReader.readImages(imagesFile);
        assertEquals(5, read.count());
        assertEquals(4, read.rows());
        assertEquals(3, read.cols());
        assertArrayEquals(images.pixels(), read.pixels());
        assertEquals((7 * 2 + 1 * 3 + 2) % 256, read.pixel(2, 1, 2));
        assertArrayEquals(labels, IdxReader.readLabels(labelsFile));
    }

    @Test
    void writesTheStandardHeader() throws IOException {
        Path file = dir.resolve("images");
        IdxWriter.writeImages(file, TestData.images(2, 28, 28));
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(file));
        assertEquals(2051, header.getInt());
        assertEquals(2, header.getInt());
        assertEquals(28, header.getInt());
        assertEquals(28, header.getInt());
        assertEquals(16 + 2 * 28 * 28, Files.size(file));
        assertEquals(8 + 3, IdxWriter.labelsBytes(new int[] {1, 2, 3}).length);
    }

    @Test
    void readsGzipByMagicBytesWhateverTheName() throws IOException {
        IdxImages images = TestData.images(3, 2, 5);
        int[] labels = {4, 0, 9};
        Path gzNamed = write("train-images-idx3-ubyte.gz", TestData.gzip(IdxWriter.imagesBytes(images)));
        Path plainNamed = write("train-labels-idx1-ubyte", TestData.gzip(IdxWriter.labelsBytes(labels)));

        assertArrayEquals(images.pixels(), IdxReader.readImages(gzNamed).pixels());
        assertArrayEquals(labels, IdxReader.readLabels(plainNamed));
    }

    @Test
    void rejectsAWrongMagicNumber() throws IOException {
        byte[] bytes = IdxWriter.imagesBytes(TestData.images(1, 2, 2));
        bytes[2] = 0x0D; // IDX type float instead of unsigned byte: 0x00000D03 = 3331
        Path file = write("floats-idx3", bytes);
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));
        assertMessage(e, "floats-idx3", "expected magic number 2051 (IDX images)", "found 3331", "0x00000D03");
    }

    @Test
    void rejectsAnImageFileReadAsLabelsAndViceVersa() {
        Path images = dir.resolve("train-images-idx3-ubyte");
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        IdxWriter.writeImages(images, TestData.images(2, 2, 2));
        IdxWriter.writeLabels(labels, new int[] {1, 2});

        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(labels));
        assertMessage(e, "train-labels-idx1-ubyte: expected magic number 2051 (IDX images), found 2049",
                "swapped");
        e = assertThrows(DataException.class, () -> IdxReader.readLabels(images));
        assertMessage(e, "train-images-idx3-ubyte: expected magic number 2049 (IDX labels), found 2051",
                "swapped");
    }

    @Test
    void rejectsATruncatedImagesFile() throws IOException {
        byte[] bytes = IdxWriter.imagesBytes(TestData.images(3, 4, 4)); // 16 + 48 bytes
        Path file = write("short-images", Arrays.copyOf(bytes, bytes.length - 5));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));
        assertMessage(e, "short-images", "truncated", "expected 64 bytes", "3 images × 4 × 4", "found 59 bytes");
    }

    @Test
    void rejectsATruncatedGzipFileWithTheDecompressedLength() throws IOException {
        byte[] bytes = IdxWriter.imagesBytes(TestData.images(3, 4, 4));
        Path file = write("short.gz", TestData.gzip(Arrays.copyOf(bytes, 60)));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));
        assertMessage(e, "short.gz", "truncated", "expected 64 bytes", "found 60 bytes after gzip decompression");
    }

    @Test
    void rejectsACorruptGzipStream() throws IOException {
        byte[] gz = TestData.gzip(IdxWriter.labelsBytes(new int[100]));
        Path file = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(file));
        assertMessage(e, "cut.gz", "expected a complete gzip stream");
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] images = IdxWriter.imagesBytes(TestData.images(2, 3, 3)); // 16 + 18 bytes
        Path imagesFile = write("long-images", Arrays.copyOf(images, images.length + 3));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(imagesFile));
        assertMessage(e, "long-images", "trailing", "expected 34 bytes", "found 37 bytes");

        byte[] labels = IdxWriter.labelsBytes(new int[] {1, 2, 3}); // 8 + 3 bytes
        Path labelsFile = write("long-labels", Arrays.copyOf(labels, labels.length + 1));
        e = assertThrows(DataException.class, () -> IdxReader.readLabels(labelsFile));
        assertMessage(e, "long-labels", "trailing", "expected 11 bytes", "8-byte header + 3 labels", "found 12 bytes");
    }

    @Test
    void rejectsATruncatedLabelsFile() throws IOException {
        byte[] labels = IdxWriter.labelsBytes(new int[] {1, 2, 3, 4});
        Path file = write("short-labels", Arrays.copyOf(labels, 10));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(file));
        assertMessage(e, "short-labels", "truncated", "expected 12 bytes", "found 10 bytes");
    }

    @Test
    void rejectsZeroDimensions() throws IOException {
        Path zeroRows = write("zero-rows", ByteBuffer.allocate(16).putInt(2051).putInt(1).putInt(0).putInt(28).array());
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(zeroRows));
        assertMessage(e, "zero-rows", "expected a positive number of rows, found 0");

        Path zeroCount = write("zero-count", ByteBuffer.allocate(16).putInt(2051).putInt(0).putInt(28).putInt(28).array());
        e = assertThrows(DataException.class, () -> IdxReader.readImages(zeroCount));
        assertMessage(e, "zero-count", "expected a positive number of images, found 0");

        Path hugeCols = write("huge-cols", ByteBuffer.allocate(16).putInt(2051).putInt(1).putInt(1).putInt(-1).array());
        e = assertThrows(DataException.class, () -> IdxReader.readImages(hugeCols));
        assertMessage(e, "huge-cols", "number of columns of at most 2147483647", "found 4294967295");

        Path zeroLabels = write("zero-labels", ByteBuffer.allocate(8).putInt(2049).putInt(0).array());
        e = assertThrows(DataException.class, () -> IdxReader.readLabels(zeroLabels));
        assertMessage(e, "zero-labels", "expected a positive number of labels, found 0");
    }

    @Test
    void rejectsAHeaderThatDeclaresMoreThanAnArrayHolds() throws IOException {
        Path file = write("giant", ByteBuffer.allocate(16).putInt(2051).putInt(60_000).putInt(28_000).putInt(28).array());
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));
        assertMessage(e, "giant", "found a header declaring 47040000000");
    }

    @Test
    void rejectsAFileShorterThanItsHeader() throws IOException {
        Path empty = write("empty", new byte[0]);
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(empty));
        assertMessage(e, "empty", "16-byte IDX images header", "found 0 bytes");

        Path partial = write("partial", ByteBuffer.allocate(10).putInt(2051).putInt(1).array());
        e = assertThrows(DataException.class, () -> IdxReader.readImages(partial));
        assertMessage(e, "partial", "truncated header", "expected 16 bytes", "found 10 bytes");
    }

    @Test
    void namesTheMissingPath() {
        Path missing = dir.resolve("nowhere").resolve("train-images-idx3-ubyte");
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(missing));
        assertMessage(e, "not found", missing.toString());
        e = assertThrows(DataException.class, () -> IdxReader.readLabels(dir));
        assertMessage(e, "found a directory");
    }

    @Test
    void writerRejectsLabelsThatDoNotFitAByte() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IdxWriter.labelsBytes(new int[] {3, 256}));
        assertTrue(e.getMessage().contains("received 256 at index 1"), e.getMessage());
    }
}
