package dev.regula.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.docs.exercise.Exercises;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code regula exercise}: the list, the starter (never over a file without --force), --check's exit codes, bad usage. */
class ExerciseCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out, savedErr = System.err;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = Main.commandLine().execute(args);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void listsTheExercises() {
        Run r = run("exercise");
        assertEquals(0, r.exit(), r.err());
        assertEquals(Exercises.listing(), r.out());
    }

    @Test
    void writesTheStarterAndNeverOverwritesWithoutForce() throws IOException {
        Path file = dir.resolve("my.jsh");
        Run first = run("exercise", "dropout", "--out", file.toString());
        assertEquals(0, first.exit(), first.err());
        assertEquals(Exercises.starter("dropout"), Files.readString(file, StandardCharsets.UTF_8));
        Files.writeString(file, "my work", StandardCharsets.UTF_8);
        Run again = run("exercise", "dropout", "--out", file.toString());
        assertEquals(2, again.exit());
        assertEquals("regula: Not writing " + file + ": the file exists (use --force to overwrite it, or --out FILE)\n", again.err());
        assertEquals("my work", Files.readString(file, StandardCharsets.UTF_8));
        Run forced = run("exercise", "dropout", "--out", file.toString(), "--force");
        assertEquals(0, forced.exit(), forced.err());
        assertEquals(Exercises.starter("dropout"), Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void checkExitsWithOneOnAFailureAndZeroOnTheSolution() throws IOException {
        Path starter = dir.resolve("dropout.jsh");
        Files.writeString(starter, Exercises.starter("dropout"), StandardCharsets.UTF_8);
        Run failing = run("exercise", "dropout", "--check", starter.toString());
        assertEquals(1, failing.exit(), failing.err());
        assertTrue(failing.out().contains("not written yet"), failing.out());
        assertTrue(!failing.out().contains("/ keepProb;   // dA"), "the report must not show the solution");
        Path solution = dir.resolve("solution.jsh");
        Files.writeString(solution, Exercises.solution("dropout"), StandardCharsets.UTF_8);
        Run passing = run("exercise", "dropout", "--check", solution.toString(), "--hint");
        assertEquals(0, passing.exit(), passing.err());
        assertTrue(passing.out().contains("All 3 checks passed.") && passing.out().contains("Hint: "), passing.out());
    }

    @Test
    void badUsageIsOneLineAndExitCodeTwo() {
        Run unknown = run("exercise", "convolution");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().startsWith("regula: Unknown exercise: expected one of dense, relu,"), unknown.err());
        Run missing = run("exercise", "dense", "--check", dir.resolve("nope.jsh").toString());
        assertEquals(2, missing.exit());
        assertEquals(1, missing.err().lines().count(), missing.err());
        Run directory = run("exercise", "dense", "--check", dir.toString());
        assertEquals(2, directory.exit());
        Run noTopic = run("exercise", "--solution");
        assertEquals(2, noTopic.exit());
    }

    @Test
    void aScriptThatDoesNotCompileIsOneLineWithExitCodeTwo() throws IOException {
        Path broken = dir.resolve("broken.jsh");
        Files.writeString(broken, "double[][] backward(double[][] dY, double[][] D, double keepProb) {\n  return dY\n}\n",
                StandardCharsets.UTF_8);
        Run r = run("exercise", "dropout", "--check", broken.toString());
        assertEquals(2, r.exit());
        assertEquals("regula: broken.jsh:2: does not compile: ';' expected\n", r.err());
    }

    @Test
    void hintThenSolutionOnlyWhenAsked() {
        Run hint = run("exercise", "batchnorm", "--hint");
        assertEquals(0, hint.exit());
        assertEquals(Exercises.hint("batchnorm"), hint.out());
        Run solution = run("exercise", "batchnorm", "--solution");
        assertEquals(0, solution.exit());
        assertEquals(Exercises.solution("batchnorm"), solution.out());
    }
}
