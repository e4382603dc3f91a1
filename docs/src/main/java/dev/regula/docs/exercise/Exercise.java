package dev.regula.docs.exercise;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One exercise: a starter script whose forward is given and whose backward (or update) the
 * learner writes, the inputs it is checked on, what Regula's own classes compute from them, and
 * what a difference may point to.
 *
 * <p>The script's methods take and return {@code double[][]} (rows are examples), {@code double[]}
 * (a bias, γ) or {@code double}, so a learner needs nothing but {@code jshell}. Its text is the
 * resource {@code TOPIC.jsh} beside this class: the reference solution, with the lines between
 * {@code //>>> solution} and {@code //<<< solution} replaced by a {@code TODO} in the starter.
 */
abstract class Exercise {
    /** What the checker compares: a method's result against Regula's, for each case. */
    enum Kind { FORWARD, GRADIENT, UPDATE, SEED }

    /**
     * A wrong answer that a difference may point to: when the learner's result equals
     * {@code value} on the failing case, the report says {@code message}.
     */
    record Hypothesis(String message, Function<Case, double[][]> value) {}

    /**
     * One compared result.
     *
     * @param name  the name in the report and of the expected value ("dX", "Y")
     * @param call  the call in the learner's script ("dX(X, W, b, dZ)"), or a block with a
     *              {@code return} of a String (for in-place updates)
     * @param kind  whether the learner wrote it (a gradient, an update) or it was given (forward)
     * @param hypotheses what a difference may point to, tried in order
     */
    record Check(String name, String call, Kind kind, List<Hypothesis> hypotheses) {}

    /**
     * The gradient check of the learner's own backward against their own forward: the check
     * {@code gradient} against central differences of {@code objective} with respect to the input
     * {@code input}.
     */
    record OwnCheck(String gradient, String input, String objective) {}

    final String topic;
    final String summary;
    /** What the learner's code is compared with: "Regula's Dropout (regularization module)". */
    final String reference;

    Exercise(String topic, String summary, String reference) {
        this.topic = topic;
        this.summary = summary;
        this.reference = reference;
    }

    /** The inputs, deterministic: a fixed case first (with its edge values), then random shapes. */
    abstract List<Case> cases();

    /** What Regula's own classes compute for {@code c}, by check name. */
    abstract Map<String, double[][]> engine(Case c);

    abstract List<Check> checks();

    /** The gradient checks of the learner's backward against the learner's forward; empty for an update. */
    abstract List<OwnCheck> ownChecks();

    /** A hint, without the answer. */
    abstract String hint();

    /** What the learner has to write, in one line of the listing. */
    abstract String task();
}
