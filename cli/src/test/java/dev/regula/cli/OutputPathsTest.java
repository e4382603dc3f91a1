package dev.regula.cli;

import static dev.regula.cli.CliTests.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.cli.CliTests.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --out} of {@code augment}, {@code casestudy} and {@code tune} is checked before any data
 * is read (as {@code train}'s --out and --save, see TrainCommandTest): a file, a path under a
 * file and a read-only directory each stop the command at once with one line naming the flag and
 * the path, exit code 2 and no stack trace.
 */
class OutputPathsTest {
    @TempDir
    Path dir;

    /** Directories made immutable, to make writable again for the clean-up. */
    private final List<Path> immutable = new ArrayList<>();

    @AfterEach
    void writableAgain() throws Exception {
        for (Path d : immutable) {
            new ProcessBuilder("chattr", "-i", d.toString()).inheritIO().start().waitFor();
        }
        if (Files.isDirectory(dir.resolve("read-only"))) {
            Files.setPosixFilePermissions(dir.resolve("read-only"), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static boolean writable(Path d) {
        try {
            Files.delete(Files.createTempFile(d, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A directory this process cannot write in: mode r-x, and when that does not stop it (root),
     * immutable ({@code chattr +i}); the test is skipped when neither works here.
     */
    private Path readOnlyDirectory() throws Exception {
        Path d = Files.createDirectories(dir.resolve("read-only"));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (writable(d)) {
            try {
                if (new ProcessBuilder("chattr", "+i", d.toString()).start().waitFor() == 0) {
                    immutable.add(d);
                }
            } catch (IOException noChattr) {
                // not on this system
            }
        }
        Assumptions.assumeFalse(writable(d), "no way to make a directory read-only for this user here");
        return d;
    }

    @Test
    void augmentCasestudyAndTuneCheckOutBeforeReadingAnyData() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path readOnly = readOnlyDirectory();
        String nowhere = dir.resolve("nowhere").toString();
        String[][] commands = {
                {"augment", "--preview", "--data", nowhere},
                {"casestudy", "--quick", "--data", nowhere},
                {"tune", "--param", "l2", "--values", "1e-4", "--quick", "--data", nowhere},
        };
        String[][] outs = {
                {file.toString(), "Invalid value for --out: expected a directory, found a file: " + file},
                {file.resolve("sub").toString(), "Invalid value for --out: cannot create the directory " + file.resolve("sub")},
                {readOnly.toString(), "Invalid value for --out: cannot write in " + readOnly + " ("},
        };
        for (String[] command : commands) {
            for (String[] out : outs) {
                List<String> args = new ArrayList<>(List.of(command));
                args.addAll(List.of("--out", out[0]));
                Run r = run(args.toArray(new String[0]));
                String what = String.join(" ", args) + ": " + r.err();
                assertEquals(2, r.exit(), what);
                assertEquals(1, r.err().strip().lines().count(), "one line: " + what);
                assertTrue(r.err().startsWith("regula: " + out[1]), what);
                assertFalse(r.err().contains("nowhere") || r.out().contains("nowhere"), "before reading the data: " + what);
                assertFalse(r.err().contains("\tat "), "no stack trace: " + what);
            }
        }
    }

    @Test
    void explainOutAndBenchPlotAreCheckedBeforeAnyTrainingOrTiming() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        String[][] commands = {
                {"explain", "overfitting", "--out", file.toString()},
                {"explain", "seeds-exercise", "--out", file.toString()},
                {"bench", "--plot", file.toString()},
        };
        for (String[] command : commands) {
            String flag = command[command.length - 2];
            Run r = run(command);
            String what = String.join(" ", command) + ": " + r.err();
            assertEquals(2, r.exit(), what);
            assertEquals("regula: Invalid value for " + flag + ": expected a directory, found a file: " + file, r.err().strip(), what);
            assertFalse(r.out().contains("Wrote") || r.out().contains("GFLOP"), "nothing trained or timed: " + what);
        }
    }
}
