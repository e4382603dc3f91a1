package dev.regula.data;

import dev.regula.core.InputFiles;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the two IDX file kinds of MNIST: unsigned-byte images and unsigned-byte labels.
 *
 * <p>The IDX format (LeCun et al., "THE MNIST DATABASE of handwritten digits"): big-endian 32-bit
 * integers, then the data.
 * <pre>
 * images:  magic 2051 (0x00000803) | count | rows | cols | count·rows·cols pixels (unsigned bytes)
 * labels:  magic 2049 (0x00000801) | count | count labels (unsigned bytes)
 * </pre>
 * The magic number is two zero bytes, a type code ({@code 0x08} = unsigned byte) and the number
 * of dimensions (3 for images, 1 for labels).
 *
 * <p>A file may be raw or gzip-compressed; gzip is detected by its first two bytes
 * ({@code 0x1f 0x8b}), whatever the file is called. Everything is validated and every problem is a
 * {@link DataException} that names the file, the expectation and what was found: a missing file,
 * a wrong magic number (including image and label files swapped), a dimension that is not
 * positive, and a length that is not exactly the header plus the data (a truncated file or
 * trailing bytes; for gzip, the decompressed length).
 */
public final class IdxReader {
    /** Magic number of an IDX file of unsigned-byte images: type 0x08, 3 dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803; // 2051
    /** Magic number of an IDX file of unsigned-byte labels: type 0x08, 1 dimension. */
    public static final int LABELS_MAGIC = 0x00000801; // 2049
    /** Header bytes of an images file: magic, count, rows, cols. */
    public static final int IMAGES_HEADER_BYTES = 16;
    /** Header bytes of a labels file: magic, count. */
    public static final int LABELS_HEADER_BYTES = 8;

    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private IdxReader() {}

    /**
     * Reads an IDX images file (raw or gzip).
     *
     * @param file the file
     * @return the images, as stored
     * @throws DataException if the file is missing, unreadable or not a valid IDX images file
     */
    public static IdxImages readImages(Path file) {
        String name = nameOf(file);
        try (Source in = open(file)) {
            readMagic(in, name, IMAGES_MAGIC, IMAGES_HEADER_BYTES);
            int count = readDimension(in, name, "number of images", IMAGES_HEADER_BYTES);
            int rows = readDimension(in, name, "number of rows", IMAGES_HEADER_BYTES);
            int cols = readDimension(in, name, "number of columns", IMAGES_HEADER_BYTES);
            long size = InputFiles.product(count, rows, cols);
            String layout = IMAGES_HEADER_BYTES + "-byte header + " + count + " images × " + rows
                    + " × " + cols + " pixels";
            if (size > MAX_ARRAY_LENGTH) {
                throw new DataException(name + ": expected at most " + MAX_ARRAY_LENGTH
                        + " pixels (one Java array), found a header declaring "
                        + (size == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE + " (the product overflows a long)"
                        : Long.toString(size)) + " (" + layout + ")");
            }
            checkDeclared(in, name, IMAGES_HEADER_BYTES, size, layout);
            byte[] pixels = readPayload(in, name, IMAGES_HEADER_BYTES, (int) size, layout);
            return new IdxImages(count, rows, cols, pixels);
        } catch (IOException e) {
            throw readFailure(file, e);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(file, e);
        }
    }

    /**
     * Reads an IDX labels file (raw or gzip) into class indices, each in [0, 255].
     *
     * @param file the file
     * @return one class index per label, in file order
     * @throws DataException if the file is missing, unreadable or not a valid IDX labels file
     */
    public static int[] readLabels(Path file) {
        String name = nameOf(file);
        try (Source in = open(file)) {
            readMagic(in, name, LABELS_MAGIC, LABELS_HEADER_BYTES);
            int count = readDimension(in, name, "number of labels", LABELS_HEADER_BYTES);
            String layout = LABELS_HEADER_BYTES + "-byte header + " + count + " labels";
            checkDeclared(in, name, LABELS_HEADER_BYTES, count, layout);
            byte[] bytes = readPayload(in, name, LABELS_HEADER_BYTES, count, layout);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xFF;
            }
            return labels;
        } catch (IOException e) {
            throw readFailure(file, e);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(file, e);
        }
    }

    // ---------------------------------------------------------------------------------------

    /** The stream of a file's (decompressed) bytes, and how many have been read so far. */
    private static final class Source implements AutoCloseable {
        final InputStream in;
        final boolean gzip;
        final long fileSize;
        long position;

        Source(InputStream in, boolean gzip, long fileSize) {
            this.in = in;
            this.gzip = gzip;
            this.fileSize = fileSize;
        }

        /** Reads up to {@code n} bytes; fewer only at the end of the data. */
        byte[] read(int n) throws IOException {
            byte[] bytes = in.readNBytes(n); // grows in chunks: a lying header cannot exhaust memory
            position += bytes.length;
            return bytes;
        }

        /** The byte length after the data read so far: {@code position} plus what remains. */
        long totalLength() throws IOException {
            return position + in.transferTo(OutputStream.nullOutputStream());
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static Source open(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new DataException("IDX file not found: " + file);
        }
        String problem = InputFiles.notRegular(file, "an IDX file");
        if (problem != null) {
            throw new DataException(problem);
        }
        long fileSize = Files.size(file);
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            return new Source(gzip ? new GZIPInputStream(raw, 1 << 16) : raw, gzip, fileSize);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static void readMagic(Source in, String name, int expected, int headerBytes)
            throws IOException {
        byte[] b = in.read(4);
        if (b.length < 4) {
            throw new DataException(name + ": expected at least the " + headerBytes + "-byte IDX "
                    + kind(expected) + " header, found " + describeLength(in.totalLength(), in.gzip));
        }
        int magic = toInt(b);
        if (magic != expected) {
            throw new DataException(name + ": expected magic number " + expected + " (IDX "
                    + kind(expected) + "), found " + describeMagic(magic));
        }
    }

    private static int readDimension(Source in, String name, String what, int headerBytes)
            throws IOException {
        byte[] b = in.read(4);
        if (b.length < 4) {
            throw new DataException(name + ": truncated header: expected " + headerBytes
                    + " bytes, found " + describeLength(in.totalLength(), in.gzip));
        }
        int value = toInt(b);
        if (value == 0) {
            throw new DataException(name + ": expected a positive " + what + ", found 0");
        }
        if (value < 0) { // above 2^31 - 1 when read unsigned, as IDX means it
            throw new DataException(name + ": expected a " + what + " of at most "
                    + Integer.MAX_VALUE + ", found " + Integer.toUnsignedString(value));
        }
        return value;
    }

    /**
     * Refuses a header that declares more data than the limit ({@link InputFiles#maxBytes()}) or,
     * for a raw file, more than the file holds; before anything is allocated. (A gzip file's
     * decompressed length is only known by reading it; it is read in chunks, so a lying header
     * below the limit costs at most the bytes that are really there.)
     */
    private static void checkDeclared(Source in, String name, int headerBytes, long size, String layout) {
        if (!in.gzip && headerBytes + size > in.fileSize) {
            throw new DataException(name + ": file is truncated: expected " + (headerBytes + size) + " bytes ("
                    + layout + "), found " + in.fileSize + " bytes");
        }
        String problem = InputFiles.tooLarge(name, size, -1, InputFiles.maxBytes(), layout);
        if (problem != null) {
            throw new DataException(problem + (in.gzip ? " after gzip decompression" : ""));
        }
    }

    private static DataException outOfMemory(Path file, OutOfMemoryError e) {
        return new DataException(nameOf(file) + ": expected to fit in memory (" + InputFiles.human(InputFiles.maxBytes())
                + " allowed per file, -D" + InputFiles.MAX_BYTES_PROPERTY + "), found a file too large for the heap"
                + " (-Xmx, REGULA_JAVA_OPTS)");
    }

    /** Reads exactly {@code size} bytes and checks that nothing follows them. */
    private static byte[] readPayload(Source in, String name, int headerBytes, int size, String layout)
            throws IOException {
        byte[] payload = in.read(size);
        long expected = (long) headerBytes + size;
        if (payload.length < size) {
            throw new DataException(name + ": file is truncated: expected " + expected + " bytes ("
                    + layout + "), found " + describeLength(in.position, in.gzip));
        }
        long actual = in.totalLength();
        if (actual != expected) {
            throw new DataException(name + ": unexpected trailing bytes: expected " + expected
                    + " bytes (" + layout + "), found " + describeLength(actual, in.gzip));
        }
        return payload;
    }

    private static DataException readFailure(Path file, IOException e) {
        String name = nameOf(file);
        if (e instanceof EOFException || e instanceof ZipException) {
            return new DataException(name + ": expected a complete gzip stream, found a corrupt or"
                    + " truncated one (" + e.getMessage() + ")", e);
        }
        return new DataException("Could not read " + file + ": " + e, e);
    }

    private static String kind(int magic) {
        return magic == IMAGES_MAGIC ? "images" : "labels";
    }

    private static String describeMagic(int magic) {
        String hex = String.format(Locale.ROOT, "0x%08X", magic);
        if (magic == IMAGES_MAGIC) {
            return magic + " (IDX images; were the image and label files swapped?)";
        } else if (magic == LABELS_MAGIC) {
            return magic + " (IDX labels; were the image and label files swapped?)";
        } else if ((magic >>> 16) == 0) {
            return magic + " (" + hex + ": IDX type 0x" + String.format(Locale.ROOT, "%02X", (magic >>> 8) & 0xFF)
                    + " with " + (magic & 0xFF) + " dimensions; Regula reads unsigned-byte images"
                    + " (0x00000803) and labels (0x00000801))";
        }
        return magic + " (" + hex + "; not an IDX file)";
    }

    private static String describeLength(long bytes, boolean gzip) {
        return bytes + (gzip ? " bytes after gzip decompression" : " bytes");
    }

    private static int toInt(byte[] b) {
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    private static String nameOf(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }
}
