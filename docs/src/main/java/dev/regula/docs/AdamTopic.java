package dev.regula.docs;

import static dev.regula.docs.BasicsTopics.CHECKER;
import static dev.regula.docs.Walkthrough.GRAD_DIGITS;

import dev.regula.core.DType;
import dev.regula.core.GradientCheck;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import dev.regula.nn.Adam;
import java.util.List;

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
                "We follow W2 (3×2); the optimizer updates every parameter the same way, element by element.",
                "M and V are Adam's moment estimates (Kingma and Ba's m and v; here m is the number of examples).");
        TinyNet net = new TinyNet();
        Adam adam = new Adam(lr, beta1, beta2, eps);
        net.gradients();
        GradientCheck.Report report = CHECKER.check(net.parameters(), net::loss, net::gradients);
        Matrix m = Matrix.zeros(DType.F64, 3, 2);
        Matrix v = Matrix.zeros(DType.F64, 3, 2);
        w.matrix("W2 = dense_2/kernel before the first step (glorot-uniform, Sequential(F64, seed 6, ...))", net.w2().value());
        w.line("M = V = 0 before the first step.");
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
            w.matrix("M ← M + (1 − β₁)·(g − M)      (a running mean of g)", slots[0], GRAD_DIGITS);
            w.agree("M (Adam's first-moment slot)", mNew, slots[0]);
            w.matrix("V ← V + (1 − β₂)·(g² − V)      (a running mean of g²)", slots[1], 9);
            w.agree("V (Adam's second-moment slot)", vNew, slots[1]);
            w.value("αₜ = lr·sqrt(1 − β₂ᵗ)/(1 − β₁ᵗ)      (the bias corrections, folded into the step size)", alpha);
            w.matrix("W2 ← W2 − αₜ·M/(sqrt(V) + ε)", net.w2().value());
            w.agree("W2 (Adam.step)", wNew, net.w2().value());
            w.matrix("  the step", Hand.linear(1, net.w2().value(), -1, wBefore), GRAD_DIGITS);
            if (t == 1) {
                w.line("At t = 1, M = 0.1·g and V = 0.001·g², so the step is lr·g/(|g| + ε/sqrt(0.001)): about ±lr for",
                        "every weight, whatever the scale of its gradient. Without the corrections (αₜ = lr) it would be",
                        "lr·0.1·g/sqrt(0.001·g²) = lr·0.1/sqrt(0.001)·sign(g) ≈ ±3.16·lr: M and V both start at 0, but",
                        "sqrt(V) is far more biased towards it than M is (see \"Without the bias corrections\" below).");
                Matrix torch = Matrix.zeros(DType.F64, 3, 2);
                double maxDiff = 0;
                for (int i = 0; i < 6; i++) {
                    double mHat = mNew.get(i) / (1 - beta1);
                    double vHat = vNew.get(i) / (1 - beta2);
                    torch.set(i, wBefore.get(i) - lr * mHat / (Math.sqrt(vHat) + 1e-8));
                    maxDiff = Math.max(maxDiff, Math.abs(torch.get(i) - wNew.get(i)));
                }
                w.linef("PyTorch writes lr·M̂/(sqrt(V̂) + ε) with M̂ = M/(1 − β₁ᵗ), V̂ = V/(1 − β₂ᵗ) and ε = 1e-8: the same");
                w.linef("update up to where ε sits; here the two W2 differ by at most %.1e.", maxDiff);
            }
            m = mNew;
            v = vNew;
        }
        uncorrected(w, lr, beta1, beta2, eps);
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

    /**
     * What the bias corrections are for: a constant gradient g, stepped by the engine's Adam (with
     * the corrections) and by a hand-written loop without them (αₜ = lr). The ratio of the
     * uncorrected step to lr is (1 − β₁ᵗ)/sqrt(1 − β₂ᵗ), computed here a third way, in closed form.
     */
    private static void uncorrected(Walkthrough w, double lr, double beta1, double beta2, double eps) {
        w.section("Without the bias corrections: a constant gradient g = 0.5 on one weight");
        w.line("With g the same at every step, M = (1 − β₁ᵗ)·g and V = (1 − β₂ᵗ)·g² exactly. The corrected step",
                "αₜ·M/(sqrt(V) + ε) is then ≈ lr at every t. Without the corrections the step is",
                "lr·M/(sqrt(V) + ε) ≈ lr·(1 − β₁ᵗ)/sqrt(1 − β₂ᵗ): sqrt(1 − β₂ᵗ) starts at sqrt(0.001) ≈ 0.032 and",
                "approaches 1 ten times more slowly than 1 − β₁ᵗ does, so the uncorrected step starts at 3.16·lr,",
                "grows to about 6.6·lr near t = 12, and takes thousands of steps to shrink back to lr",
                "(Kingma and Ba, §3: without the correction the initial steps are much larger).");
        double g = 0.5;
        Parameter p = new Parameter("w", Matrix.zeros(DType.F64, 1, 1));
        Adam adam = new Adam(lr, beta1, beta2, eps);
        double m = 0;
        double v = 0;
        boolean agree = true;
        w.linef("%6s %22s %22s %22s", "t", "engine step / lr", "uncorrected step / lr", "(1 − β₁ᵗ)/sqrt(1 − β₂ᵗ)");
        int[] shown = {1, 2, 3, 5, 10, 12, 20, 50, 100, 1000, 10000};
        int next = 0;
        for (int t = 1; t <= 10000; t++) {
            double before = p.value().get(0);
            p.zeroGrad();
            p.grad().set(0, g);
            adam.step(List.of(p));
            double engineStep = before - p.value().get(0);
            m = m + (1 - beta1) * (g - m);
            v = v + (1 - beta2) * (g * g - v);
            double handStep = lr * m / (Math.sqrt(v) + eps);
            double closed = (1 - Math.pow(beta1, t)) / Math.sqrt(1 - Math.pow(beta2, t));
            agree &= Math.abs(handStep / lr - closed) <= 1e-5 * closed && Math.abs(engineStep / lr - 1) <= 1e-5;
            if (next < shown.length && t == shown[next]) {
                w.linef("%6d %22.6f %22.6f %22.6f", t, engineStep / lr, handStep / lr, closed);
                next++;
            }
        }
        w.claim(agree, "at every t from 1 to 10000: the engine's step is lr within 1e-5 (relative), the loop's uncorrected step"
                + " is lr·(1 − β₁ᵗ)/sqrt(1 − β₂ᵗ) within 1e-5 (ε = 1e-7 against sqrt(V) ≥ 0.0158)");
    }
}
