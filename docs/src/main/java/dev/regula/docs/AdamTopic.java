package dev.regula.docs;

import static dev.regula.docs.BasicsTopics.CHECKER;
import static dev.regula.docs.Walkthrough.GRAD_DIGITS;

import dev.regula.core.DType;
import dev.regula.core.GradientCheck;
import dev.regula.core.Matrix;
import dev.regula.nn.Adam;

/** The Adam walkthrough: three steps on W2 of the tiny network, moment by moment. */
final class AdamTopic {
    private AdamTopic() {}

    static String walkthrough() {
        double lr = 0.01;
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-7;
        Walkthrough w = new Walkthrough().title("adam: the Adam optimizer, step by step");
        w.line("The tiny network X (4×3) → Dense(3→3) → ReLU → Dense(3→2) → softmax cross-entropy, trained on its 4",
                "examples as one batch with Adam(lr = 0.01, β₁ = 0.9, β₂ = 0.999, ε = 1e-7) (Keras's defaults but lr).",
                "We follow W2 (3×2); the optimizer updates every parameter the same way, element by element.");
        TinyNet net = new TinyNet();
        Adam adam = new Adam(lr, beta1, beta2, eps);
        net.gradients();
        GradientCheck.Report report = CHECKER.check(net.parameters(), net::loss, net::gradients);
        Matrix m = Matrix.zeros(DType.F64, 3, 2);
        Matrix v = Matrix.zeros(DType.F64, 3, 2);
        w.line("m = v = 0 before the first step.");
        for (int t = 1; t <= 3; t++) {
            double j = net.loss();
            net.gradients();
            Matrix wBefore = net.w2().value().copy();
            Matrix g = net.w2().grad().copy();
            adam.step(net.parameters());
            w.section("Step t = " + t);
            w.value("J (before the step)", j);
            w.matrix("g = dW2", g, GRAD_DIGITS);
            Matrix mNew = Matrix.zeros(DType.F64, 3, 2);
            Matrix vNew = Matrix.zeros(DType.F64, 3, 2);
            Matrix wNew = Matrix.zeros(DType.F64, 3, 2);
            double alpha = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
            for (int i = 0; i < 6; i++) {
                double gi = g.get(i);
                mNew.set(i, m.get(i) + (1 - beta1) * (gi - m.get(i)));
                vNew.set(i, v.get(i) + (1 - beta2) * (gi * gi - v.get(i)));
                wNew.set(i, wBefore.get(i) - alpha * mNew.get(i) / (Math.sqrt(vNew.get(i)) + eps));
            }
            Matrix[] slots = adam.slots(net.w2());
            w.matrix("m ← m + (1 − β₁)·(g − m)      (a running mean of g)", slots[0], GRAD_DIGITS);
            w.agree("m (Adam's first-moment slot)", mNew, slots[0]);
            w.matrix("v ← v + (1 − β₂)·(g² − v)      (a running mean of g²)", slots[1], 9);
            w.agree("v (Adam's second-moment slot)", vNew, slots[1]);
            w.value("αₜ = lr·sqrt(1 − β₂ᵗ)/(1 − β₁ᵗ)      (the bias corrections, folded into the step size)", alpha);
            w.matrix("W2 ← W2 − αₜ·m/(sqrt(v) + ε)", net.w2().value());
            w.agree("W2 (Adam.step)", wNew, net.w2().value());
            w.matrix("  the step", Hand.linear(1, net.w2().value(), -1, wBefore), GRAD_DIGITS);
            if (t == 1) {
                w.line("At t = 1, m = 0.1·g and v = 0.001·g², so the step is lr·g/(|g| + ε/sqrt(0.001)): about ±lr for",
                        "every weight, whatever the scale of its gradient. Without the corrections (αₜ = lr) it would be",
                        "0.1·g/sqrt(0.001·g²) ≈ 0.32·lr: m and v start at 0 and are biased towards it.");
                Matrix torch = Matrix.zeros(DType.F64, 3, 2);
                double maxDiff = 0;
                for (int i = 0; i < 6; i++) {
                    double mHat = mNew.get(i) / (1 - beta1);
                    double vHat = vNew.get(i) / (1 - beta2);
                    torch.set(i, wBefore.get(i) - lr * mHat / (Math.sqrt(vHat) + 1e-8));
                    maxDiff = Math.max(maxDiff, Math.abs(torch.get(i) - wNew.get(i)));
                }
                w.linef("PyTorch writes lr·m̂/(sqrt(v̂) + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ) and ε = 1e-8: the same");
                w.linef("update up to where ε sits; here the two W2 differ by at most %.1e.", maxDiff);
            }
            m = mNew;
            v = vNew;
        }
        w.section("Fifty more steps");
        for (int t = 4; t <= 53; t++) {
            double j = net.loss();
            net.gradients();
            adam.step(net.parameters());
            if (t == 4 || t == 13 || t == 23 || t == 53) {
                w.linef("J before step %2d = %.10f", t, j);
            }
        }
        w.linef("J after step 53   = %.10f", net.loss());

        w.section("Gradient check of the first step's gradients (central differences, F64)");
        w.gradientCheck(report);
        return w.text();
    }
}
