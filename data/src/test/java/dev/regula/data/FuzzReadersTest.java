package dev.regula.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.regula.core.InputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz tests of the readers (Jazzer): whatever the bytes, a reader returns a valid dataset or
 * throws {@link DataException} with one line that names the file, and allocates no more than a small multiple of the limit
 * ({@code -Dregula.maxInputBytes}, set to 1 MB here; 32 MB more are allowed for the class loading and
 * instrumentation of a first run), where the files took gigabytes.
 *
 * <p>In {@code mvn test} each method runs its seed corpus,
 * {@code src/test/resources/dev/regula/data/FuzzReadersTestInputs/METHOD/}: small versions of every
 * bad file of issue 16 ({@link HostileFiles} writes them); then each method is fuzzed for
 * {@code fuzz.seconds} in a JVM of its own (the module's "fuzz" profile). Longer, one method at a time:
 * <pre>
 * JAZZER_FUZZ=1 mvn -B test -pl data -am -Dtest='FuzzReadersTest#csv' -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.seconds=600
 * </pre>
 */
class FuzzReadersTest {
    private static final long LIMIT = 1 << 20;
    private static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        System.setProperty(InputFiles.MAX_BYTES_PROPERTY, Long.toString(LIMIT));
        dir = Files.createTempDirectory("regula-fuzz");
        Path folder = Files.createDirectories(dir.resolve("folder"));
        ImageFolderReaderTest.grayPng(folder.resolve("0.png"), 0, 3, 2);
        ImageFolderReaderTest.grayPng(folder.resolve("1.png"), 9, 3, 2);
        ImageFolderReaderTest.grayPng(dir.resolve("outside.png"), 9, 3, 2);
        Files.write(folder.resolve("huge.png"), HostileFiles.pngDeclaring(46_000, 46_000));
        Files.createSymbolicLink(folder.resolve("link.png"), dir.resolve("outside.png"));
    }

    @AfterAll
    static void tearDown() {
        System.clearProperty(InputFiles.MAX_BYTES_PROPERTY);
    }

    /** Runs {@code read} on {@code bytes} written to {@code name}: a valid result or our exception, bounded memory. */
    private static void check(byte[] bytes, String name, ReaderCall read) throws Throwable {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        long used = HostileFilesTest.allocated(() -> {
            try {
                read.run(file);
            } catch (DataException expected) {
                // the reader's own refusal: fine, if it is the one line the user sees, naming the file
                String m = expected.getMessage();
                assertTrue(m != null && !m.isBlank() && m.lines().count() == 1, "not one line: " + m);
                assertTrue(m.contains(file.toString()) || m.contains(file.getFileName().toString()),
                        "does not name " + file + ": " + m);
            }
        });
        assertTrue(used < 8 * LIMIT + 40L * bytes.length + (32 << 20), "allocated " + used + " bytes for a file of "
                + bytes.length);
    }

    @FunctionalInterface
    private interface ReaderCall {
        void run(Path file) throws Exception;
    }

    @FuzzTest(maxDuration = "10s")
    void idxImages(byte[] bytes) throws Throwable {
        check(bytes, "images-idx3-ubyte", file -> {
            IdxImages images = IdxReader.readImages(file);
            assertTrue(images.count() > 0 && (long) images.count() * images.rows() * images.cols() <= LIMIT);
        });
    }

    @FuzzTest(maxDuration = "10s")
    void csv(byte[] bytes) throws Throwable {
        check(bytes, "data.csv", file -> {
            LabeledImages data = CsvReader.readImages(file, 0);
            assertTrue(data.images().count() == data.labels().length && data.images().count() > 0);
        });
    }

    @FuzzTest(maxDuration = "10s")
    void pngIndex(byte[] bytes) throws Throwable {
        check(bytes, "folder/train.csv", file -> {
            LabeledImages data = ImageFolderReader.readImages(file, 0, 0, null);
            assertTrue(data.images().count() == data.labels().length && data.images().rows() == 3);
        });
    }
}
