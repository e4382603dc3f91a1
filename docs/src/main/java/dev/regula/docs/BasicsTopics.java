package dev.regula.docs;

import static dev.regula.docs.Walkthrough.GRAD_DIGITS;
import static dev.regula.docs.Walkthrough.fixed;

import dev.regula.core.DType;
import dev.regula.core.GradientCheck;
import dev.regula.core.Matrix;
import dev.regula.core.Ops;
import dev.regula.core.Parameter;
import dev.regula.core.Rng;
import dev.regula.nn.BinaryCrossEntropy;
import dev.regula.nn.Dense;
import dev.regula.nn.Initializer;
import dev.regula.nn.MeanSquaredError;
import dev.regula.nn.Mode;
import dev.regula.nn.Penalty;
import dev.regula.nn.ReLU;
import dev.regula.nn.Sigmoid;
import dev.regula.regularization.L2;
import java.util.List;

/** The walkthroughs of the building blocks: dense, relu, sigmoid, softmax-cross-entropy, init, gradient-check. */
final class BasicsTopics {
    private BasicsTopics() {}

    /** The checker of every walkthrough: step h = 1e-5, tolerance 1e-7 (F64), floor 1e-4, every element. */
    static final GradientCheck CHECKER = new GradientCheck(1e-5, 1e-7, 1e-4, 200);

    /** {@code "a·b"} with 4 decimals, negative factors in parentheses. */
    static String times(double a, double b) {
        return factor(a) + "·" + factor(b);
    }

    static String factor(double v) {
        String s = fixed(v, 4);
        return v < 0 ? "(" + s + ")" : s;
    }

    // ------------------------------------------------------------------ dense

    static String dense() {
        Walkthrough w = new Walkthrough().title("dense: a fully connected layer, Z = X·W + b");
        w.line("Rows are examples: X is (m × nIn) = (4 × 3), W is (nIn × nOut) = (3 × 2), b is (1 × nOut) = (1 × 2).",
                "W is glorot-uniform from seed 6 (Keras's default for Dense); b starts at 0 and is set to [0.1, -0.2]",
                "so that it shows. The loss is the mean squared error against a target Y, J = (1/(m·n))·Σ (Z − Y)².");
        Matrix x = TinyNet.x();
        Matrix t = TinyNet.y();
        Dense dense = new Dense(3, 2);
        dense.build("dense", DType.F64, new Rng(TinyNet.SEED));
        dense.bias().value().set(0, 0.1);
        dense.bias().value().set(1, -0.2);
        Matrix wk = dense.kernel().value();
        Matrix b = dense.bias().value();

        w.section("Forward");
        w.matrix("X", x).matrix("W = dense/kernel", wk).matrix("b = dense/bias", b);
        Matrix xw = Hand.mult(x, wk);
        w.matrix("X·W      (each row of X times each column of W)", xw);
        w.line("Z[0,0] = X[0,0]·W[0,0] + X[0,1]·W[1,0] + X[0,2]·W[2,0] + b[0]");
        w.line("       = " + times(x.get(0, 0), wk.get(0, 0)) + " + " + times(x.get(0, 1), wk.get(1, 0)) + " + "
                + times(x.get(0, 2), wk.get(2, 0)) + " + " + factor(b.get(0)) + " = " + fixed(xw.get(0, 0) + b.get(0), 4));
        Matrix z = dense.forward(x, Mode.TRAIN).copy();
        w.matrix("Z = X·W + b      (b is added to every row: one bias per output unit, shared by the examples)", z);
        w.agree("Z = X·W + b (Dense.forward)", Hand.addRow(xw, b), z);
        MeanSquaredError mse = new MeanSquaredError();
        double j = mse.forward(z, t);
        w.matrix("Y (the target)", t);
        w.value("J = (1/(m·n))·Σ (Z − Y)²", j);
        Matrix diff = Hand.linear(1, z, -1, t);
        w.agree("J (MeanSquaredError.forward)", Hand.sumSquares(diff) / z.size(), j);

        w.section("Backward");
        Matrix dZ = mse.backward().copy();
        Matrix dX = dense.backward(dZ).copy();
        w.matrix("dZ = ∂J/∂Z = 2·(Z − Y)/(m·n)", dZ, GRAD_DIGITS);
        w.agree("dZ (MeanSquaredError.backward)", Hand.scale(2.0 / z.size(), diff), dZ);
        w.line("W[i,j] multiplies X[r,i] in every example r, so its gradient sums over the examples:");
        w.line("dW[0,0] = X[0,0]·dZ[0,0] + X[1,0]·dZ[1,0] + X[2,0]·dZ[2,0] + X[3,0]·dZ[3,0]");
        StringBuilder terms = new StringBuilder("        = ");
        double s = 0;
        for (int r = 0; r < 4; r++) {
            terms.append(r > 0 ? " + " : "").append(x.get(r, 0) < 0 ? "(" + fixed(x.get(r, 0), 1) + ")" : fixed(x.get(r, 0), 1))
                    .append("·").append(factor(dZ.get(r, 0)));
            s += x.get(r, 0) * dZ.get(r, 0);
        }
        w.line(terms.append(" = ").append(fixed(s, GRAD_DIGITS)).toString());
        Matrix dW = dense.kernel().grad();
        w.matrix("dW = Xᵀ·dZ        (nIn × nOut, the shape of W)", dW, GRAD_DIGITS);
        w.agree("dW (Dense.backward, dense/kernel grad)", Hand.mult(Hand.transpose(x), dZ), dW);
        w.matrix("db = Σ_rows dZ    (b was added to every row, so its gradient sums the rows)",
                dense.bias().grad(), GRAD_DIGITS);
        w.agree("db (dense/bias grad)", Hand.sumRows(dZ), dense.bias().grad());
        w.matrix("dX = dZ·Wᵀ        (m × nIn, passed on to the layer below)", dX, GRAD_DIGITS);
        w.agree("dX (the matrix Dense.backward returns)", Hand.mult(dZ, Hand.transpose(wk)), dX);

        w.section("Gradient check (central differences, F64)");
        Parameter input = new Parameter("X (input)", x.copy());
        List<Parameter> params = List.of(dense.kernel(), dense.bias(), input);
        GradientCheck.Report report = CHECKER.check(params,
                () -> mse.forward(dense.forward(input.value(), Mode.TRAIN), t),
                () -> {
                    for (Parameter p : params) {
                        p.zeroGrad();
                    }
                    mse.forward(dense.forward(input.value(), Mode.TRAIN), t);
                    Ops.addScaled(dense.backward(mse.backward()), 1, input.grad());
                });
        w.gradientCheck(report);
        return w.text();
    }

    // ------------------------------------------------------------------ relu

    static String relu() {
        Walkthrough w = new Walkthrough().title("relu: the rectified linear unit, A = max(Z, 0)");
        w.line("The tiny network: X (4×3) → Dense(3→3) → ReLU → Dense(3→2) → softmax cross-entropy, glorot-uniform",
                "kernels W1 (dense_0/kernel) and W2 (dense_2/kernel) drawn by Sequential(F64, seed 6, ...), biases",
                "b1 = [0.1, -0.1, 0.05] and b2 = [0.02, -0.02] (set by hand so that they show).");
        TinyNet net = new TinyNet();
        net.forward();
        net.backward();

        w.section("Forward");
        w.matrix("X", net.x).matrix("W1", net.w1().value()).matrix("b1", net.b1().value());
        w.matrix("Z1 = X·W1 + b1", net.z1);
        w.agree("Z1", Hand.addRow(Hand.mult(net.x, net.w1().value()), net.b1().value()), net.z1);
        w.matrix("A1 = relu(Z1) = max(Z1, 0)      (negative pre-activations become 0)", net.a1);
        w.agree("A1 (ReLU.forward)", Hand.relu(net.z1), net.a1);
        w.matrix("[Z1 > 0]      (1 where the unit is on)", Hand.positive(net.z1), 0);
        w.line("The rest of the network: Z2 = A1·W2 + b2, P = softmax(Z2), J = −(1/m)·Σ Y ⊙ log P.");
        w.matrix("W2 = dense_2/kernel", net.w2().value()).matrix("b2", net.b2().value());
        w.matrix("Z2 = A1·W2 + b2", net.z2);
        w.agree("Z2", Hand.addRow(Hand.mult(net.a1, net.w2().value()), net.b2().value()), net.z2);
        w.value("J", net.dataLoss);

        w.section("Backward");
        w.matrix("dA1 = dZ2·W2ᵀ      (from the layer above)", net.dA1, GRAD_DIGITS);
        w.agree("dA1", Hand.mult(net.dZ2, Hand.transpose(net.w2().value())), net.dA1);
        w.line("relu'(z) = 1 for z > 0 and 0 for z < 0 (at exactly 0 Regula, Keras and PyTorch take 0), so:");
        w.matrix("dZ1 = dA1 ⊙ [Z1 > 0]", net.dZ1, GRAD_DIGITS);
        w.agree("dZ1 (ReLU.backward)", Hand.hadamard(net.dA1, Hand.positive(net.z1)), net.dZ1);
        w.line("Where a unit was off, no gradient passes back: that example does not move the unit's weights.");
        w.matrix("dW1 = Xᵀ·dZ1", net.w1().grad(), GRAD_DIGITS);
        w.agree("dW1", Hand.mult(Hand.transpose(net.x), net.dZ1), net.w1().grad());
        w.matrix("db1 = Σ_rows dZ1", net.b1().grad(), GRAD_DIGITS);
        w.agree("db1", Hand.sumRows(net.dZ1), net.b1().grad());
        double closest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < net.z1.size(); i++) {
            closest = Math.min(closest, Math.abs(net.z1.get(i)));
        }
        w.linef("The kink: min |Z1| = %.4f, far more than the checker's step h = 1e-5,", closest);
        w.line("so no central difference straddles z = 0, where relu has no derivative.");

        w.section("Gradient check (central differences, F64)");
        w.gradientCheck(CHECKER.check(net.parameters(), net::loss, net::gradients));
        return w.text();
    }

    // ------------------------------------------------------------------ sigmoid

    static String sigmoid() {
        Walkthrough w = new Walkthrough().title("sigmoid: the logistic function with binary cross-entropy");
        w.line("A binary classifier: X (4×3) → Dense(3→1) → Sigmoid → binary cross-entropy (Keras's BinaryCrossentropy).",
                "W glorot-uniform from seed 6, b = 0.1; the labels y = [0, 1, 1, 0] are a (4×1) column.");
        Matrix x = TinyNet.x();
        Matrix y = Matrix.of(DType.F64, 4, 1, 0, 1, 1, 0);
        Dense dense = new Dense(3, 1);
        dense.build("dense", DType.F64, new Rng(TinyNet.SEED));
        dense.bias().value().set(0, 0.1);
        Sigmoid sigmoid = new Sigmoid();
        sigmoid.build("sigmoid", DType.F64, null);
        BinaryCrossEntropy bce = new BinaryCrossEntropy();

        w.section("Forward");
        w.matrix("W", dense.kernel().value());
        Matrix z = dense.forward(x, Mode.TRAIN).copy();
        w.matrix("Z = X·W + b", z);
        Matrix a = sigmoid.forward(z, Mode.TRAIN).copy();
        w.matrix("A = σ(Z) = 1 / (1 + e^(−Z))      (a probability of class 1)", a);
        w.agree("A (Sigmoid.forward)", Hand.sigmoid(z), a);
        double j = bce.forward(a, y);
        double hand = 0;
        for (int i = 0; i < 4; i++) {
            hand -= y.get(i) * Math.log(a.get(i)) + (1 - y.get(i)) * Math.log(1 - a.get(i));
        }
        hand /= 4;
        w.value("J = −(1/m)·Σ [y·log a + (1 − y)·log(1 − a)]", j);
        w.agree("J (BinaryCrossEntropy.forward; no probability is near 0 or 1, so Keras's clipping to [1e-7, 1 − 1e-7] is inactive)",
                hand, j);

        w.section("Backward");
        Matrix dA = bce.backward().copy();
        Matrix dAHand = Matrix.zeros(DType.F64, 4, 1);
        for (int i = 0; i < 4; i++) {
            double ai = a.get(i);
            dAHand.set(i, (ai - y.get(i)) / (ai * (1 - ai)) / 4);
        }
        w.matrix("dA = ∂J/∂A = (A − y) / (A·(1 − A)) / m", dA, GRAD_DIGITS);
        w.agree("dA (BinaryCrossEntropy.backward)", dAHand, dA);
        Matrix slope = Matrix.zeros(DType.F64, 4, 1);
        for (int i = 0; i < slope.size(); i++) {
            slope.set(i, a.get(i) * (1 - a.get(i)));
        }
        w.matrix("σ'(Z) = A ⊙ (1 − A)      (at most 0.25, at Z = 0: the gradient shrinks by 4× or more per sigmoid)", slope);
        Matrix dZ = sigmoid.backward(dA).copy();
        w.matrix("dZ = dA ⊙ A ⊙ (1 − A)", dZ, GRAD_DIGITS);
        w.agree("dZ (Sigmoid.backward)", Hand.hadamard(dA, slope), dZ);
        w.line("The factors A·(1 − A) cancel: dZ = (A − y)/m, the same form as softmax cross-entropy's (P − Y)/m.");
        w.agree("dZ = (A − y)/m", Hand.scale(0.25, Hand.linear(1, a, -1, y)), dZ);
        dense.kernel().zeroGrad();
        dense.bias().zeroGrad();
        dense.backward(dZ);
        w.matrix("dW = Xᵀ·dZ", dense.kernel().grad(), GRAD_DIGITS);
        w.agree("dW", Hand.mult(Hand.transpose(x), dZ), dense.kernel().grad());
        w.matrix("db = Σ_rows dZ", dense.bias().grad(), GRAD_DIGITS);

        w.section("Gradient check (central differences, F64)");
        List<Parameter> params = dense.parameters();
        w.gradientCheck(CHECKER.check(params,
                () -> bce.forward(sigmoid.forward(dense.forward(x, Mode.TRAIN), Mode.TRAIN), y),
                () -> {
                    for (Parameter p : params) {
                        p.zeroGrad();
                    }
                    bce.forward(sigmoid.forward(dense.forward(x, Mode.TRAIN), Mode.TRAIN), y);
                    dense.backward(sigmoid.backward(bce.backward()));
                }));
        return w.text();
    }

    // ------------------------------------------------------------------ softmax cross-entropy

    static String softmaxCrossEntropy() {
        Walkthrough w = new Walkthrough().title("softmax-cross-entropy: softmax and cross-entropy, fused through log-sum-exp");
        w.line("The tiny network: X (4×3) → Dense(3→3) → ReLU → Dense(3→2) → logits Z2 (4×2), one-hot targets Y.",
                "SoftmaxCrossEntropy takes the logits (Keras's from_logits=True, PyTorch's CrossEntropyLoss).");
        TinyNet net = new TinyNet();
        net.forward();
        net.backward();
        Matrix z = net.z2;

        w.section("Forward");
        w.line("A1 = relu(X·W1 + b1) is the relu walkthrough's (X, W1 and b1 are printed there); then:");
        w.matrix("A1", net.a1).matrix("W2 = dense_2/kernel", net.w2().value()).matrix("b2", net.b2().value());
        w.agree("Z2 = A1·W2 + b2 (Dense.forward)", Hand.addRow(Hand.mult(net.a1, net.w2().value()), net.b2().value()), z);
        w.matrix("Z2 (logits)", z).matrix("Y (one-hot targets: classes 0, 1, 1, 0)", net.y, 0);
        Matrix max = Hand.rowMax(z);
        w.matrix("max_j Z2[i, j]      (per row)", max);
        Matrix shifted = Hand.subtractColumn(z, max);
        w.matrix("Z2 − max      (every row's largest logit becomes 0, so e^(·) ≤ 1 never overflows)", shifted);
        w.matrix("e^(Z2 − max)", Hand.exp(shifted));
        Matrix lse = Hand.logSumExp(z);
        w.matrix("logsumexp = max + log Σ_j e^(Z2[i, j] − max)", lse);
        Matrix logP = Hand.subtractColumn(z, lse);
        w.matrix("log P = Z2 − logsumexp", logP);
        w.matrix("P = softmax(Z2) = e^(log P)      (each row sums to 1)", net.p);
        w.agree("P (SoftmaxCrossEntropy.probabilities)", Hand.exp(logP), net.p);
        double j = 0;
        StringBuilder terms = new StringBuilder("J = −(1/4)·(");
        for (int i = 0; i < 4; i++) {
            int c = TinyNet.labels()[i];
            j -= logP.get(i, c);
            terms.append(i > 0 ? " + " : "").append(factor(logP.get(i, c)));
        }
        j /= 4;
        w.line("J = −(1/m)·Σ_i log P[i, y_i]      (only the true class's log-probability counts)");
        w.line(terms.append(") = ").append(fixed(j, 10)).toString());
        w.agree("J (SoftmaxCrossEntropy.forward)", j, net.dataLoss);
        Matrix big = Matrix.of(DType.F64, 1, 2, 1000, 998);
        Matrix probs = Matrix.zeros(DType.F64, 1, 2);
        double bigLoss = Ops.softmaxCrossEntropy(big, Matrix.of(DType.F64, 1, 2, 1, 0), probs);
        w.line("Why the max is subtracted: for logits [1000, 998], e^1000 = " + Math.exp(1000) + " in double precision,",
                "and the naive softmax divides infinity by infinity. The fused form gives −log P[0] = log(1 + e^(−2)) = " + fixed(Math.log1p(Math.exp(-2)), 10) + ":");
        w.agree("Ops.softmaxCrossEntropy([[1000, 998]], [[1, 0]])", Math.log1p(Math.exp(-2)), bigLoss);

        w.section("Backward");
        w.line("With P = softmax(Z) and Σ_j Y[i, j] = 1, ∂(−Σ_j Y[i, j]·log P[i, j])/∂Z[i, k] = P[i, k] − Y[i, k]:");
        w.line("the softmax Jacobian diag(p) − p·pᵀ and the 1/p of the log cancel, leaving (P − Y)/m for the mean.");
        softmaxJacobian(w, net, z);
        w.matrix("dZ2 = (P − Y)/m", net.dZ2, GRAD_DIGITS);
        w.agree("dZ2 (SoftmaxCrossEntropy.backward)", Hand.scale(0.25, Hand.linear(1, net.p, -1, net.y)), net.dZ2);
        w.matrix("dW2 = A1ᵀ·dZ2", net.w2().grad(), GRAD_DIGITS);
        w.agree("dW2", Hand.mult(Hand.transpose(net.a1), net.dZ2), net.w2().grad());
        w.matrix("db2 = Σ_rows dZ2      (its entries sum to 0, as every row of P − Y does)", net.b2().grad(), GRAD_DIGITS);
        w.agree("db2", Hand.sumRows(net.dZ2), net.b2().grad());

        w.section("Gradient check (central differences, F64)");
        w.gradientCheck(CHECKER.check(net.parameters(), net::loss, net::gradients));
        return w.text();
    }

    /**
     * The long way for one row: the softmax Jacobian diag(p) − p·pᵀ (checked against central
     * differences of softmax written by hand), then the chain rule through log p, which gives
     * p − y, the row of (P − Y)/m times m.
     */
    private static void softmaxJacobian(Walkthrough w, TinyNet net, Matrix z) {
        int row = 0;
        int cols = z.cols();
        w.blank().linef("The long way, for row i = %d, with p = P[%d, :], y = Y[%d, :] and J_i = −Σ_j y_j·log p_j:", row, row, row);
        Matrix zRow = Matrix.zeros(DType.F64, 1, cols);
        Matrix p = Matrix.zeros(DType.F64, 1, cols);
        Matrix y = Matrix.zeros(DType.F64, 1, cols);
        for (int j = 0; j < cols; j++) {
            zRow.set(j, z.get(row, j));
            p.set(j, net.p.get(row, j));
            y.set(j, net.y.get(row, j));
        }
        w.matrix("p", p).matrix("y", y, 0);
        Matrix jac = Matrix.zeros(DType.F64, cols, cols);
        for (int j = 0; j < cols; j++) {
            for (int k = 0; k < cols; k++) {
                jac.set(j, k, (j == k ? p.get(j) : 0) - p.get(j) * p.get(k));
            }
        }
        w.matrix("∂p_j/∂z_k = p_j·(δ_jk − p_k) = (diag(p) − p·pᵀ)[j, k]      (symmetric; every row sums to 0)", jac,
                GRAD_DIGITS);
        Matrix numericJac = Matrix.zeros(DType.F64, cols, cols);
        for (int j = 0; j < cols; j++) {
            final int out = j;
            Matrix column = Hand.centralDifferences(zRow, zz -> softmaxByHand(zz).get(out), 1e-5);
            for (int k = 0; k < cols; k++) {
                numericJac.set(j, k, column.get(k));
            }
        }
        w.finiteDifferences("diag(p) − p·pᵀ, against softmax(z) by hand, differenced in each z_k", jac, numericJac);
        Matrix dLogP = Matrix.zeros(DType.F64, 1, cols);
        for (int j = 0; j < cols; j++) {
            dLogP.set(j, -y.get(j) / p.get(j));
        }
        w.matrix("∂J_i/∂p_j = −y_j/p_j", dLogP, GRAD_DIGITS);
        Matrix dzRow = Hand.mult(dLogP, jac);
        w.matrix("∂J_i/∂z = (∂J_i/∂p)·(diag(p) − p·pᵀ)      (row vector times the Jacobian)", dzRow, GRAD_DIGITS);
        w.agree("p − y", Hand.linear(1, p, -1, y), dzRow);
        w.finiteDifferences("∂J_i/∂z, against −Σ_j y_j·log softmax(z)_j by hand",
                dzRow, Hand.centralDifferences(zRow, zz -> Hand.softmaxCrossEntropy(zz, y), 1e-5));
        Matrix dZ2Row = Matrix.zeros(DType.F64, 1, cols);
        for (int j = 0; j < cols; j++) {
            dZ2Row.set(j, net.dZ2.get(row, j));
        }
        w.agree("(p − y)/m = row " + row + " of dZ2 (SoftmaxCrossEntropy.backward)", Hand.scale(1.0 / z.rows(), dzRow), dZ2Row);
        w.line("So the engine's (P − Y)/m is the Jacobian product, without ever forming the Jacobian or 1/p.");
    }

    /** softmax of a (1 × k) row, by hand, as written: e^z / Σ e^z (fine for these small logits). */
    private static Matrix softmaxByHand(Matrix z) {
        Matrix e = Hand.exp(z);
        return Hand.scale(1.0 / Hand.sum(e), e);
    }

    // ------------------------------------------------------------------ init

    static String init() {
        Walkthrough w = new Walkthrough().title("init: weight initializers and why their variance matters");
        w.line("A kernel W (fanIn × fanOut) is drawn with a variance chosen so that signals neither grow nor",
                "shrink from layer to layer. Regula's initializers are Keras's (VarianceScaling):");
        w.line("  glorot: var = 2/(fanIn + fanOut)   he: var = 2/fanIn   lecun: var = 1/fanIn",
                "  uniform variants: U(−limit, limit) with limit = sqrt(3·var);",
                "  normal variants: a normal truncated at 2σ, σ = sqrt(var)/0.8796 so that the variance is var.");

        w.section("The numbers for the case study's first layer (784 → 500) and the tiny network (3 → 3)");
        w.linef("%-16s %14s %14s %14s", "initializer", "fans", "variance", "limit / σ");
        Initializer[] kinds = {Initializer.GLOROT_UNIFORM, Initializer.GLOROT_NORMAL, Initializer.HE_UNIFORM,
                Initializer.HE_NORMAL, Initializer.LECUN_UNIFORM, Initializer.LECUN_NORMAL};
        for (int[] fans : new int[][] {{784, 500}, {3, 3}}) {
            for (Initializer k : kinds) {
                double var = k.variance(fans[0], fans[1]);
                boolean uniform = k.name().endsWith("UNIFORM");
                double spread = uniform ? Math.sqrt(3 * var) : Math.sqrt(var) / 0.87962566103423978;
                w.linef("%-16s %14s %14.6f %14.6f", k.name().toLowerCase(java.util.Locale.ROOT),
                        fans[0] + "→" + fans[1], var, spread);
            }
        }

        w.section("The tiny network's W1 (3×3): glorot-uniform, drawn by Sequential(F64, seed 6, ...)");
        w.line("Sequential gives each layer the named stream Rng.stream(seed, kind, index among the layers of its kind),",
                "so every layer draws from its own reproducible stream, and the i-th Dense layer's weights do not depend",
                "on the other layers (dropout, batch norm) in the model. The first Dense(3→3) fills its kernel from",
                "Rng.stream(6, \"dense\", 0):");
        Matrix w1 = Matrix.zeros(DType.F64, 3, 3);
        Initializer.GLOROT_UNIFORM.fill(w1, 3, 3, Rng.stream(TinyNet.SEED, "dense", 0));
        w.matrix("W1 ~ U(−1, 1)      (limit = sqrt(6/(3 + 3)) = 1)", w1);
        Dense check = new Dense(3, 3);
        check.build("dense", DType.F64, Rng.stream(TinyNet.SEED, "dense", 0));
        w.agree("W1 (dense_0/kernel of the tiny network)", w1, new TinyNet().w1().value());
        w.matrix("b1 = 0      (biases start at zero, as in Keras and the seeds)", check.bias().value());

        w.section("Empirical variance of a 256×256 kernel (65,536 draws) against the target");
        w.linef("%-16s %14s %14s %10s", "initializer", "target var", "sample var", "ratio");
        long seed = 100;
        for (Initializer k : kinds) {
            Matrix big = Matrix.zeros(DType.F64, 256, 256);
            k.fill(big, 256, 256, new Rng(seed++));
            double mean = Hand.sum(big) / big.size();
            double var = Hand.sumSquares(big) / big.size() - mean * mean;
            double target = k.variance(256, 256);
            w.linef("%-16s %14.8f %14.8f %10.4f", k.name().toLowerCase(java.util.Locale.ROOT), target, var, var / target);
        }

        w.section("Why it matters: the variance of the activations through 10 layers Dense(256→256) + ReLU");
        w.line("256 inputs drawn from N(0, 1), 128 examples, zero biases; the mean square E[A²] after layer l",
                "(the quantity He et al. keep constant; a ReLU halves it):");
        String[] names = {"he_normal", "glorot_uniform", "N(0, 0.01²)"};
        w.linef("%-16s %11s %11s %11s %11s %11s %11s", "initializer", "layer 1", "layer 2", "layer 4", "layer 6",
                "layer 8", "layer 10");
        Initializer[] inits = {Initializer.HE_NORMAL, Initializer.GLOROT_UNIFORM, null};
        int[] shown = {1, 2, 4, 6, 8, 10};
        for (int kind = 0; kind < names.length; kind++) {
            double[] ms = meanSquaresByDepth(inits[kind], 10);
            StringBuilder row = new StringBuilder(String.format(java.util.Locale.ROOT, "%-16s", names[kind]));
            for (int layer : shown) {
                row.append(String.format(java.util.Locale.ROOT, " %11.3e", ms[layer - 1]));
            }
            w.line(row.toString());
        }
        w.line("He keeps it of the order of 1 (ReLU halves it, the 2 in 2/fanIn puts it back; the gain of a finite",
                "random layer drifts, but it does not decay).",
                "Glorot's 2/(fanIn + fanOut) = 1/fanIn here loses half at every ReLU layer. The seeds' classic",
                "'np.random.randn(...)·0.01' multiplies it by 0.01²·256/2 = 0.0128 per layer: after 10 layers the signal",
                "is gone, and so are the gradients that flow back through the same weights.");
        return w.text();
    }

    /**
     * The init chapter's depth experiment: E[A²] (the mean square of the activations) after each
     * of {@code layers} layers Dense(256→256) + ReLU, on 128 examples of 256 inputs drawn from
     * N(0, 1) (seed 11), with zero biases and kernels from {@code init} (each layer's generator a
     * fork of seed 12), or, for {@code init} null, the seeds' N(0, 0.01²) kernels.
     *
     * @return E[A²] after layer 1, 2, ..., {@code layers}
     */
    static double[] meanSquaresByDepth(Initializer init, int layers) {
        Rng dataRng = new Rng(11);
        Matrix input = Matrix.zeros(DType.F64, 128, 256);
        for (int i = 0; i < input.size(); i++) {
            input.set(i, dataRng.nextGaussian());
        }
        double[] ms = new double[layers];
        Rng rng = new Rng(12);
        Matrix a = input;
        for (int layer = 1; layer <= layers; layer++) {
            Dense d = new Dense(256, 256, init != null ? init : Initializer.GLOROT_UNIFORM);
            d.build("dense_" + layer, DType.F64, rng.fork());
            if (init == null) {                                   // the seeds' 0.01·randn, drawn after the build
                Matrix k = d.kernel().value();
                Rng small = rng.fork();
                for (int i = 0; i < k.size(); i++) {
                    k.set(i, 0.01 * small.nextGaussian());
                }
            }
            ReLU r = new ReLU();
            r.build("relu_" + layer, DType.F64, null);
            a = r.forward(d.forward(a, Mode.INFERENCE), Mode.INFERENCE).copy();
            ms[layer - 1] = Hand.sumSquares(a) / a.size();
        }
        return ms;
    }

    // ------------------------------------------------------------------ gradient check

    static String gradientCheck() {
        Walkthrough w = new Walkthrough().title("gradient-check: central differences against backprop");
        w.line("The tiny network X (4×3) → Dense(3→3) → ReLU → Dense(3→2) → softmax cross-entropy, with an L2",
                "penalty λ·Σw² (λ = 0.01) on both kernels. J(θ) = data loss + penalty; backprop gives ∂J/∂θ; the",
                "checker compares it with (J(θ + h) − J(θ − h)) / 2h for every element θ of every parameter (h: the step).");
        TinyNet net = new TinyNet();
        net.penalties.add(new L2(net.w1(), 0.01));
        net.penalties.add(new L2(net.w2(), 0.01));
        net.gradients();
        double analytic = net.w1().grad().get(0, 0);

        w.section("One element by hand: θ = W1[0,0], h = 1e-5");
        double[] theta = net.w1().value().doubles();
        double saved = theta[0];
        double h = 1e-5;
        theta[0] = saved + h;
        double plus = net.loss();
        theta[0] = saved - h;
        double minus = net.loss();
        theta[0] = saved;
        double numeric = (plus - minus) / (2 * h);
        double rel = Math.abs(analytic - numeric) / Math.max(Math.max(Math.abs(analytic), Math.abs(numeric)), 1e-4);
        w.value("θ", saved);
        w.value("J(θ + h)", plus);
        w.value("J(θ − h)", minus);
        w.value("numeric  = (J(θ + h) − J(θ − h)) / 2h", numeric);
        w.value("analytic = dW1[0,0] from backward", analytic);
        w.linef("relError = |analytic − numeric| / max(|analytic|, |numeric|, 1e-4) = %.2e      (Regula's per-element test)", rel);
        w.line("The floor 1e-4 keeps a gradient that is 0 or tiny from being judged on rounding noise alone.");
        GradientCheck.Report report = CHECKER.check(net.parameters(), net::loss, net::gradients);
        GradientCheck.Entry first = report.entries().get(0);
        w.agree("the checker's numeric value for W1[0,0]", numeric, first.numeric());

        w.section("Choosing h: truncation error (∝ h²) against rounding error (∝ 1e-16/h)");
        w.linef("%8s %18s %12s", "h", "numeric", "relError");
        for (int e = 1; e <= 10; e++) {
            double step = Math.pow(10, -e);
            theta[0] = saved + step;
            double p = net.loss();
            theta[0] = saved - step;
            double m = net.loss();
            theta[0] = saved;
            double n = (p - m) / (2 * step);
            double r = Math.abs(analytic - n) / Math.max(Math.max(Math.abs(analytic), Math.abs(n)), 1e-4);
            w.linef("%8.0e %18.12f %12.2e", step, n, r);
        }
        w.line("Regula checks with h = 1e-5 in F64 and requires relError ≤ 1e-7. In F32 (about 7 significant digits)",
                "the rounding error alone is about 1e-7·J/(h·|g|), around 1e-3 at h = 1e-3: GradientCheck refuses F32.");

        w.section("Every element of every parameter");
        w.gradientCheck(report);
        ngCheck(w, "the correct gradients", net, report);

        w.section("What a bug looks like: an L2 penalty whose gradient forgets the 2 (λ·W instead of 2λ·W)");
        TinyNet buggy = new TinyNet();
        buggy.penalties.add(new ForgetfulL2(buggy.w1(), 0.01));
        buggy.penalties.add(new ForgetfulL2(buggy.w2(), 0.01));
        GradientCheck.Report buggyReport = CHECKER.check(buggy.parameters(), buggy::loss, buggy::gradients);
        w.gradientCheck(buggyReport);
        ngCheck(w, "the buggy gradients", buggy, buggyReport);
        w.line("The biases, which carry no penalty, still pass; both kernels fail, at relative errors far above",
                "rounding noise. This is how each layer, loss and penalty of Regula is tested.");
        return w.text();
    }

    /**
     * Ng's check (deeplearning.ai, "Gradient Checking"): one number for the whole gradient,
     * {@code ‖g − ĝ‖₂ / (‖g‖₂ + ‖ĝ‖₂)} over every element of every parameter laid end to end, with
     * the step h = 1e-7, and "there is a mistake" above 2e-7. Computed twice: from the checker's
     * entries (h = 1e-5), and by hand here with h = 1e-7.
     */
    private static void ngCheck(Walkthrough w, String what, TinyNet net, GradientCheck.Report report) {
        double diff2 = 0;
        double g2 = 0;
        double n2 = 0;
        for (GradientCheck.Entry e : report.entries()) {
            diff2 += (e.analytic() - e.numeric()) * (e.analytic() - e.numeric());
            g2 += e.analytic() * e.analytic();
            n2 += e.numeric() * e.numeric();
        }
        double fromChecker = Math.sqrt(diff2) / (Math.sqrt(g2) + Math.sqrt(n2));
        net.gradients();
        double h = 1e-7;
        diff2 = 0;
        g2 = 0;
        n2 = 0;
        int count = 0;
        for (Parameter p : net.parameters()) {
            double[] theta = p.value().doubles();
            Matrix grad = p.grad().copy();
            for (int i = 0; i < theta.length; i++) {
                double saved = theta[i];
                theta[i] = saved + h;
                double plus = net.loss();
                theta[i] = saved - h;
                double minus = net.loss();
                theta[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                diff2 += (grad.get(i) - numeric) * (grad.get(i) - numeric);
                g2 += grad.get(i) * grad.get(i);
                n2 += numeric * numeric;
                count++;
            }
        }
        double byHand = Math.sqrt(diff2) / (Math.sqrt(g2) + Math.sqrt(n2));
        w.linef("Ng's check on %s: difference = ‖g − ĝ‖₂ / (‖g‖₂ + ‖ĝ‖₂) over all %d elements at once", what, count);
        w.linef("  from the checker's entries (h = 1e-5): %.2e      by hand with Ng's h = 1e-7: %.2e", fromChecker, byHand);
        w.linef("  Ng's verdict (threshold 2e-7): %s", byHand > 2e-7 ? "\"there is a mistake in the backward propagation\""
                : "\"your backward propagation works perfectly fine\"");
    }

    /** A deliberately wrong L2 penalty: value λ·Σw², gradient λ·W (the factor 2 forgotten). */
    private static final class ForgetfulL2 implements Penalty {
        private final Parameter parameter;
        private final double lambda;

        ForgetfulL2(Parameter parameter, double lambda) {
            this.parameter = parameter;
            this.lambda = lambda;
        }

        @Override
        public double value() {
            return lambda * Ops.sumSquares(parameter.value());
        }

        @Override
        public void addGradient() {
            Ops.addScaled(parameter.value(), lambda, parameter.grad());   // the bug: should be 2λ
        }
    }
}
