package dev.regula.cli;

import dev.regula.docs.exercise.Exercises;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code regula exercise [TOPIC]}: the learner writes a backward pass in a JShell script and Regula
 * grades it against its own classes. Without a topic it lists the exercises; with one it writes the
 * starter script ({@code TOPIC.jsh}, or {@code --out FILE}; never over an existing file without
 * {@code --force}); {@code --check FILE} grades a script; {@code --hint}, then {@code --solution}, help.
 *
 * <p>Exit codes: 0 every check passed (or the file was written), 1 a check failed (one line when
 * the script's methods did not return within 10 s: an endless loop is stopped), 2 bad usage, an
 * unreadable file, or a script that does not compile (one line with JShell's message and the line).
 */
@Command(name = "exercise", mixinStandardHelpOptions = true,
        description = {"Write the backward pass yourself and let Regula grade it:",
                "'regula exercise' lists the exercises, 'regula exercise TOPIC' writes a starter script (TOPIC.jsh),",
                "'regula exercise TOPIC --check FILE' checks your script against Regula's own layer, loss or optimizer."})
final class ExerciseCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "TOPIC", description = "An exercise from the list that 'regula exercise' prints")
    String topic;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the starter script (default: TOPIC.jsh)")
    Path out;

    @Option(names = "--force", description = "Overwrite the --out file if it exists")
    boolean force;

    @Option(names = "--check", paramLabel = "FILE", description = "Check the script FILE: each gradient against Regula's, and a gradient check")
    Path check;

    @Option(names = "--hint", description = "Print a hint (after the report, with --check)")
    boolean hint;

    @Option(names = "--solution", description = "Print the reference solution")
    boolean solution;

    @Override
    public Integer call() {
        // UTF-8 whatever the platform's default (the reports are full of ·, ⊙, ᵀ and λ); the bytes go through
        // System.out and System.err unchanged.
        PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        try {
            return run(stdout);
        } catch (UsageException e) {
            stderr.println("regula: " + e.getMessage());
            return 2;
        } finally {
            stdout.flush();
        }
    }

    /** Bad usage or input: one line, exit code 2. */
    private static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private int run(PrintStream stdout) throws UsageException {
        if (topic == null) {
            if (out != null || force || check != null || hint || solution) {
                throw new UsageException("--out, --force, --check, --hint and --solution need a TOPIC (see: regula exercise --help)");
            }
            stdout.print(Exercises.listing());
            return 0;
        }
        if (!Exercises.topics().contains(topic)) {
            throw new UsageException("Unknown exercise: expected one of " + String.join(", ", Exercises.topics()) + ", received: " + topic);
        }
        if (check != null) {
            if (out != null || force || solution) {
                throw new UsageException("--check takes no --out, --force or --solution (ask for the solution on its own)");
            }
            return check(stdout);
        }
        if (solution || hint) {
            if (out != null || force) {
                throw new UsageException("--hint and --solution print to the terminal; they take no --out or --force");
            }
            stdout.print(solution ? Exercises.solution(topic) : Exercises.hint(topic));
            return 0;
        }
        return writeStarter(stdout);
    }

    private int check(PrintStream stdout) throws UsageException {
        if (!Files.isRegularFile(check)) {
            throw new UsageException("Cannot check " + check + ": expected a regular file (the script written by 'regula exercise "
                    + topic + "'), found " + (Files.exists(check) ? "something else" : "no file"));
        }
        String script;
        try {
            if (Files.size(check) > 1_000_000) {
                throw new UsageException("Cannot check " + check + ": expected a script of at most 1 MB, found " + Files.size(check) + " bytes");
            }
            script = Files.readString(check, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UsageException("Cannot read " + check + ": " + e.getMessage());
        }
        Exercises.Grade grade = Exercises.check(topic, script, check.getFileName().toString());
        if (grade.exitCode() == 2) {
            throw new UsageException(grade.report().strip());
        }
        stdout.print(grade.report());
        if (hint) {
            stdout.println();
            stdout.print("Hint: " + Exercises.hint(topic));
        }
        return grade.exitCode();
    }

    private int writeStarter(PrintStream stdout) throws UsageException {
        Path file = out != null ? out : Path.of(topic + ".jsh");
        if (Files.exists(file) && !force) {
            throw new UsageException("Not writing " + file + ": the file exists (use --force to overwrite it, or --out FILE)");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new UsageException("Not writing " + file + ": it is not a regular file");
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            Files.writeString(tmp, Exercises.starter(topic), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UsageException("Cannot write " + file + ": " + e.getMessage());
        }
        stdout.println("Wrote " + file + ": the forward is given, the backward is yours (look for TODO).");
        stdout.println("Check it with: regula exercise " + topic + " --check " + file);
        return 0;
    }
}
