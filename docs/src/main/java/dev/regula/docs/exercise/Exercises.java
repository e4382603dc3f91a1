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
        for (Exercise e : LayerExercises.all()) {
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

    /** The starter script: the reference solution with its solution lines replaced by a TODO. */
    public static String starter(String topic) {
        exercise(topic);
        String text = resource(topic + ".jsh");
        StringBuilder out = new StringBuilder();
        boolean inside = false;
        for (String line : text.split("\n", -1)) {
            String trimmed = line.trim();
            if (trimmed.equals("//>>> solution")) {
                inside = true;
                String indent = line.substring(0, line.indexOf('/'));
                out.append(indent).append("throw new UnsupportedOperationException(\"TODO\");\n");
                continue;
            }
            if (trimmed.equals("//<<< solution")) {
                inside = false;
                continue;
            }
            if (!inside) {
                out.append(line).append('\n');
            }
        }
        return withHelpers(out.substring(0, out.length() - 1));
    }

    /** The reference solution: the starter's script with the TODOs written. */
    public static String solution(String topic) {
        exercise(topic);
        StringBuilder out = new StringBuilder();
        for (String line : resource(topic + ".jsh").split("\n", -1)) {
            String trimmed = line.trim();
            if (!trimmed.equals("//>>> solution") && !trimmed.equals("//<<< solution")) {
                out.append(line).append('\n');
            }
        }
        return withHelpers(out.substring(0, out.length() - 1));
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
