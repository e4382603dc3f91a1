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

/** The batch-normalization walkthrough: batch statistics, x̂, γ and β, running averages, the three-term backward. */
final class BatchNormTopic {
    private BatchNormTopic() {}

    static String walkthrough() {
        Walkthrough w = new Walkthrough().title("batchnorm: batch normalization over the columns");
        w.line("X (4×3) → BatchNormalization(3) → Dense(3→2) → softmax cross-entropy. Keras's defaults: momentum 0.99",
                "(the weight of the old running value), ε = 1e-3. γ and β, which start at 1 and 0, are set to",
                "γ = [1.2, 0.8, 1.0] and β = [0.1, -0.1, 0.0] so that they show; W is glorot-uniform from seed 6.");
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
        w.matrix("Y = γ ⊙ x̂ + β      (γ and β let the layer undo the normalization where that helps)", yOut);
        w.agree("Y (BatchNormalization.forward in TRAIN)", yHand, yOut);

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
        Matrix z = dense.forward(yOut, Mode.TRAIN).copy();
        double j = loss.forward(z, target);
        w.matrix("Z = Y·W + b", z);
        w.value("J = −(1/m)·Σ Y_true ⊙ log softmax(Z)", j);

        w.section("Backward");
        Matrix dZ = loss.backward().copy();
        Matrix dY = dense.backward(dZ).copy();
        w.matrix("dZ = (P − Y_true)/m", dZ, GRAD_DIGITS);
        w.matrix("dY = dZ·Wᵀ      (the gradient at batch norm's output)", dY, GRAD_DIGITS);
        Matrix dX = bn.backward(dY).copy();
        Matrix sumDy = Hand.sumRows(dY);
        Matrix sumDyXHat = Hand.sumRows(Hand.hadamard(dY, xHat));
        w.matrix("dβ = Σ_i dY", bn.beta().grad(), GRAD_DIGITS);
        w.agree("dβ (batchnorm/beta grad)", sumDy, bn.beta().grad());
        w.matrix("dγ = Σ_i dY ⊙ x̂", bn.gamma().grad(), GRAD_DIGITS);
        w.agree("dγ (batchnorm/gamma grad)", sumDyXHat, bn.gamma().grad());
        w.line("X reaches Y directly and through μ and σ², which every row shares. With x̂ and invStd cached, the",
                "three paths collapse into dX = (γ·invStd/m) ⊙ (m·dY − Σ_i dY − x̂ ⊙ Σ_i (dY ⊙ x̂)):");
        Matrix term1 = Hand.scale(m, dY);
        Matrix term3 = Matrix.zeros(DType.F64, m, 3);
        Matrix dXHand = Matrix.zeros(DType.F64, m, 3);
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < 3; c++) {
                term3.set(i, c, -xHat.get(i, c) * sumDyXHat.get(c));
                dXHand.set(i, c, gamma.get(c) * invStd.get(c) / m
                        * (term1.get(i, c) - sumDy.get(c) + term3.get(i, c)));
            }
        }
        w.matrix("term 1: m·dY      (the direct path)", term1, GRAD_DIGITS);
        w.matrix("term 2: −Σ_i dY      (through μ; the same for every row)", Hand.scale(-1, sumDy), GRAD_DIGITS);
        w.matrix("term 3: −x̂ ⊙ Σ_i (dY ⊙ x̂)      (through σ²)", term3, GRAD_DIGITS);
        w.matrix("dX = (γ·invStd/m) ⊙ (term 1 + term 2 + term 3)", dX, GRAD_DIGITS);
        w.agree("dX (BatchNormalization.backward)", dXHand, dX);
        Matrix colSums = Hand.sumRows(dX);
        w.claim(Math.abs(colSums.get(0)) + Math.abs(colSums.get(1)) + Math.abs(colSums.get(2)) < 1e-15,
                "each column of dX sums to 0: adding a constant to a column of X does not change x̂");

        w.section("Inference: the running statistics instead of the batch's");
        Matrix yInf = bn.forward(x, Mode.INFERENCE).copy();
        Matrix yInfHand = Matrix.zeros(DType.F64, m, 3);
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < 3; c++) {
                yInfHand.set(i, c, gamma.get(c) * (x.get(i, c) - rm.get(c)) / Math.sqrt(rv.get(c) + eps) + beta.get(c));
            }
        }
        w.matrix("Y = γ ⊙ (X − runningMean)/sqrt(runningVariance + ε) + β", yInf);
        w.agree("Y (BatchNormalization.forward in INFERENCE)", yInfHand, yInf);
        w.line("After one batch the running statistics are still close to (0, 1), so this differs from the TRAIN",
                "output: with momentum 0.99 they average roughly the last 100 batches. Each row now depends only on",
                "itself, so a prediction does not change with the rest of the batch.");

        w.section("Gradient check of γ, β, W, b and X (central differences, F64)");
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
}
