package dev.regula.regularization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.regula.core.DType;
import dev.regula.core.InputFiles;
import dev.regula.core.Matrix;
import dev.regula.nn.Checkpoint;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A fuzz test of the checkpoint reader (Jazzer), {@link Checkpoint#load} and the safetensors
 * decoder under it: whatever the bytes, it returns a model whose weights are all finite, or throws
 * an {@link IllegalArgumentException} of one line that names the file; never another exception,
 * never an OutOfMemoryError, and it allocates no more than a small multiple of the limit
 * ({@code -Dregula.maxInputBytes}, 1 MB here; an input whose first run loads classes is measured
 * again). It lives in this module because only with it on the class path
 * does the registry know every layer a checkpoint can name (batch norm's {@code features} is one
 * more size a file declares).
 *
 * <p>In {@code mvn test} it runs its seed corpus,
 * {@code src/test/resources/dev/regula/regularization/FuzzCheckpointTestInputs/load/}
 * ({@link HostileCheckpoints}: a valid checkpoint and its truncated, tampered, 3 GB-declaring,
 * non-finite, wrong-dtype and wrong-shape versions), and then fuzzes for {@code fuzz.seconds}
 * (see the parent pom). Longer:
 * <pre>
 * JAZZER_FUZZ=1 mvn -B test -pl regularization -am -Dtest='FuzzCheckpointTest' -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.seconds=600
 * </pre>
 */
class FuzzCheckpointTest {
    private static final long LIMIT = 1 << 20;
    private static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        System.setProperty(InputFiles.MAX_BYTES_PROPERTY, Long.toString(LIMIT));
        dir = Files.createTempDirectory("regula-fuzz");
    }

    @AfterAll
    static void tearDown() throws Exception {
        System.clearProperty(InputFiles.MAX_BYTES_PROPERTY);
        Files.deleteIfExists(dir.resolve("model.safetensors"));
        Files.deleteIfExists(dir);
    }

    @FuzzTest(maxDuration = "10s")
    void load(byte[] bytes) throws Exception {
        Path file = dir.resolve("model.safetensors");
        Files.write(file, bytes);
        long bound = 8 * LIMIT + 40L * bytes.length;
        long used = allocated(() -> loadChecked(file));
        if (used >= bound) {
            // The first input down a new path loads (and instruments) classes: measure it again.
            used = allocated(() -> loadChecked(file));
        }
        assertTrue(used < bound, "allocated " + used + " bytes for a file of " + bytes.length);
    }

    /** A model with finite weights, or our one-line refusal naming the file. */
    private static void loadChecked(Path file) throws Exception {
        try {
            Checkpoint.Loaded loaded = Checkpoint.load(file);
            for (Matrix w : loaded.model().weights()) {
                for (int i = 0; i < w.size(); i++) {
                    double v = w.dtype() == DType.F32 ? w.floats()[i] : w.doubles()[i];
                    assertTrue(Double.isFinite(v), "a non-finite weight was loaded: " + v);
                }
            }
        } catch (IllegalArgumentException e) {
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
            assertTrue(e.getMessage().length() < 1000, "a line of " + e.getMessage().length() + " characters");
        }
    }

    /** The bytes the current thread allocates while {@code body} runs. */
    private static long allocated(Body body) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        body.run();
        return mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }
}
