package dev.regula.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * The checks every reader of a user's file makes before it allocates anything: the file is a
 * regular file (a directory, a FIFO or a device is refused, so that a FIFO given as {@code --data}
 * cannot hang a run), and the memory it declares it needs stays under a limit.
 *
 * <p>The limit is {@link #maxBytes()}: the system property {@value #MAX_BYTES_PROPERTY} when set
 * (bytes, e.g. {@code -Dregula.maxInputBytes=200000000}), otherwise an eighth of the heap
 * ({@code Runtime.maxMemory() / 8}), because a file's bytes become 4 (F32) or 8 (F64) bytes per
 * element once read. Sizes are {@code long}s everywhere: a header's product of dimensions must
 * not overflow into a small positive number.
 *
 * <p>The methods return the problem as one line (the file, what was expected, what was found), or
 * null when there is none; each module wraps it in its own exception type.
 */
public final class InputFiles {
    /** The system property that sets {@link #maxBytes()}. */
    public static final String MAX_BYTES_PROPERTY = "regula.maxInputBytes";

    private InputFiles() {}

    /**
     * The most bytes a reader may allocate for one file's contents (see the class javadoc).
     *
     * @return {@value #MAX_BYTES_PROPERTY} when set, else an eighth of the JVM's max heap
     * @throws IllegalArgumentException if the property is set but not a positive number
     */
    public static long maxBytes() {
        String v = System.getProperty(MAX_BYTES_PROPERTY);
        if (v != null) {
            try {
                long limit = Long.parseLong(v.strip());
                if (limit > 0) {
                    return limit;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the message below
            }
            throw new IllegalArgumentException("Invalid value for -D" + MAX_BYTES_PROPERTY
                    + ": expected a positive number of bytes, received: " + v);
        }
        return Runtime.getRuntime().maxMemory() / 8;
    }

    /**
     * Why {@code file} cannot be read as {@code what} ("an IDX file", "a checkpoint"), or null: it
     * does not exist, or is not a regular file (symbolic links are followed).
     *
     * @param file the path to check
     * @param what what the file should be, for the message
     * @return a message naming the file, what was expected and what was found; null when it is a
     *         regular file
     */
    public static String notRegular(Path file, String what) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return file + ": expected " + what + ", found " + (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                    ? "a file that cannot be read (" + e.getMessage() + ")" : "no such file");
        }
        if (a.isRegularFile()) {
            return null;
        }
        return file + ": expected " + what + " (a regular file), found "
                + (a.isDirectory() ? "a directory" : "a special file (a FIFO, socket or device)");
    }

    /**
     * Why a file that declares {@code declared} bytes of contents cannot be read, or null: more
     * than {@code limit}, or more than {@code available} (its real size; pass -1 when the contents
     * are decompressed and the size is not known in advance).
     *
     * @param name the file's name, for the message
     * @param declared the size of the contents its header declares, in bytes
     * @param available the file's real size in bytes, or -1 when unknown
     * @param limit the most bytes allowed, usually {@link #maxBytes()}
     * @param layout how the declared size was computed, e.g. "60000 images × 28 × 28 pixels"
     * @return the message, or null when the file may be read
     */
    public static String tooLarge(String name, long declared, long available, long limit, String layout) {
        if (declared > limit) {
            return name + ": expected at most " + human(limit) + " of contents (the limit, -D" + MAX_BYTES_PROPERTY
                    + "), found a header declaring " + human(declared) + " (" + layout + ")";
        }
        if (available >= 0 && declared > available) {
            return name + ": expected the " + human(declared) + " its header declares (" + layout
                    + "), found a file of " + available + " bytes";
        }
        return null;
    }

    /**
     * The product of the factors, saturating instead of overflowing.
     *
     * @param factors each ≥ 0
     * @return {@code a·b·c…}, or {@link Long#MAX_VALUE} when the product overflows a long
     */
    public static long product(long... factors) {
        long p = 1;
        for (long f : factors) {
            if (f != 0 && p > Long.MAX_VALUE / f) {
                return Long.MAX_VALUE;
            }
            p *= f;
        }
        return p;
    }

    /**
     * A byte count as people read it.
     *
     * @param bytes the count; {@link Long#MAX_VALUE} stands for an overflowed product
     * @return e.g. "47,040,016 bytes" below 10 MB, "3.0 GB" above
     */
    public static String human(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "more than 9.2 EB (the product overflows)";
        }
        if (bytes < 10_000_000) {
            return String.format(Locale.ROOT, "%,d bytes", bytes);
        }
        String[] units = {"MB", "GB", "TB", "PB", "EB"};
        double v = bytes / 1e6;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
