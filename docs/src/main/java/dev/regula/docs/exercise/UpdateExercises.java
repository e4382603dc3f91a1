package dev.regula.docs.exercise;

import static dev.regula.docs.exercise.Grids.fromMatrix;
import static dev.regula.docs.exercise.Grids.toMatrix;

import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import dev.regula.core.Rng;
import dev.regula.nn.Adam;
import dev.regula.regularization.MaxNorm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The update exercises: the max-norm projection and one Adam step. */
final class UpdateExercises {
    private UpdateExercises() {}

    static List<Exercise> all() {
        return List.of(new MaxNormExercise(), new AdamExercise());
    }

    /** The norms of the columns (byColumn) or of the rows of W. */
    static double[] norms(double[][] w, boolean byColumn) {
        double[] n = new double[byColumn ? w[0].length : w.length];
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < w[0].length; j++) {
                n[byColumn ? j : i] += w[i][j] * w[i][j];
            }
        }
        for (int k = 0; k < n.length; k++) {
            n[k] = Math.sqrt(n[k]);
        }
        return n;
    }

    // ------------------------------------------------------------------ max-norm

    static final class MaxNormExercise extends Exercise {
        MaxNormExercise() {
            super("max-norm", "the max-norm constraint on each unit's incoming weights", "Regula's MaxNorm (regularization module)");
        }

        @Override
        String task() {
            return "the projection";
        }

        @Override
        List<Case> cases() {
            List<Case> cases = new ArrayList<>();
            cases.add(new Case("fixed: W 3×3, c 2").matrix("W", new double[][] {{3, 0.5, 1}, {0, 1, -1}, {4, -0.5, 1.5}}).scalar("c", 2));
            Rng rng = new Rng(26);
            int[][] shapes = {{4, 5}, {6, 3}, {3, 7}};
            for (int[] s : shapes) {
                cases.add(new Case("random: W " + s[0] + "×" + s[1] + ", c 1.2").matrix("W", Grids.uniform(rng, s[0], s[1], -1, 1))
                        .scalar("c", 1.2));
            }
            return cases;
        }

        @Override
        Map<String, double[][]> engine(Case c) {
            Parameter kernel = new Parameter("kernel", toMatrix(c.m("W")));
            new MaxNorm(kernel, c.s("c")).apply();
            return Map.of("W'", fromMatrix(kernel.value()));
        }

        /** Each column (or row) with norm > c scaled to c; {@code all}: every one scaled to c. */
        static double[][] project(Case c, boolean byColumn, boolean all, boolean keras) {
            double[][] w = c.m("W");
            double[] n = norms(w, byColumn);
            double max = c.s("c");
            for (int i = 0; i < w.length; i++) {
                for (int j = 0; j < w[0].length; j++) {
                    double norm = n[byColumn ? j : i];
                    if (keras) {
                        w[i][j] = w[i][j] * Math.min(norm, max) / (1e-7 + norm);
                    } else if (all || norm > max) {
                        w[i][j] *= max / norm;
                    }
                }
            }
            return w;
        }

        @Override
        List<Check> checks() {
            return List.of(new Check("W'", "project(W, c)", Kind.UPDATE, List.of(
                    new Hypothesis("you constrained the rows of W (each input's outgoing weights); max-norm constrains each unit's"
                            + " incoming weights, the columns of W (nIn × nOut)",
                            c -> project(c, false, false, false)),
                    new Hypothesis("every column was scaled to norm c; columns already inside the ball (‖w‖ ≤ c) stay unchanged",
                            c -> project(c, true, true, false)),
                    new Hypothesis("this is Keras's w·min(‖w‖, c)/(1e-7 + ‖w‖), which also shrinks the columns inside the ball a"
                            + " little; Regula's projection leaves them exactly as they are",
                            c -> project(c, true, false, true)))));
        }

        @Override
        List<OwnCheck> ownChecks() {
            return List.of();
        }

        @Override
        String hint() {
            return "Which weights arrive at unit j? In Z = X·W, unit j is column j of W. Compute one norm per column, and\n"
                    + "scale only the columns whose norm exceeds c, by c/‖w_j‖.\n";
        }
    }

    // ------------------------------------------------------------------ adam

    static final class AdamExercise extends Exercise {
        AdamExercise() {
            super("adam", "one step of the Adam optimizer (Keras's form)", "Regula's Adam (nn module)");
        }

        @Override
        String task() {
            return "the step (m, v, then w)";
        }

        @Override
        List<Case> cases() {
            List<Case> cases = new ArrayList<>();
            Rng rng = new Rng(27);
            int[][] shapes = {{2, 3}, {3, 4}, {5, 2}, {4, 4}};
            int[] steps = {1, 3, 10, 100};
            double[] eps = {1e-7, 1e-7, 1e-3, 1e-7};
            for (int k = 0; k < shapes.length; k++) {
                int r = shapes[k][0], cc = shapes[k][1];
                boolean fixed = k == 0;
                cases.add(new Case((fixed ? "fixed" : "random") + ": w " + r + "×" + cc + ", t " + steps[k] + ", ε " + eps[k]
                        + (fixed ? ", m = v = 0" : ""))
                        .matrix("w", Grids.uniform(rng, r, cc, -1, 1)).matrix("g", Grids.uniform(rng, r, cc, -1, 1))
                        .matrix("m", fixed ? new double[r][cc] : Grids.uniform(rng, r, cc, -0.5, 0.5))
                        .matrix("v", fixed ? new double[r][cc] : Grids.uniform(rng, r, cc, 0, 0.5))
                        .integer("t", steps[k]).scalar("lr", 0.01).scalar("beta1", 0.9).scalar("beta2", 0.999).scalar("eps", eps[k]));
            }
            return cases;
        }

        @Override
        Map<String, double[][]> engine(Case c) {
            Parameter p = new Parameter("w", toMatrix(c.m("w")), toMatrix(c.m("g")));
            Adam adam = new Adam(c.s("lr"), c.s("beta1"), c.s("beta2"), c.s("eps"));
            Matrix[] slots = adam.slotsFor(p);
            slots[0].copyFrom(toMatrix(c.m("m")));
            slots[1].copyFrom(toMatrix(c.m("v")));
            adam.setIterations((long) c.s("t") - 1);
            adam.step(List.of(p));
            Map<String, double[][]> out = new LinkedHashMap<>();
            out.put("m", fromMatrix(slots[0]));
            out.put("v", fromMatrix(slots[1]));
            out.put("w", fromMatrix(p.value()));
            return out;
        }

        /** w after a step with the given moments and step-size rule. */
        static double[][] w(Case c, boolean corrected, boolean pytorch, int tShift) {
            double[][] w = c.m("w"), m = c.out("m"), v = c.out("v");
            double t = c.s("t") + tShift, b1 = c.s("beta1"), b2 = c.s("beta2"), lr = c.s("lr"), eps = c.s("eps");
            double alpha = corrected ? lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t)) : lr;
            for (int i = 0; i < w.length; i++) {
                for (int j = 0; j < w[0].length; j++) {
                    if (pytorch) {
                        double mHat = m[i][j] / (1 - Math.pow(b1, t)), vHat = v[i][j] / (1 - Math.pow(b2, t));
                        w[i][j] -= lr * mHat / (Math.sqrt(vHat) + eps);
                    } else {
                        w[i][j] -= alpha * m[i][j] / (Math.sqrt(v[i][j]) + eps);
                    }
                }
            }
            return w;
        }

        @Override
        List<Check> checks() {
            String call = "step(w, g, m, v, t, lr, beta1, beta2, eps); return __H.fmt(";
            return List.of(
                    new Check("m", call + "m);", Kind.UPDATE, List.of(
                            new Hypothesis("the weights are swapped: m ← β₁·m + (1 − β₁)·g keeps most of the old m",
                                    c -> Grids.plus(Grids.scale(c.m("m"), 1 - c.s("beta1")), Grids.scale(c.m("g"), c.s("beta1")))),
                            new Hypothesis("m used β₂: the first moment decays with β₁, the second with β₂",
                                    c -> Grids.plus(Grids.scale(c.m("m"), c.s("beta2")), Grids.scale(c.m("g"), 1 - c.s("beta2")))))),
                    new Check("v", call + "v);", Kind.UPDATE, List.of(
                            new Hypothesis("v averages g, not g²: the second moment is the mean of the squared gradient",
                                    c -> Grids.plus(Grids.scale(c.m("v"), c.s("beta2")), Grids.scale(c.m("g"), 1 - c.s("beta2")))),
                            new Hypothesis("v used β₁: the second moment decays with β₂",
                                    c -> Grids.plus(Grids.scale(c.m("v"), c.s("beta1")),
                                            Grids.scale(Grids.times(c.m("g"), c.m("g")), 1 - c.s("beta1")))))),
                    new Check("w", call + "w);", Kind.UPDATE, List.of(
                            new Hypothesis("the bias correction is missing: the step size is αₜ = lr·sqrt(1 − β₂ᵗ)/(1 − β₁ᵗ), not lr",
                                    c -> w(c, false, false, 0)),
                            new Hypothesis("the corrections use t + 1: t is already 1 at the first step",
                                    c -> w(c, true, false, 1)),
                            new Hypothesis("this is PyTorch's form lr·m̂/(sqrt(v̂) + ε); Regula follows Keras (the paper's ε̂ form),"
                                    + " αₜ·m/(sqrt(v) + ε): the two differ only in where ε sits",
                                    c -> w(c, true, true, 0)))));
        }

        @Override
        List<OwnCheck> ownChecks() {
            return List.of();
        }

        @Override
        String hint() {
            return "Update m and v first, with the new g; then compute αₜ from t (t = 1 at the first step: with m = v = 0,\n"
                    + "the first step moves each weight by about lr·sign(g)), and only then w. Math.pow(beta1, t) is β₁ᵗ.\n";
        }
    }
}
