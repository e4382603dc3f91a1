package dev.regula.docs.exercise;

import static dev.regula.docs.exercise.Grids.fromMatrix;
import static dev.regula.docs.exercise.Grids.toMatrix;

import dev.regula.core.DType;
import dev.regula.core.Rng;
import dev.regula.docs.exercise.Exercise.Check;
import dev.regula.docs.exercise.Exercise.Hypothesis;
import dev.regula.docs.exercise.Exercise.Kind;
import dev.regula.docs.exercise.Exercise.OwnCheck;
import dev.regula.nn.BinaryCrossEntropy;
import dev.regula.nn.Mode;
import dev.regula.nn.Sigmoid;
import dev.regula.nn.SoftmaxCrossEntropy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The output-layer exercises: sigmoid with binary cross-entropy, softmax with cross-entropy. */
final class LossExercises {
    private LossExercises() {}

    static List<Exercise> all() {
        return List.of(new SigmoidExercise(), new SoftmaxExercise());
    }

    /** Labels 0/1 (m × 1), or one-hot rows (m × classes). */
    static double[][] labels(Rng rng, int m, int classes) {
        double[][] y = new double[m][classes];
        for (int i = 0; i < m; i++) {
            if (classes == 1) {
                y[i][0] = rng.nextDouble() < 0.5 ? 0 : 1;
            } else {
                y[i][rng.nextInt(classes)] = 1;
            }
        }
        return y;
    }

    // ------------------------------------------------------------------ sigmoid

    /** A = σ(Z), J = BCE(A, Y); dZ = (A − Y)/m. */
    static final class SigmoidExercise extends Exercise {
        SigmoidExercise() {
            super("sigmoid", "a sigmoid output with binary cross-entropy", "Regula's Sigmoid and BinaryCrossEntropy (nn module)");
        }

        @Override
        String task() {
            return "dZ through the loss and the sigmoid";
        }

        @Override
        List<Case> cases() {
            List<Case> cases = new ArrayList<>();
            cases.add(new Case("fixed: Z 4×1").matrix("Z", new double[][] {{0.5}, {-1}, {2}, {0}})
                    .matrix("Y", new double[][] {{1}, {0}, {0}, {1}}));
            Rng rng = new Rng(21);
            for (int m : new int[] {6, 3, 9}) {
                cases.add(new Case("random: Z " + m + "×1").matrix("Z", Grids.uniform(rng, m, 1, -3, 3)).matrix("Y", labels(rng, m, 1)));
            }
            return cases;
        }

        @Override
        Map<String, double[][]> engine(Case c) {
            Sigmoid sigmoid = new Sigmoid();
            sigmoid.build("sigmoid", DType.F64, null);
            BinaryCrossEntropy bce = new BinaryCrossEntropy();
            Map<String, double[][]> out = new LinkedHashMap<>();
            double[][] a = fromMatrix(sigmoid.forward(toMatrix(c.m("Z")), Mode.TRAIN));
            out.put("A", a);
            out.put("J", Grids.scalar(bce.forward(toMatrix(a), toMatrix(c.m("Y")))));
            out.put("dZ", fromMatrix(sigmoid.backward(bce.backward())));
            return out;
        }

        @Override
        List<Check> checks() {
            return List.of(
                    new Check("A", "forward(Z)", Kind.FORWARD, List.of()),
                    new Check("J", "loss(forward(Z), Y)", Kind.FORWARD, List.of()),
                    new Check("dZ", "dZ(Z, Y)", Kind.GRADIENT, List.of(
                            new Hypothesis("dZ = A − Y: missing 1/m (J is the mean over the m examples)",
                                    c -> Grids.minus(c.out("A"), c.m("Y"))),
                            new Hypothesis("this is ∂J/∂A = (A − Y)/(A·(1 − A))/m; dZ is that times σ'(Z) = A·(1 − A)",
                                    c -> Grids.zip(Grids.minus(c.out("A"), c.m("Y")), c.out("A"),
                                            (d, a) -> d / (a * (1 - a)) / c.m("Z").length)),
                            new Hypothesis("dZ = (Y − A)/m: the sign is flipped; J falls as A moves towards Y, so ∂J/∂Z = (A − Y)/m",
                                    c -> Grids.scale(Grids.minus(c.m("Y"), c.out("A")), 1.0 / c.m("Z").length)))));
        }

        @Override
        List<OwnCheck> ownChecks() {
            return List.of(new OwnCheck("dZ", "Z", "loss(forward(Z), Y)"));
        }

        @Override
        String hint() {
            return "∂J/∂A[i] = −(1/m)·(Y/A − (1 − Y)/(1 − A)), and ∂A/∂Z = A·(1 − A). Multiply them and simplify:\n"
                    + "the A·(1 − A) cancels the denominators. Keep the 1/m of the mean.\n";
        }
    }

    // ------------------------------------------------------------------ softmax cross-entropy

    /** P = softmax(Z), J = −(1/m) Σ Y·log P; dZ = (P − Y)/m. */
    static final class SoftmaxExercise extends Exercise {
        SoftmaxExercise() {
            super("softmax-cross-entropy", "softmax with categorical cross-entropy", "Regula's SoftmaxCrossEntropy (nn module)");
        }

        @Override
        String task() {
            return "dZ through the loss and the softmax";
        }

        @Override
        List<Case> cases() {
            List<Case> cases = new ArrayList<>();
            cases.add(new Case("fixed: Z 3×3").matrix("Z", new double[][] {{1, 2, 3}, {0, 0, 0}, {-1, 0.5, 2}})
                    .matrix("Y", new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}}));
            Rng rng = new Rng(22);
            int[][] shapes = {{4, 5}, {6, 2}, {2, 4}};
            for (int[] s : shapes) {
                cases.add(new Case("random: Z " + s[0] + "×" + s[1]).matrix("Z", Grids.uniform(rng, s[0], s[1], -2, 2))
                        .matrix("Y", labels(rng, s[0], s[1])));
            }
            return cases;
        }

        @Override
        Map<String, double[][]> engine(Case c) {
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
            Map<String, double[][]> out = new LinkedHashMap<>();
            double j = loss.forward(toMatrix(c.m("Z")), toMatrix(c.m("Y")));
            out.put("P", fromMatrix(loss.probabilities()));
            out.put("J", Grids.scalar(j));
            out.put("dZ", fromMatrix(loss.backward()));
            return out;
        }

        @Override
        List<Check> checks() {
            return List.of(
                    new Check("P", "softmax(Z)", Kind.FORWARD, List.of()),
                    new Check("J", "loss(Z, Y)", Kind.FORWARD, List.of()),
                    new Check("dZ", "dZ(Z, Y)", Kind.GRADIENT, List.of(
                            new Hypothesis("dZ = P − Y: missing 1/m (J is the mean over the m examples)",
                                    c -> Grids.minus(c.out("P"), c.m("Y"))),
                            new Hypothesis("you used only the diagonal of the softmax Jacobian, P ⊙ (1 − P): each logit moves every"
                                    + " probability of its row, and the full Jacobian diag(p) − p·pᵀ gives (P − Y)/m",
                                    c -> Grids.scale(Grids.times(c.m("Y"), Grids.map(c.out("P"), p -> p - 1)), 1.0 / c.m("Z").length)),
                            new Hypothesis("dZ = (P − Y)/(m·classes): the loss is a mean over the m examples only; the classes are summed",
                                    c -> Grids.scale(c.out("dZ"), 1.0 / c.m("Z")[0].length)))));
        }

        @Override
        List<OwnCheck> ownChecks() {
            return List.of(new OwnCheck("dZ", "Z", "loss(Z, Y)"));
        }

        @Override
        String hint() {
            return "For one row: J_i = −Σ_k Y_k·log P_k and ∂P_k/∂Z_j = P_k·([k = j] − P_j). Sum over k, use Σ_k Y_k = 1\n"
                    + "(one-hot), and the row's gradient collapses to a difference of two vectors. Then the mean's 1/m.\n";
        }
    }
}
