package dev.regula.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Writes raw (uncompressed) IDX files in the format {@link IdxReader} reads: for converting a
 * user's data, and for tests that need small synthetic files.
 *
 * <p>Files are written with {@link AtomicFiles}: a reader never sees half a file.
 */
public final class IdxWriter {
    private IdxWriter() {}

    /**
     * The bytes of an IDX images file: magic 2051, count, rows, cols (big-endian ints), then the pixels.
     *
     * @param images the images. Not modified.
     * @return a new array of {@code 16 + count·rows·cols} bytes
     */
    public static byte[] imagesBytes(IdxImages images) {
        ByteBuffer out = ByteBuffer.allocate(IdxReader.IMAGES_HEADER_BYTES + images.pixels().length);
        out.putInt(IdxReader.IMAGES_MAGIC).putInt(images.count()).putInt(images.rows()).putInt(images.cols());
        out.put(images.pixels());
        return out.array();
    }

    /**
     * The bytes of an IDX labels file: magic 2049, count, then one unsigned byte per label.
     *
     * @param labels class indices, each in [0, 255]; not modified
     * @return a new array of {@code 8 + labels.length} bytes
     * @throws IllegalArgumentException naming the first label outside [0, 255]
     */
    public static byte[] labelsBytes(int[] labels) {
        ByteBuffer out = ByteBuffer.allocate(IdxReader.LABELS_HEADER_BYTES + labels.length);
        out.putInt(IdxReader.LABELS_MAGIC).putInt(labels.length);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 255) {
                throw new IllegalArgumentException("Invalid labels: IDX stores each label in one"
                        + " unsigned byte, expected values in [0, 255], received " + labels[i]
                        + " at index " + i);
            }
            out.put((byte) labels[i]);
        }
        return out.array();
    }

    /**
     * Writes {@code images} to {@code file} as a raw IDX images file.
     *
     * @param file the file, replaced atomically if it exists
     * @param images the images. Not modified.
     * @throws DataException naming the file if it cannot be written
     */
    public static void writeImages(Path file, IdxImages images) {
        write(file, imagesBytes(images));
    }

    /**
     * Writes {@code labels} to {@code file} as a raw IDX labels file.
     *
     * @param file the file, replaced atomically if it exists
     * @param labels class indices, each in [0, 255]. Not modified.
     * @throws DataException naming the file if it cannot be written
     */
    public static void writeLabels(Path file, int[] labels) {
        write(file, labelsBytes(labels));
    }

    private static void write(Path file, byte[] bytes) {
        try {
            AtomicFiles.write(file, bytes);
        } catch (IOException e) {
            throw new DataException("Could not write " + file + ": " + e, e);
        }
    }
}
