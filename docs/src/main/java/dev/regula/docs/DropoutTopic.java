package dev.regula.docs;

import static dev.regula.docs.BasicsTopics.CHECKER;
import static dev.regula.docs.Walkthrough.GRAD_DIGITS;
import static dev.regula.docs.Walkthrough.fixed;

import dev.regula.core.DType;
import dev.regula.core.GradientCheck;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.nn.Mode;
import dev.regula.regularization.Dropout;
import dev.regula.regularization.L2;
import java.util.Locale;

/** The dropout walkthrough: the mask, the 1/keepProb scaling, the same mask in backward, the gradient check. */
final class DropoutTopic {
    private DropoutTopic() {}

    /** The probability of keeping a unit (Keras's rate = 0.25, the seeds' case study). */
    static final double KEEP_PROB = 0.75;
    private static final double LAMBDA = 0.01;

    static String walkthrough() {
        Walkthrough w = new Walkthrough().title("dropout: inverted dropout with keepProb = " + KEEP_PROB);
        w.line("The tiny network (the W1, W2 and biases of the relu walkthrough) with Dropout(keepProb = 0.75) after",
                "the hidden ReLU (Keras: Dropout(rate = 0.25)),",
                "and L2(λ = 0.01) on both kernels so that the cost can be shown with and without the penalty:",
                "X (4×3) → Dense(3→3) → ReLU → Dropout → Dense(3→2) → softmax cross-entropy.",
                "The layer draws its mask from its own generator, reseeded to " + TinyNet.MASK_SEED
                        + " before every forward (Dropout.reseed),",
                "so that the gradient check at the end sees the same mask as the steps shown here.");
        TinyNet net = new TinyNet(KEEP_PROB);
        net.penalties.add(new L2(net.w1(), LAMBDA));
        net.penalties.add(new L2(net.w2(), LAMBDA));
        net.gradients();

        w.section("Forward");
        w.matrix("X", net.x).matrix("W1", net.w1().value()).matrix("b1", net.b1().value());
        w.matrix("Z1 = X·W1 + b1", net.z1);
        w.agree("Z1 (Dense.forward)", Hand.addRow(Hand.mult(net.x, net.w1().value()), net.b1().value()), net.z1);
        w.matrix("A1 = relu(Z1)", net.a1);
        w.agree("A1 (ReLU.forward)", Hand.relu(net.z1), net.a1);
        long key = new Rng(TinyNet.MASK_SEED).nextLong();           // one draw of the layer's generator per forward
        Matrix u = Matrix.zeros(DType.F64, net.a1.rows(), net.a1.cols());
        Matrix d = Matrix.zeros(DType.F64, net.a1.rows(), net.a1.cols());
        long threshold = Math.round(KEEP_PROB * 0x1p32);          // T = round(keepProb·2³²)
        for (int i = 0; i < u.size(); i += 2) {
            long r = Rng.splitMix64(key, i / 2);                    // 64 bits for the pair of units (i, i + 1)
            long[] halves = {r & 0xFFFF_FFFFL, r >>> 32};           // the low half first
            for (int h = 0; h < 2 && i + h < u.size(); h++) {
                u.set(i + h, halves[h] * 0x1p-32);                  // U = u / 2³², uniform in [0, 1)
                d.set(i + h, halves[h] < threshold ? 1 : 0);
            }
        }
        w.line("The forward draws one 64-bit key from the layer's generator; pair p of units (row by row, one per",
                "unit and example) takes output p of SplitMix64 seeded with the key, which gives two 32-bit uniform",
                "integers u (low half first); a unit is kept when u < T = round(keepProb·2³²), so",
                "P(keep) = T/2³², which is exactly keepProb = 0.75 here. Shown as U = u/2³² in [0, 1):");
        w.matrix("U = u / 2³²", u);
        w.matrix("D1 = [U < keepProb] = [u < T]      (the mask: 1 keeps the unit, 0 drops it)", net.mask, 0);
        w.agree("D1 (Dropout.mask())", d, net.mask);
        int dropped = 0;
        for (int i = 0; i < d.size(); i++) {
            dropped += d.get(i) == 0 ? 1 : 0;
        }
        w.linef("%d of %d units dropped in this draw; each is dropped with probability 1 − keepProb = %s.", dropped,
                d.size(), fixed(1 - KEEP_PROB, 2));
        w.line("Seed 002 writes D1 = np.random.rand(...) and multiplies by it directly: every unit would be scaled by",
                "its U (a number in [0, 1)) instead of kept or dropped. The mask must be D1 = np.random.rand(...) < keep_prob.");
        Matrix masked = Hand.hadamard(net.a1, d);
        w.matrix("A1 ⊙ D1      (dropped units are 0)", masked);
        w.matrix("A1 ⊙ D1 / keepProb      (kept units scaled by 1/keepProb = " + fixed(1 / KEEP_PROB, 4) + ")",
                net.a1Dropped);
        w.agree("A1 ⊙ D1 / keepProb (Dropout.forward in TRAIN)", Hand.scale(1 / KEEP_PROB, masked), net.a1Dropped);
        w.line("Why divide: E[D1/keepProb] = keepProb/keepProb = 1, so the expected output equals A1 and inference",
                "needs no rescaling (\"inverted\" dropout). The mean over 20,000 masks (another Dropout, seed 123):");
        Dropout sampler = new Dropout(KEEP_PROB);
        sampler.build("sampler", DType.F64, new Rng(123));
        Matrix mean = Matrix.zeros(DType.F64, net.a1.rows(), net.a1.cols());
        int draws20k = 20_000;
        for (int t = 0; t < draws20k; t++) {
            Matrix out = sampler.forward(net.a1, Mode.TRAIN);
            for (int i = 0; i < mean.size(); i++) {
                mean.set(i, mean.get(i) + out.get(i) / draws20k);
            }
        }
        w.matrix("mean of A1 ⊙ D / keepProb over 20,000 masks      (≈ A1)", mean, 3);
        w.linef("  max |mean − A1| = %.3f (sampling noise, shrinking as 1/sqrt(draws))",
                Walkthrough.maxAbsDiff(mean, net.a1));
        Dropout inference = new Dropout(KEEP_PROB);
        inference.build("inference", DType.F64, new Rng(1));
        w.claim(Walkthrough.maxAbsDiff(inference.forward(net.a1, Mode.INFERENCE), net.a1) == 0,
                "in INFERENCE mode Dropout.forward(A1) = A1 exactly: no mask, no scaling");
        w.matrix("W2", net.w2().value()).matrix("b2", net.b2().value());
        w.matrix("Z2 = (A1 ⊙ D1 / keepProb)·W2 + b2", net.z2);
        w.agree("Z2", Hand.addRow(Hand.mult(net.a1Dropped, net.w2().value()), net.b2().value()), net.z2);
        w.matrix("P = softmax(Z2)", net.p);
        double penalty = net.penalty();
        w.value("J₀ = −(1/m)·Σ Y ⊙ log P      (the cost without the penalty)", net.dataLoss);
        w.value("Ω_L2 = λ·(Σ W1² + Σ W2²)", penalty);
        w.agree("Ω_L2", LAMBDA * (Hand.sumSquares(net.w1().value()) + Hand.sumSquares(net.w2().value())), penalty);
        w.value("J = J₀ + Ω_L2      (the cost with the penalty)", net.dataLoss + penalty);

        w.section("Backward, term by term");
        Matrix y = net.y;
        w.matrix("dZ2 = (P − Y)/m", net.dZ2, GRAD_DIGITS);
        w.agree("dZ2 (SoftmaxCrossEntropy.backward)", Hand.scale(0.25, Hand.linear(1, net.p, -1, y)), net.dZ2);
        Matrix dW2data = Hand.mult(Hand.transpose(net.a1Dropped), net.dZ2);
        w.matrix("dW2 (data) = (A1 ⊙ D1 / keepProb)ᵀ·dZ2      (dropped units contribute nothing)", dW2data, GRAD_DIGITS);
        w.matrix("dW2 = dW2 (data) + 2λ·W2", net.w2().grad(), GRAD_DIGITS);
        w.agree("dW2 (Dense.backward, then L2.addGradient)", Hand.linear(1, dW2data, 2 * LAMBDA, net.w2().value()),
                net.w2().grad());
        w.matrix("db2 = Σ_rows dZ2", net.b2().grad(), GRAD_DIGITS);
        w.agree("db2", Hand.sumRows(net.dZ2), net.b2().grad());
        w.matrix("dA1d = dZ2·W2ᵀ      (the gradient at the dropout layer's output)", net.dA1Dropped, GRAD_DIGITS);
        w.agree("dA1d", Hand.mult(net.dZ2, Hand.transpose(net.w2().value())), net.dA1Dropped);
        w.matrix("dA1 = dA1d ⊙ D1 / keepProb      (the same mask and scale: a dropped unit gets no gradient)", net.dA1,
                GRAD_DIGITS);
        w.agree("dA1 (Dropout.backward)", Hand.scale(1 / KEEP_PROB, Hand.hadamard(net.dA1Dropped, d)), net.dA1);
        w.matrix("dZ1 = dA1 ⊙ [Z1 > 0]", net.dZ1, GRAD_DIGITS);
        w.agree("dZ1 (ReLU.backward)", Hand.hadamard(net.dA1, Hand.positive(net.z1)), net.dZ1);
        Matrix dW1data = Hand.mult(Hand.transpose(net.x), net.dZ1);
        w.matrix("dW1 (data) = Xᵀ·dZ1", dW1data, GRAD_DIGITS);
        w.matrix("dW1 = dW1 (data) + 2λ·W1", net.w1().grad(), GRAD_DIGITS);
        w.agree("dW1", Hand.linear(1, dW1data, 2 * LAMBDA, net.w1().value()), net.w1().grad());
        w.matrix("db1 = Σ_rows dZ1", net.b1().grad(), GRAD_DIGITS);
        w.agree("db1", Hand.sumRows(net.dZ1), net.b1().grad());

        w.section("Gradient check of J = J₀ + Ω_L2, the mask redrawn from seed " + TinyNet.MASK_SEED
                + " for every evaluation (F64)");
        GradientCheck.Report report = CHECKER.check(net.parameters(), net::loss, net::gradients);
        w.gradientCheck(report);
        TinyNet fresh = new TinyNet(KEEP_PROB);
        fresh.penalties.add(new L2(fresh.w1(), LAMBDA));
        fresh.penalties.add(new L2(fresh.w2(), LAMBDA));
        fresh.reseedMask = false;
        GradientCheck.Report broken = CHECKER.check(fresh.parameters(), fresh::loss, fresh::gradients);
        w.line("Without the reseed, J(θ + ε) and J(θ − ε) see different masks, and the same check gives a max",
                String.format(Locale.ROOT, "relative error of %.2e (%s): a network with dropout is checked with its mask fixed.",
                        broken.maxRelError(), broken.passed() ? "passed" : "failed"));
        return w.text();
    }
}
