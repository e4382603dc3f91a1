package dev.regula.docs.exercise;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exercises behind {@code regula exercise}: the learner writes a backward pass (or an update)
 * in a JShell script and Regula grades it against its own classes.
 *
 * <p>Order of use: {@link #topics()} lists them; {@link #starter} is the text of a starter script
 * (the forward given, the backward a {@code TODO}); {@link #check} grades a script; {@link #hint}
 * and then {@link #solution} help, only when asked.
 */
public final class Exercises {
    private Exercises() {}

    private static final Map<String, Exercise> EXERCISES = new LinkedHashMap<>();

    static {
        List<Exercise> all = new ArrayList<>(LayerExercises.all());
        all.addAll(LossExercises.all());
        all.addAll(PenaltyExercises.all());
        all.addAll(UpdateExercises.all());
        all.addAll(SeedExercises.all());
        // The reading order of docs/README.md: a layer, the outputs, the optimizer, the penalties, then noise and
        // normalization, then the seeds' mistakes.
        List<String> order = List.of("dense", "relu", "sigmoid", "softmax-cross-entropy", "adam", "l2", "l1", "max-norm",
                "dropout", "batchnorm", "seed-dropout", "seed-l1");
        all.sort(java.util.Comparator.comparingInt(e -> order.indexOf(e.topic)));
        for (Exercise e : all) {
            EXERCISES.put(e.topic, e);
        }
    }

    /** The outcome of {@link #check}: the report and the exit code (0 pass, 1 a check failed, 2 the script does not compile). */
    public record Grade(int exitCode, String report) {}

    /** The topics, in reading order. */
    public static List<String> topics() {
        return List.copyOf(EXERCISES.keySet());
    }

    /** One line: what the exercise is about and what the learner writes. */
    public static String summary(String topic) {
        Exercise e = exercise(topic);
        return e.summary + "; you write " + e.task();
    }

    /**
     * The starter script: the reference solution with its solution lines replaced by a TODO or,
     * in the seeds' exercises, by the seed's own (wrong) lines, which the resource holds between
     * {@code //>>> starter} and {@code //<<< starter}.
     */
    public static String starter(String topic) {
        exercise(topic);
        String text = resource(topic + ".jsh");
        boolean seedLines = text.contains("//>>> starter");
        StringBuilder out = new StringBuilder();
        String block = null;
        for (String line : text.split("\n", -1)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("//>>> ")) {
                block = trimmed.substring(6);
                if (block.equals("solution") && !seedLines) {
                    out.append(line, 0, line.indexOf('/')).append("throw new UnsupportedOperationException(\"TODO\");\n");
                }
            } else if (trimmed.startsWith("//<<< ")) {
                block = null;
            } else if (block == null || block.equals("starter")) {
                out.append(line).append('\n');
            }
        }
        return withHelpers(out.substring(0, out.length() - 1));
    }

    /** The reference solution: the starter's script with the TODOs (or the seed's lines) written. */
    public static String solution(String topic) {
        exercise(topic);
        StringBuilder out = new StringBuilder();
        String block = null;
        for (String line : resource(topic + ".jsh").split("\n", -1)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("//>>> ")) {
                block = trimmed.substring(6);
            } else if (trimmed.startsWith("//<<< ")) {
                block = null;
            } else if (block == null || block.equals("solution")) {
                out.append(line).append('\n');
            }
        }
        return withHelpers(out.substring(0, out.length() - 1));
    }

    /** The list that {@code regula exercise} prints: one line per exercise. */
    public static String listing() {
        StringBuilder sb = new StringBuilder("Exercises (regula exercise TOPIC writes TOPIC.jsh; regula exercise TOPIC --check TOPIC.jsh"
                + " grades it):\n");
        for (String t : topics()) {
            sb.append(String.format(java.util.Locale.ROOT, "  %-22s %s%n", t, summary(t)));
        }
        return sb.toString();
    }

    /** A hint that points at the derivation without giving the answer. */
    public static String hint(String topic) {
        return exercise(topic).hint();
    }

    /**
     * Grades {@code script}, the text of the file {@code fileName} (only its name is shown).
     *
     * @throws IllegalArgumentException for an unknown topic
     */
    public static Grade check(String topic, String script, String fileName) {
        Checker.Result r = Checker.check(exercise(topic), script, fileName);
        return new Grade(r.exitCode(), r.report());
    }

    static Exercise exercise(String topic) {
        Exercise e = EXERCISES.get(topic);
        if (e == null) {
            throw new IllegalArgumentException("Unknown exercise: expected one of " + String.join(", ", topics())
                    + ", received: " + topic);
        }
        return e;
    }

    /** The shared helpers (matmul, transpose, ...) go where a script has the line {@code //#helpers}. */
    private static String withHelpers(String text) {
        return text.replace("//#helpers\n", resource("helpers.jsh"));
    }

    static String resource(String name) {
        try (InputStream in = Exercises.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The exercise resource " + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Exercise> all() {
        return new ArrayList<>(EXERCISES.values());
    }
}
