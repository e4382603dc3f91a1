package dev.regula.docs.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Typical wrong answers, each made from the reference solution by one textual change (or, for the
 * seeds' exercises, the seed's code as the starter gives it), are caught:
 * the check of the named gradient fails and the report says what the difference points to.
 */
class WrongAnswersTest {

    /**
     * A wrong answer: in {@code topic}'s solution, {@code from} becomes {@code to} (both null: the
     * starter as it is); the check {@code failing} must fail and the report must say {@code message}.
     */
    record Wrong(String topic, String what, String from, String to, String failing, String message) {}

    static final List<Wrong> WRONG = List.of(
            new Wrong("dense", "transposed dW", "return matmul(transpose(X), dZ);", "return matmul(transpose(dZ), X);",
                    "dW", "dW is transposed: you computed dZᵀ·X"),
            new Wrong("dense", "dW divided by m again", "return matmul(transpose(X), dZ);",
                    "double[][] g = matmul(transpose(X), dZ); for (double[] r : g) for (int j = 0; j < r.length; j++) r[j] /= X.length; return g;",
                    "dW", "dW is Xᵀ·dZ divided by m"),
            new Wrong("dense", "dX without the transpose", "return matmul(dZ, transpose(W));", "return matmul(dZ, W);",
                    "dX", "dX = dZ·W: W must be transposed"),
            new Wrong("dense", "db summed over the units", "double[] db = new double[dZ[0].length];",
                    "double[] db = new double[dZ.length]; for (int i = 0; i < dZ.length; i++) for (double v : dZ[i]) db[i] += v;"
                            + " if (true) return db;",
                    "db", "you summed each row of dZ"),
            new Wrong("relu", "sign(0): [Z ≥ 0]", "dZ[i][j] = Z[i][j] > 0 ? dA[i][j] : 0.0;", "dZ[i][j] = Z[i][j] >= 0 ? dA[i][j] : 0.0;",
                    "dZ", "at Z = 0 you let the gradient through"),
            new Wrong("relu", "times A", "dZ[i][j] = Z[i][j] > 0 ? dA[i][j] : 0.0;", "dZ[i][j] = dA[i][j] * Math.max(Z[i][j], 0);",
                    "dZ", "you multiplied dA by A = max(Z, 0)"),
            new Wrong("dropout", "missing 1/keepProb", "dA[i][j] = dY[i][j] * D[i][j] / keepProb;", "dA[i][j] = dY[i][j] * D[i][j];",
                    "dA", "dA matches dY ⊙ D without the 1/keepProb factor"),
            new Wrong("dropout", "no mask", "dA[i][j] = dY[i][j] * D[i][j] / keepProb;", "dA[i][j] = dY[i][j] / keepProb;",
                    "dA", "the mask is missing"),
            new Wrong("dropout", "times keepProb", "dA[i][j] = dY[i][j] * D[i][j] / keepProb;", "dA[i][j] = dY[i][j] * D[i][j] * keepProb;",
                    "dA", "dA matches dY ⊙ D · keepProb"),
            new Wrong("sigmoid", "missing 1/m", "dZ[i][j] = (A[i][j] - Y[i][j]) / count;", "dZ[i][j] = (A[i][j] - Y[i][j]);",
                    "dZ", "dZ = A − Y: missing 1/m"),
            new Wrong("sigmoid", "∂J/∂A instead of dZ", "dZ[i][j] = (A[i][j] - Y[i][j]) / count;",
                    "dZ[i][j] = (A[i][j] - Y[i][j]) / (A[i][j] * (1 - A[i][j])) / count;", "dZ", "this is ∂J/∂A"),
            new Wrong("softmax-cross-entropy", "missing 1/m", "dZ[i][k] = (P[i][k] - Y[i][k]) / m;", "dZ[i][k] = P[i][k] - Y[i][k];",
                    "dZ", "dZ = P − Y: missing 1/m"),
            new Wrong("softmax-cross-entropy", "diagonal Jacobian", "dZ[i][k] = (P[i][k] - Y[i][k]) / m;",
                    "dZ[i][k] = Y[i][k] * (P[i][k] - 1) / m;", "dZ", "you used only the diagonal of the softmax Jacobian"),
            new Wrong("adam", "no bias correction", "double alpha = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));",
                    "double alpha = lr;", "w", "the bias correction is missing"),
            new Wrong("adam", "v from g", "v[i][j] = beta2 * v[i][j] + (1 - beta2) * g[i][j] * g[i][j];",
                    "v[i][j] = beta2 * v[i][j] + (1 - beta2) * g[i][j];", "v", "v averages g, not g²"),
            new Wrong("adam", "t + 1", "double alpha = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));",
                    "double alpha = lr * Math.sqrt(1 - Math.pow(beta2, t + 1)) / (1 - Math.pow(beta1, t + 1));", "w",
                    "the corrections use t + 1"),
            new Wrong("l2", "missing the 2", "dW[i][j] = 2 * lambda * W[i][j];", "dW[i][j] = lambda * W[i][j];",
                    "dW", "dW = λ·W: the derivative of λ·w² is 2λ·w"),
            new Wrong("l2", "the penalty's terms", "dW[i][j] = 2 * lambda * W[i][j];", "dW[i][j] = lambda * W[i][j] * W[i][j];",
                    "dW", "you returned λ·W²"),
            new Wrong("l1", "sign(0) = +1", "dW[i][j] = lambda * Math.signum(W[i][j]);", "dW[i][j] = lambda * (W[i][j] >= 0 ? 1 : -1);",
                    "dW", "sign(0) should be 0: at W = 0 you returned +λ"),
            new Wrong("l1", "the L2 gradient", "dW[i][j] = lambda * Math.signum(W[i][j]);", "dW[i][j] = 2 * lambda * W[i][j];",
                    "dW", "dW = 2λ·W is the L2 gradient"),
            new Wrong("max-norm", "rows instead of columns", "double[][] out = zeros(W.length, W[0].length);",
                    "double[][] out = zeros(W.length, W[0].length); for (int i = 0; i < W.length; i++) { double sq = 0;"
                            + " for (double w : W[i]) sq += w * w; double norm = Math.sqrt(sq); for (int j = 0; j < W[0].length; j++)"
                            + " out[i][j] = norm > c ? W[i][j] * (c / norm) : W[i][j]; } if (true) return out;",
                    "W'", "you constrained the rows of W"),
            new Wrong("max-norm", "every column scaled", "out[i][j] = norm > c ? W[i][j] * (c / norm) : W[i][j];",
                    "out[i][j] = W[i][j] * (c / norm);", "W'", "every column was scaled to norm c"),
            new Wrong("batchnorm", "dμ term dropped", "m * dY[i][j] - sumDy - xh[i][j] * sumDyXh", "m * dY[i][j] - xh[i][j] * sumDyXh",
                    "dX", "dμ term missing"),
            new Wrong("batchnorm", "dσ² term dropped", "m * dY[i][j] - sumDy - xh[i][j] * sumDyXh", "m * dY[i][j] - sumDy",
                    "dX", "dσ² term missing"),
            new Wrong("batchnorm", "dγ without x̂", "dGamma[j] += dY[i][j] * xh[i][j];", "dGamma[j] += dY[i][j];",
                    "dGamma", "dγ = Σ dY: the factor x̂ is missing"),
            new Wrong("seed-dropout", "the seed's code as it is", null, null, "Y",
                    "Y = A ⊙ U / keepProb: the uniform draws themselves are the mask"),
            new Wrong("seed-dropout", "mask fixed, 1/keepProb forgotten in backward", "dA[i][j] = dY[i][j] * D[i][j] / keepProb;",
                    "dA[i][j] = dY[i][j] * D[i][j];", "dA", "dA matches dY ⊙ D without the 1/keepProb factor"),
            new Wrong("seed-l1", "the seed's code as it is", null, null, "P", "P = (λ/2m)·ΣA²: seed 002's term squares the activations"),
            new Wrong("seed-l1", "the seed's code as it is, dA", null, null, "dA", "dA = (λ/m)·A is the gradient of (λ/2m)·ΣA²"),
            new Wrong("seed-l1", "sign(0) = +1", "dW[i][j] = lambda / (2.0 * m) * Math.signum(W[i][j]);",
                    "dW[i][j] = lambda / (2.0 * m) * (W[i][j] >= 0 ? 1 : -1);", "dW", "sign(0) should be 0"));

    @TestFactory
    Stream<DynamicTest> eachWrongAnswerFailsWithItsMessage() {
        return WRONG.stream().map(w -> dynamicTest(w.topic() + ": " + w.what(), () -> {
            String script;
            if (w.from() == null) {
                script = Exercises.starter(w.topic());   // a seed's exercise: its starter is the seed's mistake
            } else {
                String solution = Exercises.solution(w.topic());
                assertTrue(solution.contains(w.from()), "the solution of " + w.topic() + " no longer contains: " + w.from());
                script = solution.replace(w.from(), w.to());
            }
            Exercises.Grade grade = Exercises.check(w.topic(), script, w.topic() + ".jsh");
            assertEquals(1, grade.exitCode(), grade.report());
            assertTrue(grade.report().contains("  FAIL  " + w.failing() + " = "), grade.report());
            assertTrue(grade.report().contains("points to: " + w.message()), grade.report());
        }));
    }

    @Test
    void everyTopicHasAtLeastTwoCaughtWrongAnswers() {
        for (String topic : Exercises.topics()) {
            long n = WRONG.stream().filter(w -> w.topic().equals(topic)).count();
            assertTrue(n >= 2, topic + " has " + n + " wrong answers in this test; expected at least 2");
        }
        Set<String> topics = new HashSet<>(Exercises.topics());
        WRONG.forEach(w -> assertTrue(topics.contains(w.topic()), "no exercise " + w.topic()));
    }

    @Test
    void aScriptThatDoesNotCompileIsOneLineWithItsLine() {
        String solution = Exercises.solution("dropout");
        String broken = solution.replace("return dA;", "return dA");
        int line = ScriptSession.lineAt(broken, broken.indexOf("return dA\n"));
        Exercises.Grade grade = Exercises.check("dropout", broken, "dropout.jsh");
        assertEquals(2, grade.exitCode(), grade.report());
        assertEquals("dropout.jsh:" + line + ": does not compile: ';' expected", grade.report().strip());
    }

    /** An endless loop in a method is stopped at the time limit: one line, exit code 1 (here a limit of 500 ms). */
    @Test
    void aMethodThatNeverReturnsIsStoppedAndFailsInOneLine() {
        String solution = Exercises.solution("dropout");
        String from = "dA[i][j] = dY[i][j] * D[i][j] / keepProb;";
        assertTrue(solution.contains(from));
        String endless = solution.replace(from, "{ while (keepProb > 0) { } " + from + " }");
        long start = System.nanoTime();
        Checker.Result r = Checker.check(Exercises.exercise("dropout"), endless, "dropout.jsh", 500);
        assertEquals(1, r.exitCode(), r.report());
        assertEquals("dropout.jsh: the exercise's calls did not return within 500 ms (an endless loop in one of your methods?)"
                + " and were stopped", r.report().strip());
        assertTrue(System.nanoTime() - start < 60e9, "stopped, not waited for");
    }

    /** A statement of the script that never ends is stopped too: the script cannot be checked, exit code 2. */
    @Test
    void aStatementThatNeverEndsIsStoppedWithItsLine() {
        String solution = Exercises.solution("dropout");
        String endless = solution + "\nint spins = 0;\nwhile (spins >= 0) { spins = 1; }\n";
        int line = ScriptSession.lineAt(endless, endless.indexOf("while (spins"));
        Checker.Result r = Checker.check(Exercises.exercise("dropout"), endless, "dropout.jsh", 500);
        assertEquals(2, r.exitCode(), r.report());
        assertEquals("dropout.jsh:" + line + ": this snippet did not finish within 500 ms (an endless loop?) and was stopped",
                r.report().strip());
    }

    @Test
    void aMissingMethodIsNamedWithItsParameterTypes() {
        String renamed = Exercises.solution("dense").replace("double[][] dW(", "double[][] gradW(");
        Exercises.Grade grade = Exercises.check("dense", renamed, "dense.jsh");
        assertEquals(2, grade.exitCode(), grade.report());
        assertTrue(grade.report().startsWith("dense.jsh: the exercise calls dW(double[][] X, double[][] W, double[] b, double[][] dZ),"
                + " which your script does not define"), grade.report());
        assertEquals(1, grade.report().strip().lines().count(), grade.report());
    }
}
