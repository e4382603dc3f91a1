package dev.regula.docs.exercise;

import static dev.regula.docs.exercise.Grids.fromMatrix;
import static dev.regula.docs.exercise.Grids.toMatrix;

import dev.regula.core.Parameter;
import dev.regula.core.Rng;
import dev.regula.nn.Mode;
import dev.regula.regularization.Dropout;
import dev.regula.regularization.L1;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed articles' own mistakes as exercises: the starter is seed 002's code, translated to rows
 * as examples, and the learner finds what is wrong with the checker. The seed's dropout multiplies
 * by the uniform draws themselves ({@code D1 = np.random.rand(...)} without {@code < keep_prob});
 * its "L1" term squares the activations, {@code (1/m)·(λ/2)·Σ A²}, an L2 penalty on A.
 */
final class SeedExercises {
    private SeedExercises() {}

    static List<Exercise> all() {
        return List.of(new SeedDropout(), new SeedL1());
    }

    // ------------------------------------------------------------------ seed 002's dropout

    static final class SeedDropout extends Exercise {
        SeedDropout() {
            super("seed-dropout", "seed 002's dropout, translated: find what is wrong", "Regula's Dropout (regularization module)");
        }

        @Override
        String task() {
            return "the fix of the seed's forward and backward";
        }

        @Override
        List<Case> cases() {
            List<Case> cases = new ArrayList<>();
            Rng rng = new Rng(28);
            for (double[] s : LayerExercises.DropoutExercise.CASES) {
                double keepProb = s[0];
                int m = (int) s[1], n = (int) s[2];
                boolean fixed = cases.isEmpty();
                double[][] a = Grids.uniform(rng, m, n, -1, 1);
                double[][] dY = Grids.uniform(rng, m, n, -1, 1);
                Dropout layer = LayerExercises.DropoutExercise.layer(keepProb, (long) s[3]);
                layer.forward(toMatrix(a), Mode.TRAIN);
                double[][] d = fromMatrix(layer.mask());
                // Draws U that give Regula's mask: U < keepProb exactly where D = 1.
                double[][] u = Grids.map(d, v -> v == 1 ? rng.uniform(0, keepProb) : rng.uniform(keepProb, 1));
                String label = (fixed ? "fixed" : "random") + ": A " + m + "×" + n + ", keepProb " + keepProb + ", mask seed " + (long) s[3];
                cases.add(new Case(label).matrix("A", a).matrix("U", u).scalar("keepProb", keepProb).matrix("dY", dY)
                        .integer("seed", (int) s[3]));
            }
            return cases;
        }

        @Override
        Map<String, double[][]> engine(Case c) {
            Dropout layer = LayerExercises.DropoutExercise.layer(c.s("keepProb"), (long) c.s("seed"));
            Map<String, double[][]> out = new LinkedHashMap<>();
            out.put("Y", fromMatrix(layer.forward(toMatrix(c.m("A")), Mode.TRAIN)));
            out.put("dA", fromMatrix(layer.backward(toMatrix(c.m("dY")))));
            return out;
        }

        @Override
        List<Check> checks() {
            return List.of(
                    new Check("Y", "forward(A, U, keepProb)", Kind.SEED, List.of(
                            new Hypothesis("Y = A ⊙ U / keepProb: the uniform draws themselves are the mask (seed 002's"
                                    + " D1 = np.random.rand(...) without < keep_prob), so every unit is scaled by a random factor"
                                    + " and none is dropped; a dropout mask is 0 or 1",
                                    c -> Grids.scale(Grids.times(c.m("A"), c.m("U")), 1 / c.s("keepProb"))))),
                    new Check("dA", "backward(dY, U, keepProb)", Kind.SEED, List.of(
                            new Hypothesis("dA = dY ⊙ U / keepProb: the backward reuses the seed's mask; it agrees with the seed's"
                                    + " forward (see the gradient check), so the mistake is in the mask itself",
                                    c -> Grids.scale(Grids.times(c.m("dY"), c.m("U")), 1 / c.s("keepProb"))),
                            new Hypothesis("dA matches dY ⊙ D without the 1/keepProb factor: the forward scales the kept units"
                                    + " by 1/keepProb, so the backward must too",
                                    c -> Grids.times(c.m("dY"), Grids.map(c.m("U"), u -> u < c.s("keepProb") ? 1 : 0))))));
        }

        @Override
        List<OwnCheck> ownChecks() {
            return List.of(new OwnCheck("dA", "A", "__H.dot(forward(A, U, keepProb), dY)"));
        }

        @Override
        String hint() {
            return "Print mask values: what does D hold after D = U? How many units does the seed's forward drop?\n"
                    + "Compare with dropout.md: a unit is kept with probability keepProb, and a kept unit is multiplied by\n"
                    + "1/keepProb, a dropped one by 0.\n";
        }
    }

    // ------------------------------------------------------------------ seed 002's "L1"

    static final class SeedL1 extends Exercise {
        SeedL1() {
            super("seed-l1", "seed 002's \"L1\" term, translated: find what is wrong",
                    "Regula's L1 with λ/(2m) on the kernel (regularization module)");
        }

        @Override
        String task() {
            return "the fix of the seed's penalty and its gradients";
        }

        @Override
        List<Case> cases() {
            List<Case> cases = new ArrayList<>();
            cases.add(new Case("fixed: A 4×2 (ReLU outputs), W 3×2 with exact zeros, λ 0.7, m 4")
                    .matrix("A", new double[][] {{0, 1.5}, {0.5, 0}, {2, 0.25}, {0, 0}})
                    .matrix("W", new double[][] {{0.5, 0}, {-1, 0.3}, {0, -0.2}}).scalar("lambda", 0.7).integer("m", 4));
            Rng rng = new Rng(29);
            int[][] shapes = {{5, 3, 4}, {3, 4, 2}, {6, 2, 5}};
            for (int[] s : shapes) {
                int m = s[0], n = s[1], nIn = s[2];
                cases.add(new Case("random: A " + m + "×" + n + ", W " + nIn + "×" + n + ", λ 0.1, m " + m)
                        .matrix("A", Grids.uniform(rng, m, n, 0.1, 2)).matrix("W", Grids.awayFromZero(rng, nIn, n))
                        .scalar("lambda", 0.1).integer("m", m));
            }
            return cases;
        }

        @Override
        Map<String, double[][]> engine(Case c) {
            Parameter w = new Parameter("kernel", toMatrix(c.m("W")));
            L1 l1 = new L1(w, c.s("lambda") / (2 * c.s("m")));
            Map<String, double[][]> out = new LinkedHashMap<>();
            out.put("P", Grids.scalar(l1.value()));
            l1.addGradient();
            double[][] a = c.m("A");
            out.put("dA", new double[a.length][a[0].length]);
            out.put("dW", fromMatrix(w.grad()));
            return out;
        }

        private static double scale(Case c) {
            return c.s("lambda") / (2 * c.s("m"));
        }

        @Override
        List<Check> checks() {
            return List.of(
                    new Check("P", "penalty(A, W, lambda, m)", Kind.SEED, List.of(
                            new Hypothesis("P = (λ/2m)·ΣA²: seed 002's term squares the activations; that is an L2 penalty on A"
                                    + " (Regula's ActivityRegularization(0, λ/2)), not an L1 penalty on the weights, (λ/2m)·Σ|W|",
                                    c -> Grids.scalar(scale(c) * Grids.sum(Grids.times(c.m("A"), c.m("A"))))),
                            new Hypothesis("P = (λ/2m)·Σ|A| is an L1 penalty on the activations; the seed's L1 term belongs with its"
                                    + " L2 term, on the weights: (λ/2m)·Σ|W|",
                                    c -> Grids.scalar(scale(c) * Grids.sum(Grids.map(c.m("A"), Math::abs)))),
                            new Hypothesis("P = (λ/2m)·ΣW² squares the weights: that is L2; L1 takes |w|",
                                    c -> Grids.scalar(scale(c) * Grids.sum(Grids.times(c.m("W"), c.m("W"))))))),
                    new Check("dA", "dA(A, W, lambda, m)", Kind.SEED, List.of(
                            new Hypothesis("dA = (λ/m)·A is the gradient of (λ/2m)·ΣA²; a penalty on the weights does not depend on"
                                    + " the activations, so dA = 0",
                                    c -> Grids.scale(c.m("A"), 2 * scale(c))),
                            new Hypothesis("dA = (λ/2m)·sign(A) penalizes the activations; the penalty is on the weights, so dA = 0",
                                    c -> Grids.map(c.m("A"), a -> scale(c) * Math.signum(a))))),
                    new Check("dW", "dW(A, W, lambda, m)", Kind.SEED, List.of(
                            new Hypothesis("dW is 0: the seed's term never touches W; an L1 penalty on W has dW = (λ/2m)·sign(W)",
                                    c -> new double[c.m("W").length][c.m("W")[0].length]),
                            new Hypothesis("sign(0) should be 0: at W = 0 you returned +λ/2m; the subgradient Regula, Keras and"
                                    + " PyTorch use at 0 is 0 (Math.signum(0.0) is 0.0)",
                                    c -> Grids.map(c.m("W"), w -> scale(c) * (w >= 0 ? 1 : -1))),
                            new Hypothesis("dW = (λ/m)·W is the gradient of (λ/2m)·ΣW², an L2 penalty; L1's is (λ/2m)·sign(W)",
                                    c -> Grids.scale(c.m("W"), 2 * scale(c))))));
        }

        @Override
        List<OwnCheck> ownChecks() {
            String j = "penalty(A, W, lambda, m)";
            return List.of(new OwnCheck("dA", "A", j), new OwnCheck("dW", "W", j));
        }

        @Override
        String hint() {
            return "Read the seed's two lines side by side: its L2 term sums np.square(W1), ...; its \"L1\" term sums\n"
                    + "np.square(A1), .... Which quantity should an L1 penalty on the weights sum, and over what?\n"
                    + "Then differentiate that, with sign(0) = 0 (the fixed case has zero weights).\n";
        }
    }
}
