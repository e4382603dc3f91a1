package dev.regula.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Small synthetic IDX data for the tests. */
final class TestData {
    private TestData() {}

    /** {@code count} images of rows × cols whose pixel j of image i is {@code (7·i + j) mod 256}. */
    static IdxImages images(int count, int rows, int cols) {
        byte[] pixels = new byte[count * rows * cols];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < rows * cols; j++) {
                pixels[i * rows * cols + j] = (byte) ((7 * i + j) % 256);
            }
        }
        return new IdxImages(count, rows, cols, pixels);
    }

    /** {@code count} labels cycling through 0..numClasses-1, starting at {@code first}. */
    static int[] labels(int count, int numClasses, int first) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (first + i) % numClasses;
        }
        return labels;
    }

    /** {@code bytes} gzip-compressed. */
    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the four MNIST files into {@code dir}: {@code nTrain} training and {@code nTest}
     * test images of 4×3 pixels, labels cycling through the 10 digits (training from 5, test from 7).
     */
    static void writeMnistLike(Path dir, int nTrain, int nTest) throws IOException {
        Files.createDirectories(dir);
        IdxWriter.writeImages(dir.resolve(Mnist.TRAIN_IMAGES), images(nTrain, 4, 3));
        IdxWriter.writeLabels(dir.resolve(Mnist.TRAIN_LABELS), labels(nTrain, 10, 5));
        IdxWriter.writeImages(dir.resolve(Mnist.TEST_IMAGES), images(nTest, 4, 3));
        IdxWriter.writeLabels(dir.resolve(Mnist.TEST_LABELS), labels(nTest, 10, 7));
    }
}
