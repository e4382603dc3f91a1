package dev.regula.docs.exercise;

import static dev.regula.docs.exercise.Grids.fromMatrix;
import static dev.regula.docs.exercise.Grids.toMatrix;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.docs.exercise.Exercise.Check;
import dev.regula.docs.exercise.Exercise.Hypothesis;
import dev.regula.docs.exercise.Exercise.Kind;
import dev.regula.docs.exercise.Exercise.OwnCheck;
import dev.regula.nn.Dense;
import dev.regula.nn.Mode;
import dev.regula.nn.ReLU;
import dev.regula.regularization.Dropout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The layer exercises: dense, relu, dropout, batchnorm ({@link BatchNormExercise}). Each is checked against the engine's own layer. */
final class LayerExercises {
    private LayerExercises() {}

    static List<Exercise> all() {
        return List.of(new DenseExercise(), new ReluExercise(), new DropoutExercise(), new BatchNormExercise());
    }

    // ------------------------------------------------------------------ dense

    /** Z = X·W + b; dX = dZ·Wᵀ, dW = Xᵀ·dZ, db = Σ_rows dZ. */
    static final class DenseExercise extends Exercise {
        DenseExercise() {
            super("dense", "a fully connected layer, Z = X·W + b", "Regula's Dense (nn module)");
        }

        @Override
        String task() {
            return "dX, dW and db";
        }

        @Override
        List<Case> cases() {
            List<Case> cases = new ArrayList<>();
            cases.add(new Case("fixed: X 3×2, W 2×4")
                    .matrix("X", new double[][] {{1, 2}, {0, -1}, {3, 0.5}})
                    .matrix("W", new double[][] {{0.5, -1, 2, 0}, {1, 0.25, -0.5, 3}})
                    .vector("b", new double[] {0.1, 0.2, -0.3, 0})
                    .matrix("dZ", new double[][] {{0.1, -0.2, 0.3, 0.05}, {0, 0.4, -0.1, 0.2}, {0.25, 0, 0.1, -0.3}}));
            int[][] shapes = {{4, 3, 5}, {5, 4, 4}, {2, 6, 3}};
            Rng rng = new Rng(18);
            for (int[] s : shapes) {
                int m = s[0], nIn = s[1], nOut = s[2];
                cases.add(new Case("random: X " + m + "×" + nIn + ", W " + nIn + "×" + nOut)
                        .matrix("X", Grids.uniform(rng, m, nIn, -1, 1))
                        .matrix("W", Grids.uniform(rng, nIn, nOut, -1, 1))
                        .vector("b", Grids.uniform(rng, 1, nOut, -1, 1)[0])
                        .matrix("dZ", Grids.uniform(rng, m, nOut, -1, 1)));
            }
            return cases;
        }

        @Override
        Map<String, double[][]> engine(Case c) {
            double[][] w = c.m("W");
            Dense dense = new Dense(w.length, w[0].length);
            dense.build("dense", DType.F64, new Rng(0));
            dense.kernel().value().copyFrom(toMatrix(w));
            dense.bias().value().copyFrom(toMatrix(new double[][] {c.v("b")}));
            Map<String, double[][]> out = new LinkedHashMap<>();
            out.put("Z", fromMatrix(dense.forward(toMatrix(c.m("X")), Mode.TRAIN)));
            out.put("dX", fromMatrix(dense.backward(toMatrix(c.m("dZ")))));
            out.put("dW", fromMatrix(dense.kernel().grad()));
            out.put("db", fromMatrix(dense.bias().grad()));
            return out;
        }

        @Override
        List<Check> checks() {
            return List.of(
                    new Check("Z", "forward(X, W, b)", Kind.FORWARD, List.of()),
                    new Check("dX", "dX(X, W, b, dZ)", Kind.GRADIENT, List.of(
                            new Hypothesis("dX = dZ·W: W must be transposed, dX = dZ·Wᵀ, (m, nOut)·(nOut, nIn)",
                                    c -> Grids.mult(c.m("dZ"), c.m("W"))),
                            new Hypothesis("dX is dZ·Wᵀ divided by m: the 1/m of the mean loss is already in dZ; do not divide again",
                                    c -> Grids.scale(c.out("dX"), 1.0 / c.m("X").length)))),
                    new Check("dW", "dW(X, W, b, dZ)", Kind.GRADIENT, List.of(
                            new Hypothesis("dW is transposed: you computed dZᵀ·X, (nOut × nIn); dW = Xᵀ·dZ has the shape of W, (nIn × nOut)",
                                    c -> Grids.mult(Grids.transpose(c.m("dZ")), c.m("X"))),
                            new Hypothesis("dW is Xᵀ·dZ divided by m: the 1/m of the mean loss is already in dZ; do not divide again",
                                    c -> Grids.scale(c.out("dW"), 1.0 / c.m("X").length)))),
                    new Check("db", "db(X, W, b, dZ)", Kind.GRADIENT, List.of(
                            new Hypothesis("db is the mean of dZ's rows: it is their sum, Σ_rows dZ (the 1/m is already in dZ)",
                                    c -> Grids.scale(c.out("db"), 1.0 / c.m("X").length)),
                            new Hypothesis("you summed each row of dZ (over the units, m values); db sums each column"
                                    + " (over the examples): db[j] = Σ_i dZ[i][j]",
                                    c -> Grids.sumRows(Grids.transpose(c.m("dZ")))))));
        }

        @Override
        List<OwnCheck> ownChecks() {
            String j = "__H.dot(forward(X, W, b), dZ)";
            return List.of(new OwnCheck("dX", "X", j), new OwnCheck("dW", "W", j), new OwnCheck("db", "b", j));
        }

        @Override
        String hint() {
            return "Write Z[i][j] = Σ_k X[i][k]·W[k][j] + b[j] and follow one weight: W[k][j] reaches J through Z[i][j] of\n"
                    + "every example i, each time multiplied by X[i][k]. So dW[k][j] = Σ_i X[i][k]·dZ[i][j]: which product of\n"
                    + "matrices is that? Check the shapes: dW must be (nIn × nOut) like W, db (nOut) like b, dX (m × nIn) like X.\n"
                    + "dZ is already divided by m (the loss's backward does it); no gradient here divides by m again.\n";
        }
    }

    // ------------------------------------------------------------------ relu

    /** A = max(Z, 0); dZ = dA ⊙ [Z > 0]. */
    static final class ReluExercise extends Exercise {
        ReluExercise() {
            super("relu", "the rectified linear unit, A = max(Z, 0)", "Regula's ReLU (nn module)");
        }

        @Override
        String task() {
            return "dZ";
        }

        @Override
        List<Case> cases() {
            List<Case> cases = new ArrayList<>();
            cases.add(new Case("fixed: Z 3×4 with exact zeros")
                    .matrix("Z", new double[][] {{-1, 0, 2, 0.5}, {0, -0.25, 3, 0}, {1.5, -2, 0, -0.5}})
                    .matrix("dA", new double[][] {{0.1, 0.2, 0.3, 0.4}, {-0.5, 0.6, -0.7, 0.8}, {0.9, -1, 1.1, -1.2}}));
            int[][] shapes = {{4, 5}, {7, 3}, {2, 8}};
            Rng rng = new Rng(19);
            for (int[] s : shapes) {
                cases.add(new Case("random: Z " + s[0] + "×" + s[1])
                        .matrix("Z", Grids.awayFromZero(rng, s[0], s[1]))
                        .matrix("dA", Grids.uniform(rng, s[0], s[1], -1, 1)));
            }
            return cases;
        }

        @Override
        Map<String, double[][]> engine(Case c) {
            ReLU relu = new ReLU();
            relu.build("relu", DType.F64, null);
            Map<String, double[][]> out = new LinkedHashMap<>();
            out.put("A", fromMatrix(relu.forward(toMatrix(c.m("Z")), Mode.TRAIN)));
            out.put("dZ", fromMatrix(relu.backward(toMatrix(c.m("dA")))));
            return out;
        }

        @Override
        List<Check> checks() {
            return List.of(
                    new Check("A", "forward(Z)", Kind.FORWARD, List.of()),
                    new Check("dZ", "dZ(Z, dA)", Kind.GRADIENT, List.of(
                            new Hypothesis("at Z = 0 you let the gradient through ([Z ≥ 0]); the subgradient Regula, Keras and"
                                    + " PyTorch use at 0 is 0: dZ = dA ⊙ [Z > 0]",
                                    c -> Grids.zip(c.m("Z"), c.m("dA"), (z, d) -> z >= 0 ? d : 0)),
                            new Hypothesis("you multiplied dA by A = max(Z, 0); the slope of max(z, 0) is 1 where z > 0, not z",
                                    c -> Grids.times(c.m("dA"), c.out("A"))),
                            new Hypothesis("dA passes through unchanged: the units with Z ≤ 0 must get no gradient",
                                    c -> c.m("dA")),
                            new Hypothesis("the mask is reversed: the gradient passes where Z ≤ 0 instead of where Z > 0",
                                    c -> Grids.zip(c.m("Z"), c.m("dA"), (z, d) -> z > 0 ? 0 : d)))));
        }

        @Override
        List<OwnCheck> ownChecks() {
            return List.of(new OwnCheck("dZ", "Z", "__H.dot(forward(Z), dA)"));
        }

        @Override
        String hint() {
            return "A[i][j] depends on Z[i][j] only, so dZ[i][j] = dA[i][j] · (slope of max(z, 0) at Z[i][j]).\n"
                    + "Decide the slope for z > 0, for z < 0, and at z = 0 exactly (the fixed case has exact zeros).\n";
        }
    }

    // ------------------------------------------------------------------ dropout

    /** Y = A ⊙ D / keepProb; dA = dY ⊙ D / keepProb. */
    static final class DropoutExercise extends Exercise {
        DropoutExercise() {
            super("dropout", "inverted dropout with keepProb and the mask D", "Regula's Dropout (regularization module)");
        }

        @Override
        String task() {
            return "dA, with the same mask";
        }

        /** keepProb, rows, cols, seed of each case. */
        static final double[][] CASES = {{0.8, 4, 3, 1}, {0.5, 2, 5, 2}, {0.9, 7, 4, 3}, {0.75, 6, 6, 4}};

        @Override
        List<Case> cases() {
            List<Case> cases = new ArrayList<>();
            Rng rng = new Rng(20);
            for (double[] s : CASES) {
                double keepProb = s[0];
                int m = (int) s[1], n = (int) s[2];
                boolean fixed = cases.isEmpty();
                double[][] a = fixed ? new double[][] {{1, 2, 3}, {-1, 0.5, 2}, {0.25, -2, 1}, {4, 1, -0.5}}
                        : Grids.uniform(rng, m, n, -1, 1);
                double[][] dY = fixed ? new double[][] {{0.1, 0.2, 0.3}, {0.4, -0.5, 0.6}, {-0.7, 0.8, 0.9}, {1, -1.1, 1.2}}
                        : Grids.uniform(rng, m, n, -1, 1);
                Dropout layer = layer(keepProb, (long) s[3]);
                layer.forward(toMatrix(a), Mode.TRAIN);
                double[][] d = fromMatrix(layer.mask());
                String label = (fixed ? "fixed" : "random") + ": A " + m + "×" + n + ", keepProb " + keepProb + ", mask seed " + (long) s[3];
                cases.add(new Case(label).matrix("A", a).matrix("D", d).scalar("keepProb", keepProb).matrix("dY", dY)
                        .integer("seed", (int) s[3]));
            }
            return cases;
        }

        /** Regula's layer, with its mask generator seeded so that every run draws the same mask. */
        static Dropout layer(double keepProb, long seed) {
            Dropout layer = new Dropout(keepProb);
            layer.build("dropout", DType.F64, new Rng(seed));
            return layer;
        }

        @Override
        Map<String, double[][]> engine(Case c) {
            Dropout layer = layer(c.s("keepProb"), (long) c.s("seed"));
            Map<String, double[][]> out = new LinkedHashMap<>();
            out.put("Y", fromMatrix(layer.forward(toMatrix(c.m("A")), Mode.TRAIN)));
            if (!Grids.allClose(fromMatrix(layer.mask()), c.m("D"))) {
                throw new IllegalStateException("Dropout drew another mask for the same seed in case " + c.label);
            }
            out.put("dA", fromMatrix(layer.backward(toMatrix(c.m("dY")))));
            return out;
        }

        @Override
        List<Check> checks() {
            return List.of(
                    new Check("Y", "forward(A, D, keepProb)", Kind.FORWARD, List.of()),
                    new Check("dA", "backward(dY, D, keepProb)", Kind.GRADIENT, List.of(
                            new Hypothesis("dA matches dY ⊙ D without the 1/keepProb factor: the forward scales the kept units"
                                    + " by 1/keepProb, so the backward must too",
                                    c -> Grids.times(c.m("dY"), c.m("D"))),
                            new Hypothesis("dA matches dY ⊙ D · keepProb: the forward divides by keepProb, and so does the backward",
                                    c -> Grids.scale(Grids.times(c.m("dY"), c.m("D")), c.s("keepProb"))),
                            new Hypothesis("the mask is missing: a dropped unit (D = 0) did not reach Y, so it gets no gradient",
                                    c -> Grids.scale(c.m("dY"), 1 / c.s("keepProb"))),
                            new Hypothesis("the mask is inverted: you passed the gradient of the dropped units (1 − D), not of the kept ones",
                                    c -> Grids.scale(Grids.times(c.m("dY"), Grids.map(c.m("D"), v -> 1 - v)), 1 / c.s("keepProb"))))));
        }

        @Override
        List<OwnCheck> ownChecks() {
            return List.of(new OwnCheck("dA", "A", "__H.dot(forward(A, D, keepProb), dY)"));
        }

        @Override
        String hint() {
            return "Y[i][j] = A[i][j] · D[i][j] / keepProb, and D and keepProb are constants of this forward pass.\n"
                    + "So each dA[i][j] is dY[i][j] times the same factor the forward multiplied A[i][j] by.\n";
        }
    }
}
