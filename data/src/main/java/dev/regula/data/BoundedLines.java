package dev.regula.data;

import dev.regula.core.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The lines of a text file, each at most a given length, so that a file without newlines (or
 * with one enormous line) is refused instead of read whole into memory, as
 * {@link java.io.BufferedReader#readLine()} would.
 *
 * <p>Lines end with {@code \n}; a {@code \r} before it is dropped, and so is a UTF-8 byte order
 * mark at the start of the file. {@link #next()} decodes a line as ISO-8859-1, one char per byte,
 * so that a byte that is not ASCII reaches the caller's message as it is (a CSV of numbers holds
 * only ASCII); {@link #nextUtf8()} decodes UTF-8 and refuses malformed bytes (file names).
 *
 * <p>Opening checks that the file is a regular file (a FIFO would block forever) and no larger
 * than {@link InputFiles#maxBytes()}.
 */
final class BoundedLines implements AutoCloseable {
    private final InputStream in;
    private final String name;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] line = new byte[256];
    private int length;
    private int maxLineBytes;
    private int lineNo;
    private boolean first = true;

    private BoundedLines(InputStream in, String name, int maxLineBytes) {
        this.in = in;
        this.name = name;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Opens {@code file} after checking it (see the class javadoc).
     *
     * @param what what the file should be, for messages ("a CSV file of label,pixel0,...")
     * @param maxLineBytes the longest line accepted (can be lowered later with {@link #limitLines})
     */
    static BoundedLines open(Path file, String what, int maxLineBytes) throws IOException {
        String problem = InputFiles.notRegular(file, what);
        if (problem != null) {
            throw new DataException(problem);
        }
        long size = Files.size(file);
        long limit = InputFiles.maxBytes();
        if (size > limit) {
            throw new DataException(CsvReader.nameOf(file) + ": expected at most " + InputFiles.human(limit)
                    + " (the limit, -D" + InputFiles.MAX_BYTES_PROPERTY + "), found a file of " + InputFiles.human(size));
        }
        return new BoundedLines(Files.newInputStream(file), CsvReader.nameOf(file),
                maxLineBytes);
    }

    /** Lowers the longest line accepted from now on. */
    void limitLines(int maxLineBytes) {
        this.maxLineBytes = Math.min(this.maxLineBytes, maxLineBytes);
    }

    /** The number of the line last returned, from 1. */
    int lineNo() {
        return lineNo;
    }

    /** The next line as ISO-8859-1 (one char per byte), or null at the end. */
    String next() throws IOException {
        return readLine() ? new String(line, 0, length, StandardCharsets.ISO_8859_1) : null;
    }

    /** The next line as UTF-8, or null at the end; malformed UTF-8 is a {@link DataException}. */
    String nextUtf8() throws IOException {
        if (!readLine()) {
            return null;
        }
        String s = new String(line, 0, length, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') >= 0) {
            throw new DataException(name + " line " + lineNo + ": expected UTF-8 text, found bytes that are not UTF-8"
                    + " (a file saved as Latin-1 or Windows-1252? save it as UTF-8)");
        }
        return s;
    }

    /** Reads the next line into {@code line[0..length)}; false at the end of the file. */
    private boolean readLine() throws IOException {
        length = 0;
        if (!fill()) {
            return false;
        }
        lineNo++;
        if (first) {
            first = false;
            if (limit - pos >= 3 && (buf[pos] & 0xFF) == 0xEF && (buf[pos + 1] & 0xFF) == 0xBB && (buf[pos + 2] & 0xFF) == 0xBF) {
                pos += 3; // a UTF-8 byte order mark
            }
        }
        while (fill()) {
            int end = pos;
            while (end < limit && buf[end] != '\n') {
                end++;
            }
            int n = end - pos;
            if ((long) length + n > maxLineBytes) {
                throw new DataException(name + " line " + lineNo + ": expected a line of at most " + maxLineBytes
                        + " bytes, found a longer one (a file without line breaks, or not a CSV file?)");
            }
            if (length + n > line.length) {
                line = java.util.Arrays.copyOf(line, Math.max(length + n, Math.min(maxLineBytes, 2 * line.length)));
            }
            System.arraycopy(buf, pos, line, length, n);
            length += n;
            pos = end;
            if (end < limit) { // the newline
                pos++;
                break;
            }
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return true;
    }

    /** Whether bytes remain, reading more when the buffer is used up. */
    private boolean fill() throws IOException {
        if (pos < limit) {
            return true;
        }
        limit = in.read(buf, 0, buf.length);
        pos = 0;
        if (limit <= 0) {
            limit = 0;
            return false;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
