package dev.regula.docs;

import static dev.regula.docs.BasicsTopics.CHECKER;
import static dev.regula.docs.Walkthrough.GRAD_DIGITS;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Ops;
import dev.regula.core.Parameter;
import dev.regula.core.Rng;
import dev.regula.nn.Dense;
import dev.regula.nn.Mode;
import dev.regula.nn.SoftmaxCrossEntropy;
import dev.regula.regularization.BatchNormalization;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The batch-normalization walkthrough: batch statistics, x̂, γ and β, running averages, the three-term backward. */
final class BatchNormTopic {
    private BatchNormTopic() {}

    static String walkthrough() {
        Walkthrough w = new Walkthrough().title("batchnorm: batch normalization over the columns");
        w.line("X (4×3) → BatchNormalization(3) → Dense(3→2) → softmax cross-entropy, with the one-hot targets Y.",
                "Keras's defaults: momentum 0.99 (the weight of the old running value), ε = 1e-3. γ and β, which start",
                "at 1 and 0, are set to γ = [1.2, 0.8, 1.0] and β = [0.1, -0.1, 0.0] so that they show. The Dense layer's",
                "W is glorot-uniform from new Rng(6); its b, which starts at 0, is set to [0.02, -0.02]. Both are printed below.",
                "S = γ ⊙ x̂ + β is batch norm's output (S, not Y: Y is the targets).");
        Matrix x = TinyNet.x();
        Matrix target = TinyNet.y();
        BatchNormalization bn = new BatchNormalization(3);
        bn.build("batchnorm", DType.F64, null);
        double[] gammaValues = {1.2, 0.8, 1.0};
        double[] betaValues = {0.1, -0.1, 0.0};
        for (int j = 0; j < 3; j++) {
            bn.gamma().value().set(j, gammaValues[j]);
            bn.beta().value().set(j, betaValues[j]);
        }
        Dense dense = new Dense(3, 2);
        dense.build("dense", DType.F64, new Rng(TinyNet.SEED));
        dense.bias().value().set(0, 0.02);
        dense.bias().value().set(1, -0.02);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        int m = x.rows();
        double eps = bn.epsilon();
        Matrix gamma = bn.gamma().value();
        Matrix beta = bn.beta().value();

        w.section("Forward (TRAIN: the batch's own statistics)");
        w.matrix("X", x);
        Matrix mu = Hand.columnMeans(x);
        w.matrix("μ = (1/m)·Σ_i X[i, :]", mu);
        Matrix centred = Hand.addRow(x, Hand.scale(-1, mu));
        Matrix var = Hand.scale(1.0 / m, Hand.sumRows(Hand.hadamard(centred, centred)));
        w.matrix("σ² = (1/m)·Σ_i (X[i, :] − μ)²      (biased: divided by m, not m − 1)", var);
        Matrix invStd = Matrix.zeros(DType.F64, 1, 3);
        for (int j = 0; j < 3; j++) {
            invStd.set(j, 1 / Math.sqrt(var.get(j) + eps));
        }
        w.matrix("invStd = 1/sqrt(σ² + ε)", invStd);
        Matrix xHat = Matrix.zeros(DType.F64, m, 3);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < 3; j++) {
                xHat.set(i, j, centred.get(i, j) * invStd.get(j));
            }
        }
        w.matrix("x̂ = (X − μ) ⊙ invStd      (every column now has mean 0 and variance σ²/(σ² + ε) ≈ 1)", xHat);
        Matrix xHatVar = Hand.scale(1.0 / m, Hand.sumRows(Hand.hadamard(xHat, xHat)));
        w.matrix("  column variances of x̂", xHatVar);
        w.matrix("γ", gamma).matrix("β", beta);
        Matrix yOut = bn.forward(x, Mode.TRAIN).copy();
        Matrix yHand = Matrix.zeros(DType.F64, m, 3);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < 3; j++) {
                yHand.set(i, j, gamma.get(j) * xHat.get(i, j) + beta.get(j));
            }
        }
        w.matrix("S = γ ⊙ x̂ + β      (γ and β let the layer undo the normalization where that helps)", yOut);
        w.agree("S (BatchNormalization.forward in TRAIN)", yHand, yOut);

        w.section("The running statistics, updated by that training forward");
        w.line("running ← momentum·running + (1 − momentum)·batch statistic, from running mean 0 and running variance 1:");
        Matrix rm = bn.runningMean().copy();
        Matrix rv = bn.runningVariance().copy();
        w.matrix("runningMean = 0.99·0 + 0.01·μ", rm, 6);
        w.agree("runningMean", Hand.scale(0.01, mu), rm);
        Matrix ones = Matrix.zeros(DType.F64, 1, 3).fill(1);
        w.matrix("runningVariance = 0.99·1 + 0.01·σ²      (the biased σ², as Keras)", rv, 6);
        w.agree("runningVariance", Hand.linear(0.99, ones, 0.01, var), rv);
        w.matrix("PyTorch would hold 0.9·1 + 0.1·σ²·m/(m − 1)      (momentum 0.1 = weight of the new value; unbiased σ²)",
                Hand.linear(0.9, ones, 0.1 * m / (m - 1.0), var), 6);

        w.section("The rest of the forward");
        Matrix wk = dense.kernel().value();
        Matrix b = dense.bias().value();
        w.matrix("W = dense/kernel      (glorot-uniform, new Rng(6))", wk);
        w.matrix("b = dense/bias      (set to [0.02, -0.02])", b);
        Matrix z = dense.forward(yOut, Mode.TRAIN).copy();
        double j = loss.forward(z, target);
        w.matrix("Z = S·W + b", z);
        w.agree("Z (Dense.forward)", Hand.addRow(Hand.mult(yHand, wk), b), z);
        w.matrix("Y (one-hot targets: classes 0, 1, 1, 0)", target, 0);
        w.value("J = −(1/m)·Σ Y ⊙ log softmax(Z)", j);
        w.agree("J (SoftmaxCrossEntropy.forward)", Hand.softmaxCrossEntropy(Hand.addRow(Hand.mult(yHand, wk), b), target), j);

        w.section("Backward, step by step (each step checked against central differences, h = 1e-5)");
        w.line("Every intermediate below is derived by hand, then compared with central differences of J written as a",
                "function of that intermediate alone, computed by hand (Hand: plain loops, not the engine's layers):",
                "J(S) = CE(S·W + b, Y),  S(x̂) = γ ⊙ x̂ + β,  x̂(X, μ, σ²) = (X − μ)/sqrt(σ² + ε),  σ²(X, μ) = (1/m)·Σ_i (X − μ)².");
        Matrix dZ = loss.backward().copy();
        Matrix dS = dense.backward(dZ).copy();
        double h = 1e-5;
        ToDoubleFunction<Matrix> jOfS = sm -> Hand.softmaxCrossEntropy(Hand.addRow(Hand.mult(sm, wk), b), target);
        ToDoubleFunction<Matrix> jOfXHat = xh -> jOfS.applyAsDouble(affine(xh, gamma, beta));
        ToDoubleFunction<Matrix> jOfVar = vr -> jOfXHat.applyAsDouble(normalize(x, mu, vr, eps));
        ToDoubleFunction<Matrix> jOfMu = mm -> jOfXHat.applyAsDouble(normalize(x, mm, variance(x, mm), eps));
        ToDoubleFunction<Matrix> jOfX = xx -> {
            Matrix mm = Hand.columnMeans(xx);
            return jOfXHat.applyAsDouble(normalize(xx, mm, variance(xx, mm), eps));
        };
        w.matrix("dZ = (P − Y)/m", dZ, GRAD_DIGITS);
        w.matrix("dS = dZ·Wᵀ      (the gradient at batch norm's output)", dS, GRAD_DIGITS);
        w.agree("dS (Dense.backward)", Hand.mult(dZ, Hand.transpose(wk)), dS);
        w.finiteDifferences("dS = ∂J/∂S", Hand.mult(dZ, Hand.transpose(wk)), Hand.centralDifferences(yHand, jOfS, h));

        w.blank().line("Step 1. S = γ ⊙ x̂ + β, so each x̂[i, c] reaches J only through S[i, c]:");
        Matrix dXHat = Matrix.zeros(DType.F64, m, 3);
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < 3; c++) {
                dXHat.set(i, c, dS.get(i, c) * gamma.get(c));
            }
        }
        w.matrix("dx̂ = dS ⊙ γ", dXHat, GRAD_DIGITS);
        w.finiteDifferences("dx̂ = ∂J/∂x̂", dXHat, Hand.centralDifferences(xHat, jOfXHat, h));

        w.blank().line("Step 2. σ² enters every x̂[i, c] = (X[i, c] − μ[c])·(σ²[c] + ε)^(−1/2) of its column, with",
                "∂x̂[i, c]/∂σ²[c] = −½·(X[i, c] − μ[c])·(σ²[c] + ε)^(−3/2), so (X and μ held fixed):");
        Matrix dVar = Matrix.zeros(DType.F64, 1, 3);
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            for (int i = 0; i < m; i++) {
                sum += dXHat.get(i, c) * centred.get(i, c);
            }
            dVar.set(c, -0.5 * sum * Math.pow(var.get(c) + eps, -1.5));
        }
        w.matrix("dσ² = −½·(σ² + ε)^(−3/2) ⊙ Σ_i dx̂ ⊙ (X − μ)", dVar, GRAD_DIGITS);
        w.finiteDifferences("dσ² = ∂J/∂σ² (X, μ fixed)", dVar, Hand.centralDifferences(var, jOfVar, h));

        w.blank().line("Step 3. μ enters x̂ directly (∂x̂[i, c]/∂μ[c] = −invStd[c]) and through σ², whose derivative is",
                "∂σ²[c]/∂μ[c] = −(2/m)·Σ_i (X[i, c] − μ[c]). That sum is zero, because μ is the mean of the column:");
        Matrix centredSum = Hand.sumRows(centred);
        w.linef("Σ_i (X − μ) = [%.1e, %.1e, %.1e]      (zero up to rounding)", centredSum.get(0), centredSum.get(1),
                centredSum.get(2));
        Matrix dVarDMu = Hand.scale(-2.0 / m, centredSum);
        w.finiteDifferences("∂σ²/∂μ = −(2/m)·Σ_i (X − μ) = 0, against σ²(X, μ) differenced in μ",
                dVarDMu, Hand.centralDifferences(mu, mm -> Hand.sum(variance(x, mm)), h));
        w.line("So the σ² part of dμ, dσ² ⊙ (−(2/m)·Σ_i (X − μ)), vanishes, and only the direct part is left:");
        Matrix dMu = Matrix.zeros(DType.F64, 1, 3);
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            for (int i = 0; i < m; i++) {
                sum += dXHat.get(i, c);
            }
            dMu.set(c, -invStd.get(c) * sum + dVar.get(c) * dVarDMu.get(c));
        }
        w.matrix("dμ = −invStd ⊙ Σ_i dx̂ + dσ² ⊙ (−(2/m)·Σ_i (X − μ)) = −invStd ⊙ Σ_i dx̂", dMu, GRAD_DIGITS);
        w.finiteDifferences("dμ = dJ/dμ (X fixed, σ² recomputed from μ)", dMu, Hand.centralDifferences(mu, jOfMu, h));

        w.blank().line("Step 4. X[i, c] reaches J through x̂[i, c] (× invStd), through σ² (∂σ²[c]/∂X[i, c] = 2·(X[i, c] − μ[c])/m)",
                "and through μ (∂μ[c]/∂X[i, c] = 1/m):");
        Matrix dXSteps = Matrix.zeros(DType.F64, m, 3);
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < 3; c++) {
                dXSteps.set(i, c, dXHat.get(i, c) * invStd.get(c) + dVar.get(c) * 2 * centred.get(i, c) / m
                        + dMu.get(c) / m);
            }
        }
        w.matrix("dX = dx̂ ⊙ invStd + dσ² ⊙ 2·(X − μ)/m + dμ/m", dXSteps, GRAD_DIGITS);
        w.finiteDifferences("dX = dJ/dX (the whole forward, μ and σ² recomputed)", dXSteps, Hand.centralDifferences(x, jOfX, h));
        Matrix dX = bn.backward(dS).copy();
        w.agree("dX (BatchNormalization.backward)", dXSteps, dX);

        w.blank().line("Substituting steps 1-3 into step 4 (dx̂ = γ ⊙ dS, (X − μ) = x̂/invStd, dσ² = −½·invStd³·Σ_i dx̂ ⊙ (X − μ)),",
                "the three paths collapse into one line, which is what BatchNormalization.backward computes from the",
                "cached x̂ and invStd: dX = (γ·invStd/m) ⊙ (m·dS − Σ_i dS − x̂ ⊙ Σ_i (dS ⊙ x̂)).");
        Matrix sumDy = Hand.sumRows(dS);
        Matrix sumDyXHat = Hand.sumRows(Hand.hadamard(dS, xHat));
        Matrix term1 = Hand.scale(m, dS);
        Matrix term3 = Matrix.zeros(DType.F64, m, 3);
        Matrix dXHand = Matrix.zeros(DType.F64, m, 3);
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < 3; c++) {
                term3.set(i, c, -xHat.get(i, c) * sumDyXHat.get(c));
                dXHand.set(i, c, gamma.get(c) * invStd.get(c) / m
                        * (term1.get(i, c) - sumDy.get(c) + term3.get(i, c)));
            }
        }
        w.matrix("term 1: m·dS      (the direct path)", term1, GRAD_DIGITS);
        w.matrix("term 2: −Σ_i dS      (through μ; the same for every row)", Hand.scale(-1, sumDy), GRAD_DIGITS);
        w.matrix("term 3: −x̂ ⊙ Σ_i (dS ⊙ x̂)      (through σ²)", term3, GRAD_DIGITS);
        w.agree("(γ·invStd/m) ⊙ (term 1 + term 2 + term 3) = dX of step 4", dXHand, dXSteps);
        Matrix colSums = Hand.sumRows(dX);
        w.claim(Math.abs(colSums.get(0)) + Math.abs(colSums.get(1)) + Math.abs(colSums.get(2)) < 1e-15,
                "each column of dX sums to 0: adding a constant to a column of X does not change x̂");

        w.blank();
        w.matrix("dβ = Σ_i dS", bn.beta().grad(), GRAD_DIGITS);
        w.agree("dβ (batchnorm/beta grad)", sumDy, bn.beta().grad());
        w.matrix("dγ = Σ_i dS ⊙ x̂", bn.gamma().grad(), GRAD_DIGITS);
        w.agree("dγ (batchnorm/gamma grad)", sumDyXHat, bn.gamma().grad());

        w.section("Inference: the running statistics instead of the batch's");
        Matrix yInf = bn.forward(x, Mode.INFERENCE).copy();
        Matrix yInfHand = Matrix.zeros(DType.F64, m, 3);
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < 3; c++) {
                yInfHand.set(i, c, gamma.get(c) * (x.get(i, c) - rm.get(c)) / Math.sqrt(rv.get(c) + eps) + beta.get(c));
            }
        }
        w.matrix("S = γ ⊙ (X − runningMean)/sqrt(runningVariance + ε) + β", yInf);
        w.agree("S (BatchNormalization.forward in INFERENCE)", yInfHand, yInf);
        w.line("After one batch the running statistics are still close to (0, 1), so this differs from the TRAIN",
                "output: with momentum 0.99 they average roughly the last 100 batches. Each row now depends only on",
                "itself, so a prediction does not change with the rest of the batch.");

        w.section("Gradient check of γ, β, W, b and X by the engine's checker (central differences, F64)");
        bn.setUpdateRunningStatistics(false);
        Parameter input = new Parameter("X (input)", x.copy());
        List<Parameter> params = new ArrayList<>(bn.parameters());
        params.addAll(dense.parameters());
        params.add(input);
        w.gradientCheck(CHECKER.check(params,
                () -> loss.forward(dense.forward(bn.forward(input.value(), Mode.TRAIN), Mode.TRAIN), target),
                () -> {
                    for (Parameter p : params) {
                        p.zeroGrad();
                    }
                    loss.forward(dense.forward(bn.forward(input.value(), Mode.TRAIN), Mode.TRAIN), target);
                    Ops.addScaled(bn.backward(dense.backward(loss.backward())), 1, input.grad());
                }));
        return w.text();
    }

    /** {@code γ ⊙ x̂ + β}, by hand. */
    private static Matrix affine(Matrix xHat, Matrix gamma, Matrix beta) {
        Matrix out = Matrix.zeros(DType.F64, xHat.rows(), xHat.cols());
        for (int i = 0; i < xHat.rows(); i++) {
            for (int c = 0; c < xHat.cols(); c++) {
                out.set(i, c, gamma.get(c) * xHat.get(i, c) + beta.get(c));
            }
        }
        return out;
    }

    /** {@code (X − μ)/sqrt(σ² + ε)}, by hand, for any μ and σ² (not only the batch's). */
    private static Matrix normalize(Matrix x, Matrix mu, Matrix var, double eps) {
        Matrix out = Matrix.zeros(DType.F64, x.rows(), x.cols());
        for (int i = 0; i < x.rows(); i++) {
            for (int c = 0; c < x.cols(); c++) {
                out.set(i, c, (x.get(i, c) - mu.get(c)) / Math.sqrt(var.get(c) + eps));
            }
        }
        return out;
    }

    /** {@code σ²(X, μ) = (1/m)·Σ_i (X − μ)²}, by hand, for any μ. */
    private static Matrix variance(Matrix x, Matrix mu) {
        Matrix out = Matrix.zeros(DType.F64, 1, x.cols());
        for (int c = 0; c < x.cols(); c++) {
            double s = 0;
            for (int i = 0; i < x.rows(); i++) {
                double d = x.get(i, c) - mu.get(c);
                s += d * d;
            }
            out.set(c, s / x.rows());
        }
        return out;
    }
}
