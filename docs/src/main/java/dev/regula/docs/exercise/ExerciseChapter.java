package dev.regula.docs.exercise;

import dev.regula.docs.Chapters;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The worked example of {@code docs/exercises.md}: the dropout exercise from the starter to a
 * passing check, with a wrong answer on the way, and the seed's dropout. Every block of the
 * chapter is produced here by the checker itself; {@code ExerciseChapterTest} fails when the
 * chapter and the checker part ways, and rewrites the blocks when asked (see the chapter).
 *
 * <p>The blocks use the chapters' markers ({@link Chapters#begin}, {@link Chapters#end}) with ids
 * that start with {@code exercise-}.
 */
public final class ExerciseChapter {
    private ExerciseChapter() {}

    /** The chapter's file name in {@code docs/}. */
    public static final String FILE = "exercises.md";

    /** The learner's first attempt at the dropout backward: it forgets 1/keepProb. */
    static final String WRONG_BACKWARD = String.join("\n",
            "/** dA = ∂J/∂A, (m, n). */",
            "double[][] backward(double[][] dY, double[][] D, double keepProb) {",
            "    double[][] dA = zeros(dY.length, dY[0].length);",
            "    for (int i = 0; i < dY.length; i++)",
            "        for (int j = 0; j < dY[0].length; j++)",
            "            dA[i][j] = dY[i][j] * D[i][j];            // the same mask as the forward",
            "    return dA;",
            "}");

    /** The fixed line. */
    static final String FIXED_LINE = "            dA[i][j] = dY[i][j] * D[i][j] / keepProb;   // the forward's factor, too";

    /** The block ids, in the chapter's order, and their text as the checker produces it now. */
    public static Map<String, String> blocks() {
        Map<String, String> blocks = new LinkedHashMap<>();
        blocks.put("exercise-list", Exercises.listing());
        String starter = Exercises.starter("dropout");
        blocks.put("exercise-dropout-starter", withoutHelpers(starter));
        String wrong = withBackward(starter, WRONG_BACKWARD);
        blocks.put("exercise-dropout-wrong", WRONG_BACKWARD + "\n");
        blocks.put("exercise-dropout-wrong-check", exitLine(Exercises.check("dropout", wrong, "dropout.jsh")));
        blocks.put("exercise-dropout-hint", Exercises.hint("dropout"));
        String fixed = withBackward(starter, WRONG_BACKWARD.replace(
                "            dA[i][j] = dY[i][j] * D[i][j];            // the same mask as the forward", FIXED_LINE));
        blocks.put("exercise-dropout-pass", exitLine(Exercises.check("dropout", fixed, "dropout.jsh")));
        String broken = fixed.replace("    return dA;\n}", "    return dA\n}");
        blocks.put("exercise-dropout-broken", exitLine(Exercises.check("dropout", broken, "dropout.jsh")));
        blocks.put("exercise-seed-dropout-check", exitLine(Exercises.check("seed-dropout", Exercises.starter("seed-dropout"),
                "seed-dropout.jsh")));
        return blocks;
    }

    /** {@code markdown} with every block replaced by the checker's text. */
    public static String regenerate(String markdown) {
        String out = markdown;
        for (Map.Entry<String, String> b : blocks().entrySet()) {
            out = Chapters.replace(out, b.getKey(), b.getValue());
        }
        return out;
    }

    /** The report, then the exit code as the shell would show it. */
    private static String exitLine(Exercises.Grade grade) {
        String report = grade.exitCode() == 2 ? "regula: " + grade.report() : grade.report();
        return report + "(exit code " + grade.exitCode() + ")\n";
    }

    /** The starter with the backward method replaced by {@code backward}. */
    private static String withBackward(String starter, String backward) {
        int from = starter.indexOf("/** dA = ∂J/∂A, (m, n). */");
        int to = starter.indexOf("\n}", from) + 2;
        if (from < 0 || to < 2) {
            throw new IllegalStateException("The dropout starter no longer has its backward method");
        }
        return starter.substring(0, from) + backward + starter.substring(to);
    }

    /** The starter with the shared helpers replaced by one line. */
    private static String withoutHelpers(String starter) {
        String helpers = Exercises.resource("helpers.jsh");
        if (!starter.contains(helpers)) {
            throw new IllegalStateException("The dropout starter no longer holds the helpers verbatim");
        }
        return starter.replace(helpers, "// (helpers zeros, matmul, transpose and show: given, left out here)\n");
    }
}
