package dev.regula.data;

import dev.regula.core.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads images from a Kaggle-style CSV file (the "Digit Recognizer" competition's
 * {@code train.csv}): one image per line, the label first, then the pixels row by row,
 * <pre>
 * label,pixel0,pixel1,...,pixel783      (optional header)
 * 1,0,0,...,0
 * 0,0,0,...,0
 * </pre>
 * Pixels are integers 0..255 (0 background, 255 ink), scaled to [0, 1] as value/255 like the IDX
 * files; labels are the digits 0..9. The number of pixels comes from the header when there is
 * one, otherwise from the first line; a square count (784) gives square images (28 × 28),
 * others are read as 1 × p. Blank lines are skipped; fields may be surrounded by spaces.
 *
 * <p>A line is a header when its first field is not a number; the header must then start with
 * {@code label}. Kaggle's {@code test.csv}, which has no label column ({@code pixel0,...}), is
 * not labeled data; {@link #isLabeled} tells the two apart.
 *
 * <p>Every problem is a {@link DataException} naming the file and line (and field), the
 * expectation and the value: a wrong field count, a value that is not an integer, a pixel outside
 * 0..255, a label outside 0..9, an empty file.
 */
public final class CsvReader {
    /** The longest first line (a header or the first row) read before the pixel count is known. */
    static final int MAX_FIRST_LINE = 64 << 20;

    private CsvReader() {}

    /**
     * The whole file as one dataset named after the file, 10 classes.
     *
     * @param file the CSV file
     * @param dtype dtype of x and of the one-hot targets
     * @return every labeled row, in file order
     * @throws DataException as the class javadoc describes
     */
    public static Dataset read(Path file, DType dtype) {
        LabeledImages data = readImages(file, 0);
        return Dataset.fromIdx(data.images(), data.labels(), Mnist.NUM_CLASSES, dtype, data.source());
    }

    /**
     * Reads the images and labels.
     *
     * @param expectedPixels pixels per line, or 0 to take them from the header or the first line
     */
    static LabeledImages readImages(Path file, int expectedPixels) {
        Objects.requireNonNull(file, "file");
        String name = nameOf(file);
        if (!Files.exists(file)) {
            throw new DataException("CSV file not found: " + file);
        }
        int pixels = expectedPixels;
        int maxRows = 0;
        byte[] data = new byte[0];
        int[] labels = new int[0];
        int count = 0;
        try (BoundedLines in = BoundedLines.open(file, "a CSV file of label,pixel0,...", MAX_FIRST_LINE)) {
            long fileSize = Files.size(file);
            String line;
            int lineNo = 0;
            boolean first = true;
            int[] fields = new int[0];
            while ((line = in.next()) != null) {
                lineNo = in.lineNo();
                if (line.isBlank()) {
                    continue;
                }
                if (first) {
                    first = false;
                    if (lineNo == 1 && line.startsWith("\uFEFF")) {
                        line = line.substring(1); // a UTF-8 byte order mark
                    }
                    String firstField = firstField(line);
                    if (!isInteger(firstField)) { // a header
                        int headerFields = fieldCount(line);
                        if (!firstField.equalsIgnoreCase("label")) {
                            throw new DataException(name + " line " + lineNo + ": expected a header starting with"
                                    + " 'label' (label,pixel0,...,pixel783) or a data row starting with the label,"
                                    + " found '" + abbreviate(firstField) + "'"
                                    + (firstField.equalsIgnoreCase("pixel0") ? " (an unlabeled test file?)" : ""));
                        }
                        if (pixels == 0) {
                            pixels = headerFields - 1;
                        } else if (headerFields != pixels + 1) {
                            throw new DataException(name + " line " + lineNo + ": expected a header of "
                                    + (pixels + 1) + " fields (label + " + pixels + " pixels), found " + headerFields);
                        }
                        if (pixels < 1) {
                            throw new DataException(name + " line " + lineNo + ": expected a header with a label"
                                    + " and at least one pixel column, found " + headerFields + " field(s)");
                        }
                        continue;
                    }
                    if (pixels == 0) {
                        pixels = fieldCount(line) - 1;
                        if (pixels < 1) {
                            throw new DataException(name + " line " + lineNo + ": expected a label and at least"
                                    + " one pixel, found 1 field");
                        }
                    }
                }
                if (fields.length == 0) { // the first data line: the pixel count is known
                    fields = new int[pixels + 1];
                    // A row holds at least 2·pixels + 1 bytes ("0," per field and the label), so the
                    // file cannot hold more rows than this: no reservation beyond what is there.
                    maxRows = (int) Math.min(Integer.MAX_VALUE, fileSize / (2L * pixels + 1) + 1);
                    labels = new int[Math.min(1024, maxRows)];
                    data = new byte[Math.multiplyExact(labels.length, pixels)];
                    in.limitLines((int) Math.min(Integer.MAX_VALUE, 16L * (pixels + 1) + 64));
                }
                parseLine(line, name, lineNo, fields);
                int label = fields[0];
                if (label < 0 || label >= Mnist.NUM_CLASSES) {
                    throw new DataException(name + " line " + lineNo + ": expected a label in 0.."
                            + (Mnist.NUM_CLASSES - 1) + ", found " + label);
                }
                if (count == labels.length) {
                    int capacity = (int) Math.min(2L * count, Math.max(maxRows, count + 1L));
                    labels = Arrays.copyOf(labels, capacity);
                    data = Arrays.copyOf(data, Math.multiplyExact(capacity, pixels));
                }
                labels[count] = label;
                int offset = count * pixels;
                for (int j = 0; j < pixels; j++) {
                    int v = fields[j + 1];
                    if (v < 0 || v > 255) {
                        throw new DataException(name + " line " + lineNo + ", field " + (j + 2) + " (pixel" + j
                                + "): expected a pixel value in 0..255, found " + v);
                    }
                    data[offset + j] = (byte) v;
                }
                count++;
            }
        } catch (IOException e) {
            throw new DataException("Could not read " + file + ": " + e, e);
        } catch (ArithmeticException e) {
            throw new DataException(name + ": too many pixels for one Java array (" + count + " images of "
                    + pixels + " pixels)", e);
        } catch (OutOfMemoryError e) {
            throw new DataException(name + ": expected to fit in memory, found " + count + " rows of " + pixels
                    + " pixels that do not (raise -Xmx through REGULA_JAVA_OPTS, or read fewer rows)");
        }
        if (count == 0) {
            throw new DataException(name + ": expected at least one data row (label,pixel0,...), found none");
        }
        int side = (int) Math.round(Math.sqrt(pixels));
        int rows = side * side == pixels ? side : 1;
        int cols = side * side == pixels ? side : pixels;
        IdxImages images = new IdxImages(count, rows, cols, Arrays.copyOf(data, count * pixels));
        return new LabeledImages(images, Arrays.copyOf(labels, count), name);
    }

    /**
     * Whether {@code file} holds labeled rows: a header starting with {@code label}, or, without a
     * header, {@code pixels + 1} fields. Kaggle's unlabeled {@code test.csv} ({@code pixel0,...},
     * 784 fields) is not.
     *
     * @param file the CSV file
     * @param pixels the number of pixels per image
     * @return true when the rows carry labels
     * @throws DataException if the file cannot be read
     */
    public static boolean isLabeled(Path file, int pixels) {
        try (BoundedLines in = BoundedLines.open(file, "a CSV file", MAX_FIRST_LINE)) {
            String line;
            while ((line = in.next()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                String firstField = firstField(line);
                if (!isInteger(firstField)) {
                    return firstField.equalsIgnoreCase("label");
                }
                return fieldCount(line) == pixels + 1;
            }
            return false;
        } catch (IOException e) {
            throw new DataException("Could not read " + file + ": " + e, e);
        }
    }

    /** Parses the comma-separated integers of one line into {@code fields}, checking the count. */
    private static void parseLine(String line, String name, int lineNo, int[] fields) {
        int n = line.length();
        int field = 0;
        int start = 0;
        while (start <= n) {
            int end = line.indexOf(',', start);
            if (end < 0) {
                end = n;
            }
            if (field < fields.length) {
                fields[field] = parseField(line, start, end, name, lineNo, field);
            }
            field++;
            start = end + 1;
        }
        if (field != fields.length) {
            throw new DataException(name + " line " + lineNo + ": expected " + fields.length + " fields (label + "
                    + (fields.length - 1) + " pixels), found " + field);
        }
    }

    private static int parseField(String line, int start, int end, String name, int lineNo, int field) {
        int s = start;
        int e = end;
        while (s < e && line.charAt(s) == ' ') s++;
        while (e > s && (line.charAt(e - 1) == ' ' || line.charAt(e - 1) == '\r')) e--;
        int value = 0;
        boolean ok = s < e && e - s <= 9;
        for (int i = s; ok && i < e; i++) {
            char c = line.charAt(i);
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
            } else if (!(c == '-' && i == s && e - s > 1)) {
                ok = false;
            }
        }
        if (!ok) {
            String what = field == 0 ? "an integer label" : "an integer pixel value in 0..255";
            String where = field == 0 ? "field 1 (label)" : "field " + (field + 1) + " (pixel" + (field - 1) + ")";
            throw new DataException(name + " line " + lineNo + ", " + where + ": expected " + what + ", found '"
                    + abbreviate(line.substring(start, end)) + "'");
        }
        return line.charAt(s) == '-' ? -value : value;
    }

    /** The number of comma-separated fields of {@code line}, without splitting it. */
    static int fieldCount(String line) {
        int n = 1;
        for (int i = line.indexOf(','); i >= 0; i = line.indexOf(',', i + 1)) {
            n++;
        }
        return n;
    }

    /** The first field of {@code line}, trimmed. */
    static String firstField(String line) {
        int comma = line.indexOf(',');
        return (comma < 0 ? line : line.substring(0, comma)).trim();
    }

    private static boolean isInteger(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c == '-' && i == 0 && s.length() > 1)) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} cut to 40 characters, on one line ({@link dev.regula.core.Checks#printable}). */
    static String abbreviate(String s) {
        return dev.regula.core.Checks.printable(s.length() <= 40 ? s : s.substring(0, 37) + "...");
    }

    static String nameOf(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }
}
