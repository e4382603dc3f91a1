package dev.regula.docs.exercise;

import static dev.regula.docs.exercise.Grids.fromMatrix;
import static dev.regula.docs.exercise.Grids.toMatrix;

import dev.regula.core.DType;
import dev.regula.core.Rng;
import dev.regula.nn.Mode;
import dev.regula.regularization.BatchNormalization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch normalization in training mode: dX = (γ/σ/m)·(m·dY − Σ dY − x̂·Σ dY⊙x̂), dγ = Σ dY⊙x̂, dβ = Σ dY,
 * checked against Regula's BatchNormalization.
 */
final class BatchNormExercise extends Exercise {
    BatchNormExercise() {
        super("batchnorm", "batch normalization in training mode, Y = γ·x̂ + β", "Regula's BatchNormalization (regularization module)");
    }

    @Override
    String task() {
        return "dX, dGamma and dBeta";
    }

    @Override
    List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("fixed: X 4×2, ε 0.001")
                .matrix("X", new double[][] {{1, 2}, {3, -1}, {0, 0.5}, {2, 4}})
                .vector("gamma", new double[] {1.5, 0.5}).vector("beta", new double[] {0.1, -0.2}).scalar("eps", 1e-3)
                .matrix("dY", new double[][] {{0.1, -0.2}, {0.3, 0.4}, {-0.5, 0.1}, {0.2, -0.3}}));
        Rng rng = new Rng(25);
        int[][] shapes = {{5, 3}, {3, 4}, {8, 2}};
        for (int[] s : shapes) {
            cases.add(new Case("random: X " + s[0] + "×" + s[1] + ", ε 0.001")
                    .matrix("X", Grids.uniform(rng, s[0], s[1], -2, 2))
                    .vector("gamma", Grids.uniform(rng, 1, s[1], 0.5, 2)[0]).vector("beta", Grids.uniform(rng, 1, s[1], -1, 1)[0])
                    .scalar("eps", 1e-3).matrix("dY", Grids.uniform(rng, s[0], s[1], -1, 1)));
        }
        return cases;
    }

    @Override
    Map<String, double[][]> engine(Case c) {
        double[][] x = c.m("X");
        BatchNormalization bn = new BatchNormalization(x[0].length, 0.99, c.s("eps"));
        bn.build("batchnorm", DType.F64, new Rng(0));
        bn.gamma().value().copyFrom(toMatrix(new double[][] {c.v("gamma")}));
        bn.beta().value().copyFrom(toMatrix(new double[][] {c.v("beta")}));
        Map<String, double[][]> out = new LinkedHashMap<>();
        out.put("Y", fromMatrix(bn.forward(toMatrix(x), Mode.TRAIN)));
        out.put("dX", fromMatrix(bn.backward(toMatrix(c.m("dY")))));
        out.put("dGamma", fromMatrix(bn.gamma().grad()));
        out.put("dBeta", fromMatrix(bn.beta().grad()));
        return out;
    }

    /** x̂ of the case, (m, n). */
    static double[][] xHat(Case c) {
        double[][] x = c.m("X");
        double[] inv = invStd(c);
        double[][] mu = Grids.scale(Grids.sumRows(x), 1.0 / x.length);
        double[][] xh = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[0].length; j++) {
                xh[i][j] = (x[i][j] - mu[0][j]) * inv[j];
            }
        }
        return xh;
    }

    /** 1/sqrt(σ² + ε) of each column. */
    static double[] invStd(Case c) {
        double[][] x = c.m("X");
        int m = x.length, n = x[0].length;
        double[] inv = new double[n];
        for (int j = 0; j < n; j++) {
            double mu = 0, var = 0;
            for (double[] row : x) {
                mu += row[j] / m;
            }
            for (double[] row : x) {
                var += (row[j] - mu) * (row[j] - mu) / m;
            }
            inv[j] = 1 / Math.sqrt(var + c.s("eps"));
        }
        return inv;
    }

    /**
     * (γ·invStd/m)·(m·dY − withMu·Σ dY − withVar·x̂·Σ dY⊙x̂), with γ replaced by 1 when {@code withGamma}
     * is false: the full dX, and the wrong answers that drop a term.
     */
    static double[][] dX(Case c, boolean withMu, boolean withVar, boolean withGamma) {
        double[][] dy = c.m("dY"), xh = xHat(c);
        double[] inv = invStd(c), gamma = c.v("gamma");
        int m = dy.length, n = dy[0].length;
        double[][] dx = new double[m][n];
        for (int j = 0; j < n; j++) {
            double sumDy = 0, sumDyXh = 0;
            for (int i = 0; i < m; i++) {
                sumDy += dy[i][j];
                sumDyXh += dy[i][j] * xh[i][j];
            }
            for (int i = 0; i < m; i++) {
                double g = withGamma ? gamma[j] : 1;
                dx[i][j] = g * inv[j] / m * (m * dy[i][j] - (withMu ? sumDy : 0) - (withVar ? xh[i][j] * sumDyXh : 0));
            }
        }
        return dx;
    }

    @Override
    List<Check> checks() {
        return List.of(
                new Check("Y", "forward(X, gamma, beta, eps)", Kind.FORWARD, List.of()),
                new Check("dX", "dX(X, gamma, beta, eps, dY)", Kind.GRADIENT, List.of(
                        new Hypothesis("dμ term missing: X reaches the loss through the mean μ too; that path adds −(γ/σ)·(1/m)·Σ_i dY",
                                c -> dX(c, false, true, true)),
                        new Hypothesis("dσ² term missing: X reaches the loss through the variance σ² too; that path adds"
                                + " −(γ/σ)·x̂·(1/m)·Σ_i dY⊙x̂",
                                c -> dX(c, true, false, true)),
                        new Hypothesis("dX = γ·dY/σ treats μ and σ² as constants: both the dμ and the dσ² terms are missing",
                                c -> dX(c, false, false, true)),
                        new Hypothesis("γ is missing: Y = γ·x̂ + β, so the gradient reaching x̂ is γ·dY",
                                c -> dX(c, true, true, false)))),
                new Check("dGamma", "dGamma(X, gamma, beta, eps, dY)", Kind.GRADIENT, List.of(
                        new Hypothesis("dγ = Σ dY: the factor x̂ is missing; γ multiplies x̂, so dγ = Σ_i dY⊙x̂",
                                c -> Grids.sumRows(c.m("dY"))),
                        new Hypothesis("dγ = Σ dY⊙X: use the normalized x̂, not X",
                                c -> Grids.sumRows(Grids.times(c.m("dY"), c.m("X")))))),
                new Check("dBeta", "dBeta(X, gamma, beta, eps, dY)", Kind.GRADIENT, List.of(
                        new Hypothesis("dβ = Σ dY⊙x̂ is dγ; β is added as it is, so dβ = Σ_i dY",
                                c -> Grids.sumRows(Grids.times(c.m("dY"), xHat(c)))),
                        new Hypothesis("dβ is the mean of dY's rows: it is their sum (the 1/m is already in dY)",
                                c -> Grids.scale(Grids.sumRows(c.m("dY")), 1.0 / c.m("dY").length)))));
    }

    @Override
    List<OwnCheck> ownChecks() {
        String j = "__H.dot(forward(X, gamma, beta, eps), dY)";
        return List.of(new OwnCheck("dX", "X", j), new OwnCheck("dGamma", "gamma", j), new OwnCheck("dBeta", "beta", j));
    }

    @Override
    String hint() {
        return "dγ and dβ are like db of a dense layer, one with x̂ inside. For dX, write dx̂ = γ·dY, then follow X[i][j]\n"
                + "along three paths: x̂ directly (1/σ), the mean μ (each X[i][j] moves μ by 1/m), and the variance σ²\n"
                + "(∂σ²/∂X[i][j] = 2(X[i][j] − μ)/m). The σ² path's contribution to dμ sums to zero. With σ = sqrt(σ² + ε),\n"
                + "everything collects into (γ/σ)·(dY − mean_i(dY) − x̂·mean_i(dY⊙x̂)).\n";
    }
}
