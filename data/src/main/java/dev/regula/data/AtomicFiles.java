package dev.regula.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers only ever see the old file or the complete new one.
 *
 * <p>Order of operations in {@link #write(Path, Content)}:
 * <ol>
 *   <li>create a new temporary file {@code .<name>.<random>.tmp} in the target's own directory
 *       (a rename is atomic only within one file system);</li>
 *   <li>let the caller write the contents; the caller may throw to abort, for example when a
 *       checksum computed while copying does not match;</li>
 *   <li>flush and {@code fsync} the temporary file;</li>
 *   <li>rename it over the target with {@link StandardCopyOption#ATOMIC_MOVE} (on POSIX systems a
 *       {@code rename(2)}, which replaces an existing target), then {@code fsync} the directory
 *       where the platform allows it, so the rename itself survives a crash.</li>
 * </ol>
 * If any step fails, the temporary file is deleted, the target is left as it was, and the
 * exception propagates.
 *
 * <p>Used by the MNIST cache (a cached file is always complete and verified) and by checkpoints.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes a file's contents to a stream; may throw to abort the write. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole contents to {@code out}.
         *
         * @param out the temporary file's stream; do not close it
         * @throws IOException (or any runtime exception) to abort; the target is then untouched
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Atomically replaces (or creates) {@code target} with {@code bytes}.
     *
     * @param target the file to write; its directory must exist
     * @param bytes the new contents; not modified
     * @throws IOException if any step fails; {@code target} is then unchanged
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Atomically replaces (or creates) {@code target} with what {@code content} writes; see the
     * class javadoc for the order of operations.
     *
     * @param target the file to write; its directory must exist
     * @param content writes the new contents; may throw to abort
     * @throws IOException if any step fails, or as thrown by {@code content}; {@code target} is
     *     then unchanged and no temporary file is left
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path tmp = absolute.resolveSibling("." + absolute.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp,
                            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (Throwable t) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                t.addSuppressed(cleanup);
            }
            throw t;
        }
        syncDirectory(absolute.getParent());
    }

    /** Best effort: POSIX systems can fsync a directory; others (Windows) cannot open one. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not supported here; the file's own contents were already forced to disk.
        }
    }
}
