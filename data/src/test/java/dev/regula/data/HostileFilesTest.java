package dev.regula.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.InputFiles;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's bad files, in small versions ({@link HostileFiles}): each is refused with one line
 * naming the file, what was expected and what was found, and no reader allocates more than a
 * small multiple of the file's size on the way.
 */
class HostileFilesTest {
    private static final long LIMIT = 1_000_000;

    @TempDir
    Path dir;

    @BeforeEach
    void smallLimit() {
        System.setProperty(InputFiles.MAX_BYTES_PROPERTY, Long.toString(LIMIT));
    }

    @AfterEach
    void defaultLimit() {
        System.clearProperty(InputFiles.MAX_BYTES_PROPERTY);
    }

    /** The bytes the current thread allocates while {@code body} runs. */
    static long allocated(Executable body) throws Throwable {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        try {
            body.execute();
        } catch (DataException expected) {
            // measured all the same
        }
        return mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return file;
    }

    private static void refused(Executable read, String... parts) {
        DataException e = assertThrows(DataException.class, read);
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void idxHeadersThatDeclareTooMuchAreRefusedBeforeAnythingIsAllocated() throws Throwable {
        var files = HostileFiles.idx();
        Path overflow = write("dims-overflow", files.get("dims-overflow"));
        refused(() -> IdxReader.readImages(overflow), "dims-overflow", "4194304 images × 4194304 × 4194304",
                "overflows");
        Path big = write("declares-47GB", files.get("declares-47GB"));
        refused(() -> IdxReader.readImages(big), "declares-47GB", "47040000000");
        Path gz = write("gzip-declares-1.5GB", files.get("gzip-declares-1.5GB"));
        refused(() -> IdxReader.readImages(gz), "gzip-declares-1.5GB", "expected at most 1,000,000 bytes",
                "1.5 GB", "after gzip decompression");
        Path bomb = write("gzip-bomb-trailing", files.get("gzip-bomb-trailing"));
        long used = allocated(() -> IdxReader.readImages(bomb));
        refused(() -> IdxReader.readImages(bomb), "unexpected trailing bytes", "8388624 bytes after gzip decompression");
        assertTrue(used < 2_000_000, "an 8 MB gzip bomb is counted, not held: " + used + " bytes allocated");
        Path truncated = write("truncated", files.get("truncated"));
        refused(() -> IdxReader.readImages(truncated), "truncated: expected 64 bytes", "found 40 bytes");
        assertEquals(2, IdxReader.readImages(write("valid", files.get("valid-2x3x2"))).count());
    }

    @Test
    void csvFilesAreReadInMemoryProportionalToTheirSize() throws Throwable {
        var files = HostileFiles.csv();
        Path wide = write("one-wide-row.csv", files.get("one-wide-row"));
        long size = Files.size(wide);
        long used = allocated(() -> CsvReader.readImages(wide, 0));
        assertEquals(100_000, CsvReader.readImages(wide, 0).images().cols());
        assertTrue(used < 20 * size, "a one-row CSV of " + size + " bytes allocated " + used);

        Path noNewline = write("no-newline.csv", files.get("no-newline"));
        System.setProperty(InputFiles.MAX_BYTES_PROPERTY, "100000");
        refused(() -> CsvReader.readImages(noNewline, 0), "no-newline.csv", "expected at most 100,000 bytes",
                "found a file of 300,000 bytes");
        System.setProperty(InputFiles.MAX_BYTES_PROPERTY, Long.toString(LIMIT));
        used = allocated(() -> CsvReader.readImages(noNewline, 0));
        assertTrue(used < 3_000_000, "a 300 KB line below the limit is read once: " + used);

        Path header = write("wide-header.csv", files.get("wide-header"));
        used = allocated(() -> CsvReader.readImages(header, 0));
        refused(() -> CsvReader.readImages(header, 0), "wide-header.csv line 2", "expected 300001 fields", "found 2");
        assertTrue(used < 20 * Files.size(header), "allocated " + used);

        Path latin1 = write("latin1.csv", files.get("latin1-byte"));
        refused(() -> CsvReader.readImages(latin1, 0), "latin1.csv line 3, field 2 (pixel0)",
                "expected an integer pixel value in 0..255", "found '5\u00e9'");
    }

    @Test
    void aPngFolderOnlyOpensFilesInsideIt() throws Throwable {
        var indexes = HostileFiles.pngIndex();
        Path folder = dir.resolve("folder");
        ImageFolderReaderTest.grayPng(folder.resolve("0.png"), 0, 3, 2);
        ImageFolderReaderTest.grayPng(folder.resolve("1.png"), 9, 3, 2);
        ImageFolderReaderTest.grayPng(dir.resolve("outside.png"), 9, 3, 2);
        Files.write(folder.resolve("huge.png"), HostileFiles.pngDeclaring(46_000, 46_000));
        Files.createSymbolicLink(folder.resolve("link.png"), dir.resolve("outside.png"));

        String[][] cases = {
                {"etc-passwd", "line 3: expected a file name relative to the data folder", "'/etc/passwd'"},
                {"dot-dot", "line 3: expected a file name relative to the data folder, without '..'", "'../outside.png'"},
                {"absolute", "line 3", "'/tmp/outside.png'"},
                {"symlink-out", "link.png (train.csv line 3): expected an image inside the data folder",
                        "found a symbolic link to " + dir.toRealPath().resolve("outside.png")},
                {"declares-46000x46000", "huge.png (train.csv line 3)", "46000×46000 pixels"},
                {"latin1-name", "train.csv line 3: expected UTF-8 text"},
        };
        for (String[] c : cases) {
            Path index = write("folder/train.csv", indexes.get(c[0]));
            String[] parts = java.util.Arrays.copyOfRange(c, 1, c.length);
            long used = allocated(() -> ImageFolderReader.readImages(index, 0, 0, null));
            refused(() -> ImageFolderReader.readImages(index, 0, 0, null), parts);
            assertTrue(used < 5_000_000, c[0] + " allocated " + used);
        }
        Path index = write("folder/train.csv", indexes.get("valid"));
        assertEquals(2, ImageFolderReader.readImages(index, 0, 0, null).images().count());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aFifoIsRefusedInsteadOfBlocking() throws Exception {
        Path fifo = dir.resolve("data.csv");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, p.waitFor());
        refused(() -> DataSources.load(fifo, DType.F32), "data.csv: expected a .csv file or a directory",
                "found a special file (a FIFO, socket or device)");
        Path idxDir = dir.resolve("idx");
        Files.createDirectories(idxDir);
        assertEquals(0, new ProcessBuilder("mkfifo", idxDir.resolve(Mnist.TRAIN_IMAGES).toString()).start().waitFor());
        refused(() -> IdxReader.readImages(idxDir.resolve(Mnist.TRAIN_IMAGES)), "expected an IDX file (a regular file)",
                "found a special file");
        refused(() -> CsvReader.readImages(fifo, 0), "expected a CSV file of label,pixel0,... (a regular file)");
    }
}
