package dev.regula.docs;

import static dev.regula.docs.BasicsTopics.CHECKER;
import static dev.regula.docs.Walkthrough.GRAD_DIGITS;
import static dev.regula.docs.Walkthrough.fixed;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import dev.regula.nn.Adam;
import dev.regula.nn.AdamW;
import dev.regula.nn.Mode;
import dev.regula.nn.Optimizer;
import dev.regula.nn.Sgd;
import dev.regula.regularization.ActivityRegularization;
import dev.regula.regularization.L1;
import dev.regula.regularization.L2;
import dev.regula.regularization.MaxNorm;
import dev.regula.regularization.SgdW;
import java.util.List;

/** The walkthroughs of the weight penalties and constraints: l2, l1, weight-decay, max-norm. */
final class PenaltyTopics {
    private PenaltyTopics() {}

    private static final double LAMBDA = 0.01;

    /** The data-loss gradients of the tiny network (no penalty) at its initial weights. */
    private static TinyNet dataOnly() {
        TinyNet net = new TinyNet();
        net.gradients();
        return net;
    }

    // ------------------------------------------------------------------ l2

    static String l2() {
        Walkthrough w = new Walkthrough().title("l2: the L2 penalty λ·Σw² on the kernels (Keras's l2(λ))");
        w.line("The tiny network X (4×3) → Dense(3→3) → ReLU → Dense(3→2) → softmax cross-entropy, with L2(λ = 0.01)",
                "on both kernels W1 and W2 (Keras's kernel_regularizer=l2(0.01) on both Dense layers; biases unpenalized).");
        TinyNet net = new TinyNet();
        L2 p1 = new L2(net.w1(), LAMBDA);
        L2 p2 = new L2(net.w2(), LAMBDA);
        net.penalties.add(p1);
        net.penalties.add(p2);
        net.gradients();
        TinyNet plain = dataOnly();
        Matrix w1 = net.w1().value();
        Matrix w2 = net.w2().value();

        w.section("The cost, without and with the penalty");
        w.matrix("W1", w1).matrix("W2", w2);
        double s1 = Hand.sumSquares(w1);
        double s2 = Hand.sumSquares(w2);
        w.value("Σ W1²", s1).value("Σ W2²", s2);
        w.value("J₀ = data loss (softmax cross-entropy, mean over the 4 examples)", net.dataLoss);
        double penalty = net.penalty();
        w.value("Ω = λ·(Σ W1² + Σ W2²)", penalty);
        w.agree("Ω (L2.value on W1 + on W2)", LAMBDA * (s1 + s2), p1.value() + p2.value());
        w.value("J = J₀ + Ω      (the cost with the penalty)", net.dataLoss + penalty);

        w.section("The seeds' form (λ_seed/2m)·Σ‖W‖² is the same penalty with a different λ");
        double lambdaSeed = 0.08;
        int m = 4;
        w.linef("With m = %d examples and λ_seed = %s: λ = λ_seed/(2m) = %s (L2.fromSeedForm(%s, %d) = %s)", m,
                fixed(lambdaSeed, 2), fixed(lambdaSeed / (2 * m), 4), fixed(lambdaSeed, 2), m,
                fixed(L2.fromSeedForm(lambdaSeed, m), 4));
        w.agree("(λ_seed/2m)·(Σ W1² + Σ W2²) = Ω", lambdaSeed / (2 * m) * (s1 + s2), penalty);
        w.line("The seeds' m is the size of the whole training set; the ½ only makes the gradient (λ_seed/m)·W.");

        w.section("Backward: the penalty adds 2λ·W to each kernel's gradient");
        w.matrix("dW1 (data loss only)", plain.w1().grad(), GRAD_DIGITS);
        w.matrix("2λ·W1", Hand.scale(2 * LAMBDA, w1), GRAD_DIGITS);
        w.matrix("dW1 = dW1(data) + 2λ·W1", net.w1().grad(), GRAD_DIGITS);
        w.agree("dW1 (backward, then L2.addGradient)", Hand.linear(1, plain.w1().grad(), 2 * LAMBDA, w1), net.w1().grad());
        w.matrix("dW2 = dW2(data) + 2λ·W2", net.w2().grad(), GRAD_DIGITS);
        w.agree("dW2", Hand.linear(1, plain.w2().grad(), 2 * LAMBDA, w2), net.w2().grad());
        w.agree("db1 and db2 carry no penalty: db1 equals the data gradient", plain.b1().grad(), net.b1().grad());

        w.section("One SGD step (lr = 0.5): why L2 is called weight decay");
        double lr = 0.5;
        Parameter step = copyWithGrad("W1", w1, net.w1().grad());
        new Sgd(lr).step(List.of(step));
        w.line("W1 ← W1 − lr·(dW1(data) + 2λ·W1) = (1 − 2·lr·λ)·W1 − lr·dW1(data): every weight first shrinks by",
                "the factor (1 − 2·lr·λ) = " + fixed(1 - 2 * lr * LAMBDA, 4) + ", then takes the data step.");
        w.matrix("W1 after the step (Sgd.step)", step.value());
        w.agree("(1 − 2·lr·λ)·W1 − lr·dW1(data)", Hand.linear(1 - 2 * lr * LAMBDA, w1, -lr, plain.w1().grad()),
                step.value());

        w.section("Gradient check of J = J₀ + Ω (central differences, F64)");
        w.gradientCheck(CHECKER.check(net.parameters(), net::loss, net::gradients));
        return w.text();
    }

    // ------------------------------------------------------------------ l1

    static String l1() {
        Walkthrough w = new Walkthrough().title("l1: the L1 penalty λ·Σ|w| on the kernels (Keras's l1(λ))");
        w.line("The tiny network X (4×3) → Dense(3→3) → ReLU → Dense(3→2) → softmax cross-entropy, with L1(λ = 0.01)",
                "on both kernels W1 and W2.");
        TinyNet net = new TinyNet();
        L1 p1 = new L1(net.w1(), LAMBDA);
        L1 p2 = new L1(net.w2(), LAMBDA);
        net.penalties.add(p1);
        net.penalties.add(p2);
        net.gradients();
        TinyNet plain = dataOnly();
        Matrix w1 = net.w1().value();
        Matrix w2 = net.w2().value();

        w.section("The cost, without and with the penalty");
        w.matrix("W1", w1).matrix("W2", w2);
        double s1 = Hand.sumAbs(w1);
        double s2 = Hand.sumAbs(w2);
        w.value("Σ |W1|", s1).value("Σ |W2|", s2);
        w.value("J₀ = data loss", net.dataLoss);
        double penalty = net.penalty();
        w.value("Ω = λ·(Σ|W1| + Σ|W2|)", penalty);
        w.agree("Ω (L1.value on W1 + on W2)", LAMBDA * (s1 + s2), p1.value() + p2.value());
        w.value("J = J₀ + Ω      (the cost with the penalty)", net.dataLoss + penalty);

        w.section("Backward: the penalty adds λ·sign(W), whatever the size of w");
        w.matrix("sign(W1)      (sign(0) = 0: the subgradient Keras's and PyTorch's autodiff return)", Hand.sign(w1), 0);
        w.matrix("dW1 = dW1(data) + λ·sign(W1)", net.w1().grad(), GRAD_DIGITS);
        w.agree("dW1 (backward, then L1.addGradient)", Hand.linear(1, plain.w1().grad(), LAMBDA, Hand.sign(w1)),
                net.w1().grad());
        w.matrix("dW2 = dW2(data) + λ·sign(W2)", net.w2().grad(), GRAD_DIGITS);
        w.agree("dW2", Hand.linear(1, plain.w2().grad(), LAMBDA, Hand.sign(w2)), net.w2().grad());
        w.line("L2's pull 2λ·w fades as w nears 0; L1's pull λ stays constant, so the minimum of J₀ + λ·Σ|w| has weights",
                "exactly at 0 (sparse kernels) where L2 only makes them small. Whether training lands on those zeros",
                "depends on the step: see \"Exact zeros\" below.");
        double smallest = Double.POSITIVE_INFINITY;
        for (Matrix k : List.of(w1, w2)) {
            for (int i = 0; i < k.size(); i++) {
                smallest = Math.min(smallest, Math.abs(k.get(i)));
            }
        }
        w.linef("|w| has no derivative at 0; here min |w| = %.4f ≫ h = 1e-5, so the check below never crosses it.", smallest);

        exactZeros(w);

        w.section("The seeds' L1 terms, and what they really are");
        double lambdaSeed = 0.08;
        int m = 4;
        w.linef("Seeds 000 and 001 write (λ/2m)·Σ|w|: the ½ belongs to the L2 formula; it is L1(λ_seed/(2m)) = L1(%s).",
                fixed(lambdaSeed / (2 * m), 4));
        w.agree("(λ_seed/2m)·(Σ|W1| + Σ|W2|) = L1(λ_seed/2m) on both kernels",
                lambdaSeed / (2 * m) * (s1 + s2), new L1(net.w1(), lambdaSeed / (2 * m)).value()
                        + new L1(net.w2(), lambdaSeed / (2 * m)).value());
        w.line("Seed 002's \"L1_regularization_cost\" is (1/m)·(λ/2)·Σ A²: it squares the activations. With λ_seed = 0.08:");
        ActivityRegularization activity = new ActivityRegularization(0, lambdaSeed / 2);
        activity.build("activity", DType.F64, null);
        Matrix a1 = net.a1;
        activity.forward(a1, Mode.TRAIN);
        w.matrix("A1 = relu(X·W1 + b1)", a1);
        w.value("002's term (1/m)·(λ/2)·Σ A1²", (1.0 / m) * (lambdaSeed / 2) * Hand.sumSquares(a1));
        w.agree("ActivityRegularization(l1 = 0, l2 = λ/2).value on A1", (1.0 / m) * (lambdaSeed / 2) * Hand.sumSquares(a1),
                activity.value());
        Matrix pulled = activity.backward(Matrix.zeros(DType.F64, a1.rows(), a1.cols())).copy();
        w.matrix("its gradient ∂/∂A1 = (λ/m)·A1      (proportional to A1: an L2 pull, on activations, not weights)",
                pulled, GRAD_DIGITS);
        w.agree("(λ/m)·A1", Hand.scale(lambdaSeed / m, a1), pulled);
        w.line("So 002's term is an L2 activity penalty. A true L1 penalty on the weights is λ·Σ|w| with gradient λ·sign(w).");

        w.section("Gradient check of J = J₀ + Ω (central differences, F64)");
        w.gradientCheck(CHECKER.check(net.parameters(), net::loss, net::gradients));
        return w.text();
    }

    // ------------------------------------------------------------------ weight decay

    static String weightDecay() {
        Walkthrough w = new Walkthrough().title("weight-decay: decoupled weight decay against an L2 penalty");
        w.line("An L2 penalty λ·Σw² adds 2λ·W to the gradient; decoupled weight decay wd shrinks the weights directly,",
                "w ← w − lr·wd·w, outside the gradient (Keras's SGD/AdamW weight_decay, Regula's SgdW and AdamW).",
                "We take one step on W2 of the tiny network from its data gradient g = dW2, with λ = 0.01 and wd = 2λ = 0.02.");
        TinyNet net = dataOnly();
        Matrix w2 = net.w2().value();
        Matrix g = net.w2().grad();
        double wd = 2 * LAMBDA;
        w.matrix("W2", w2).matrix("g = dW2 (data loss only)", g, GRAD_DIGITS);

        w.section("Under plain SGD (lr = 0.1) the two are the same update");
        double lr = 0.1;
        Parameter withL2 = copyWithGrad("W2 (Sgd + L2)", w2, g);
        new L2(withL2, LAMBDA).addGradient();
        new Sgd(lr).step(List.of(withL2));
        Parameter decoupled = copyWithGrad("W2 (SgdW)", w2, g);
        new SgdW(lr, wd).step(List.of(decoupled));
        w.matrix("Sgd + L2(λ):   W2 − lr·(g + 2λ·W2)", withL2.value());
        w.matrix("SgdW(lr, wd):  W2 − lr·wd·W2 − lr·g", decoupled.value());
        w.agree("the two updates (wd = 2λ)", withL2.value(), decoupled.value());
        momentum(w, w2, g, wd);

        w.section("Under Adam (lr = 0.01) they are not: Adam divides the L2 term by sqrt(V)");
        double adamLr = 0.01;
        Parameter adamL2 = copyWithGrad("W2 (Adam + L2)", w2, g);
        new L2(adamL2, LAMBDA).addGradient();
        Matrix gL2 = adamL2.grad().copy();
        new Adam(adamLr).step(List.of(adamL2));
        Parameter adamW = copyWithGrad("W2 (AdamW)", w2, g);
        new AdamW(adamLr, wd).step(List.of(adamW));
        w.line("At step 1, M = (1 − β₁)·g, V = (1 − β₂)·g², and the update α₁·M/(sqrt(V) + ε) = lr·g/(|g| + ε/sqrt(1 − β₂))",
                "is ±lr for every weight whose gradient is not tiny: only the sign of (g + 2λ·W) is left of the penalty.");
        w.matrix("Adam + L2:  W2 − (Adam step on g + 2λ·W2)", adamL2.value());
        w.matrix("  its step", Hand.linear(1, adamL2.value(), -1, w2));
        Matrix adamStep = Matrix.zeros(DType.F64, w2.rows(), w2.cols());
        double alpha = adamLr * Math.sqrt(1 - 0.999) / (1 - 0.9);
        for (int i = 0; i < adamStep.size(); i++) {
            double gi = gL2.get(i);
            adamStep.set(i, -alpha * (0.1 * gi) / (Math.sqrt(0.001 * gi * gi) + 1e-7));
        }
        w.agree("−α₁·M/(sqrt(V) + ε) with α₁ = lr·sqrt(1 − β₂)/(1 − β₁)", adamStep, Hand.linear(1, adamL2.value(), -1, w2));
        w.matrix("AdamW:      (1 − lr·wd)·W2, then the Adam step on g alone", adamW.value());
        w.matrix("  its step", Hand.linear(1, adamW.value(), -1, w2));
        w.matrix("(Adam + L2) − AdamW", Hand.linear(1, adamL2.value(), -1, adamW.value()), GRAD_DIGITS);

        adamSteps(w, w2, g, wd);

        w.section("With no data gradient at all (g = 0), ten steps from W2");
        Parameter l2Only = copyWithGrad("W2 (Adam + L2, g = 0)", w2, Matrix.zeros(DType.F64, w2.rows(), w2.cols()));
        Parameter wdOnly = copyWithGrad("W2 (AdamW, g = 0)", w2, Matrix.zeros(DType.F64, w2.rows(), w2.cols()));
        Optimizer adam = new Adam(adamLr);
        Optimizer adamw = new AdamW(adamLr, wd);
        L2 penalty = new L2(l2Only, LAMBDA);
        for (int t = 0; t < 10; t++) {
            l2Only.zeroGrad();
            penalty.addGradient();
            adam.step(List.of(l2Only));
            wdOnly.zeroGrad();
            adamw.step(List.of(wdOnly));
        }
        w.matrix("Adam + L2 after 10 steps      (each weight moved ≈ 10·lr = 0.1 toward 0, whatever λ is)", l2Only.value());
        w.matrix("AdamW after 10 steps          (each weight multiplied by (1 − lr·wd)¹⁰)", wdOnly.value());
        w.agree("(1 − lr·wd)¹⁰·W2", Hand.scale(Math.pow(1 - adamLr * wd, 10), w2), wdOnly.value());
        w.line("Loshchilov and Hutter (2019): with Adam, use the decoupled form (AdamW) to get the decay you asked for.");

        w.section("Gradient check of g, the data gradient both optimizers consume (central differences, F64)");
        w.gradientCheck(CHECKER.check(net.parameters(), net::loss, net::gradients));
        return w.text();
    }

    /**
     * L1 by subgradient steps (the engine: Sgd after L1.addGradient) against proximal steps (the
     * engine's plain Sgd on the data gradient, then soft-thresholding, which the engine does not
     * have and this walkthrough implements), with the count of exact zeros.
     */
    private static void exactZeros(Walkthrough w) {
        double lambda = 0.1;
        double lr = 0.1;
        int steps = 200;
        double tau = lr * lambda;
        w.section("Exact zeros: subgradient steps against proximal steps (SGD, lr = 0.1, λ = 0.1, 200 full-batch steps)");
        w.line("Subgradient (what Regula's optimizers do): W ← W − lr·(dW₀ + λ·sign(W)). A weight near 0 is pushed by",
                "lr·λ = 0.01 one way, overshoots, and is pushed back: it hovers around 0 and almost never lands on it.",
                "Proximal (ISTA): the data step, then soft-thresholding with τ = lr·λ,",
                "  W ← S_τ(W − lr·dW₀),  S_τ(v) = sign(v)·max(|v| − τ, 0),",
                "the exact minimizer of λ·|u| + (u − v)²/(2·lr): every |v| ≤ τ becomes exactly 0. Regula's engine has no",
                "proximal optimizer; the soft-thresholding below is written in this walkthrough (softThreshold), after",
                "the engine's plain Sgd step on the data gradient.");
        TinyNet sub = new TinyNet();
        sub.penalties.add(new L1(sub.w1(), lambda));
        sub.penalties.add(new L1(sub.w2(), lambda));
        TinyNet prox = new TinyNet();
        Sgd sgdSub = new Sgd(lr);
        Sgd sgdProx = new Sgd(lr);
        TinyNet start = dataOnly();
        Matrix[] lastV = new Matrix[2];
        double[][] history = new double[4][];
        int watch = -1;
        for (int t = 1; t <= steps; t++) {
            sub.gradients();
            sgdSub.step(sub.parameters());
            prox.gradients();
            sgdProx.step(prox.parameters());
            lastV[0] = prox.w1().value().copy();
            lastV[1] = prox.w2().value().copy();
            softThreshold(prox.w1().value(), tau);
            softThreshold(prox.w2().value(), tau);
            if (t == 1) {
                Matrix w1 = start.w1().value();
                w.agree("step 1, subgradient: W1 − lr·(dW1₀ + λ·sign(W1))",
                        Hand.linear(1, w1, -lr, Hand.linear(1, start.w1().grad(), lambda, Hand.sign(w1))), sub.w1().value());
                Matrix v = Hand.linear(1, w1, -lr, start.w1().grad());
                Matrix shrunk = Matrix.zeros(DType.F64, v.rows(), v.cols());
                for (int i = 0; i < v.size(); i++) {
                    shrunk.set(i, Math.signum(v.get(i)) * Math.max(Math.abs(v.get(i)) - tau, 0));
                }
                w.agree("step 1, proximal: S_τ(W1 − lr·dW1₀)", shrunk, prox.w1().value());
            }
            if (t == steps - 3) {
                double smallest = Double.POSITIVE_INFINITY;
                for (int i = 0; i < sub.w1().value().size(); i++) {
                    if (Math.abs(sub.w1().value().get(i)) < smallest) {
                        smallest = Math.abs(sub.w1().value().get(i));
                        watch = i;
                    }
                }
            }
            if (t >= steps - 3) {
                history[t - (steps - 3)] = new double[] {sub.w1().value().get(watch)};
            }
        }
        w.matrix("W1 after 200 subgradient steps (Sgd + L1)", sub.w1().value(), GRAD_DIGITS);
        w.matrix("W2 after 200 subgradient steps", sub.w2().value(), GRAD_DIGITS);
        w.matrix("W1 after 200 proximal steps (Sgd, then S_τ)", prox.w1().value(), GRAD_DIGITS);
        w.matrix("W2 after 200 proximal steps", prox.w2().value(), GRAD_DIGITS);
        int zerosSub = exactZeroCount(sub.w1().value()) + exactZeroCount(sub.w2().value());
        int zerosProx = exactZeroCount(prox.w1().value()) + exactZeroCount(prox.w2().value());
        int nearSub = 0;
        for (Matrix k : List.of(sub.w1().value(), sub.w2().value())) {
            for (int i = 0; i < k.size(); i++) {
                nearSub += Math.abs(k.get(i)) <= tau ? 1 : 0;
            }
        }
        w.linef("exact zeros among the 15 kernel weights: subgradient %d, proximal %d", zerosSub, zerosProx);
        w.linef("subgradient weights within one step of 0 (|w| ≤ lr·λ = %s): %d", fixed(tau, 2), nearSub);
        StringBuilder last = new StringBuilder();
        for (double[] v : history) {
            last.append(last.length() > 0 ? ", " : "").append(String.format(java.util.Locale.ROOT, "%.6f", v[0]));
        }
        w.linef("the subgradient run's W1[%d,%d] over steps %d to %d: %s", watch / 3, watch % 3, steps - 3, steps, last);
        boolean optimal = true;
        for (int k = 0; k < 2; k++) {
            Matrix u = k == 0 ? prox.w1().value() : prox.w2().value();
            for (int i = 0; i < u.size(); i++) {
                double v = lastV[k].get(i);
                double ui = u.get(i);
                optimal &= ui == 0 ? Math.abs(v) <= tau
                        : Math.abs((ui - v) / lr + lambda * Math.signum(ui)) <= 1e-12;
            }
        }
        w.claim(optimal, "the last proximal step satisfies the optimality condition of its subproblem for every weight:"
                + " u = 0 with |v| ≤ τ, or (u − v)/lr + λ·sign(u) = 0");
        w.linef("J₀ + λ·Σ|w| after 200 steps: subgradient %.10f, proximal %.10f", sub.loss(),
                prox.forward() + lambda * (Hand.sumAbs(prox.w1().value()) + Hand.sumAbs(prox.w2().value())));
    }

    /** {@code S_τ(w) = sign(w)·max(|w| − τ, 0)}, in place: the proximal step of τ·|w|. The engine has none. */
    static void softThreshold(Matrix m, double tau) {
        for (int i = 0; i < m.size(); i++) {
            double v = m.get(i);
            m.set(i, Math.abs(v) <= tau ? 0.0 : v - Math.copySign(tau, v));
        }
    }

    private static int exactZeroCount(Matrix m) {
        int n = 0;
        for (int i = 0; i < m.size(); i++) {
            n += m.get(i) == 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * SGD with momentum ρ = 0.9 (Keras's form Δ ← ρ·Δ − lr·g, w ← w + Δ), three steps with the data
     * gradient g held fixed: Sgd + L2(λ) against SgdW(wd = 2λ), each against the recurrence by hand.
     */
    private static void momentum(Walkthrough w, Matrix w2, Matrix g, double wd) {
        double lr = 0.1;
        double rho = 0.9;
        w.section("With momentum (ρ = 0.9, lr = 0.1) they part from the second step");
        w.line("Three steps with the data gradient g held fixed at dW2 (so that only the penalty's treatment differs).",
                "Velocity Δ = 0 at the start; L2: Δ ← ρ·Δ − lr·(g + 2λ·W), W ← W + Δ; SgdW: W ← (1 − lr·wd)·W, then",
                "Δ ← ρ·Δ − lr·g, W ← W + Δ. The penalty's 2λ·W enters Δ and keeps acting, ×ρ per step; the decay does not.");
        Parameter withL2 = copyWithGrad("W2 (Sgd momentum + L2)", w2, g);
        Parameter decoupled = copyWithGrad("W2 (SgdW momentum)", w2, g);
        Sgd sgd = new Sgd(lr, rho, false);
        SgdW sgdw = new SgdW(lr, wd, rho, false);
        L2 penalty = new L2(withL2, LAMBDA);
        Matrix hL2 = w2.copy();
        Matrix hWd = w2.copy();
        Matrix velL2 = Matrix.zeros(DType.F64, w2.rows(), w2.cols());
        Matrix velWd = Matrix.zeros(DType.F64, w2.rows(), w2.cols());
        for (int t = 1; t <= 3; t++) {
            withL2.grad().copyFrom(g);
            penalty.addGradient();
            sgd.step(List.of(withL2));
            decoupled.grad().copyFrom(g);
            sgdw.step(List.of(decoupled));
            velL2 = Hand.linear(rho, velL2, -lr, Hand.linear(1, g, 2 * LAMBDA, hL2));
            hL2 = Hand.linear(1, hL2, 1, velL2);
            hWd = Hand.scale(1 - lr * wd, hWd);
            velWd = Hand.linear(rho, velWd, -lr, g);
            hWd = Hand.linear(1, hWd, 1, velWd);
            w.agree("step " + t + ": Sgd(momentum) + L2 = the recurrence by hand", hL2, withL2.value());
            w.agree("step " + t + ": SgdW(momentum) = the recurrence by hand", hWd, decoupled.value());
            w.matrix("step " + t + ": (Sgd + L2) − SgdW", Hand.linear(1, withL2.value(), -1, decoupled.value()), 9);
        }
        w.line("Step 1 agrees to rounding. At step 2 the L2 run carries ρ·lr·2λ·W2 more decay in Δ (its first step's",
                "penalty, not yet spent); the differences then grow step by step. Over many steps the penalty's pull is",
                "amplified by up to 1/(1 − ρ) = 10, the decoupled decay is not.");
    }

    /**
     * Three Adam steps with the data gradient g held fixed: Adam + L2(λ) against AdamW(wd = 2λ),
     * each against Adam's recurrence written out by hand.
     */
    private static void adamSteps(Walkthrough w, Matrix w2, Matrix g, double wd) {
        double lr = 0.01;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-7;
        w.section("Three Adam steps (lr = 0.01), g held fixed at dW2");
        w.line("Adam + L2: g + 2λ·W goes into M and V. AdamW: W ← (1 − lr·wd)·W, then Adam on g alone, whose M, V and",
                "hence step are the same at every weight whatever W is. The by-hand recurrence: M ← M + (1 − β₁)·(g' − M),",
                "V ← V + (1 − β₂)·(g'² − V), W ← W − αₜ·M/(sqrt(V) + ε), αₜ = lr·sqrt(1 − β₂ᵗ)/(1 − β₁ᵗ).");
        Parameter withL2 = copyWithGrad("W2 (Adam + L2)", w2, g);
        Parameter decoupled = copyWithGrad("W2 (AdamW)", w2, g);
        Adam adam = new Adam(lr, b1, b2, eps);
        AdamW adamw = new AdamW(lr, wd, b1, b2, eps);
        L2 penalty = new L2(withL2, LAMBDA);
        int n = w2.size();
        Matrix hL2 = w2.copy();
        Matrix hWd = w2.copy();
        double[] mL2 = new double[n];
        double[] vL2 = new double[n];
        double[] mWd = new double[n];
        double[] vWd = new double[n];
        for (int t = 1; t <= 3; t++) {
            withL2.grad().copyFrom(g);
            penalty.addGradient();
            adam.step(List.of(withL2));
            decoupled.grad().copyFrom(g);
            adamw.step(List.of(decoupled));
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < n; i++) {
                double gi = g.get(i) + 2 * LAMBDA * hL2.get(i);
                mL2[i] += (1 - b1) * (gi - mL2[i]);
                vL2[i] += (1 - b2) * (gi * gi - vL2[i]);
                hL2.set(i, hL2.get(i) - alpha * mL2[i] / (Math.sqrt(vL2[i]) + eps));
                double wi = hWd.get(i) * (1 - lr * wd);
                mWd[i] += (1 - b1) * (g.get(i) - mWd[i]);
                vWd[i] += (1 - b2) * (g.get(i) * g.get(i) - vWd[i]);
                hWd.set(i, wi - alpha * mWd[i] / (Math.sqrt(vWd[i]) + eps));
            }
            w.agree("step " + t + ": Adam + L2 = the recurrence by hand", hL2, withL2.value());
            w.agree("step " + t + ": AdamW = the recurrence by hand", hWd, decoupled.value());
            w.matrix("step " + t + ": (Adam + L2) − AdamW", Hand.linear(1, withL2.value(), -1, decoupled.value()), 9);
        }
        w.line("They part from the first step: AdamW applies lr·wd·W outside Adam's normalization, while the L2 run's",
                "2λ·W is folded into g and normalized with it (at t = 1 only the sign of g + 2λ·W survives).");
    }

    // ------------------------------------------------------------------ max-norm

    static String maxNorm() {
        Walkthrough w = new Walkthrough().title("max-norm: each unit's incoming weights projected to ‖w‖ ≤ c");
        w.line("The tiny network X (4×3) → Dense(3→3) → ReLU → Dense(3→2) → softmax cross-entropy. A column w_j of",
                "W1 (3×3) holds the weights into hidden unit j. One training step as Sequential.trainStep does it:",
                "gradients, Sgd(lr = 0.5).step, then MaxNorm(W1, c = 1.2).apply().");
        TinyNet net = new TinyNet();
        double c = 1.2;
        MaxNorm constraint = new MaxNorm(net.w1(), c);
        net.gradients();
        Matrix before = net.w1().value().copy();
        w.matrix("W1", before);
        w.matrix("dW1", net.w1().grad(), GRAD_DIGITS);
        new Sgd(0.5).step(net.parameters());
        Matrix stepped = net.w1().value().copy();
        w.matrix("W1 ← W1 − lr·dW1", stepped);
        Matrix norms = Hand.columnNorms(stepped);
        w.matrix("‖w_j‖ = sqrt(Σ_i W1[i, j]²)      (one norm per column, per hidden unit)", norms);
        Matrix factors = Matrix.zeros(DType.F64, 1, 3);
        for (int j = 0; j < 3; j++) {
            factors.set(j, norms.get(j) > c ? c / norms.get(j) : 1.0);
        }
        w.matrix("scale_j = c/‖w_j‖ if ‖w_j‖ > c, else 1", factors);
        constraint.apply();
        Matrix projected = net.w1().value().copy();
        Matrix hand = Matrix.zeros(DType.F64, 3, 3);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                hand.set(i, j, stepped.get(i, j) * factors.get(j));
            }
        }
        w.matrix("W1 after MaxNorm.apply()", projected);
        w.agree("w_j · scale_j", hand, projected);
        Matrix after = Hand.columnNorms(projected);
        w.matrix("‖w_j‖ after", after);
        boolean within = true;
        for (int j = 0; j < 3; j++) {
            within &= after.get(j) <= c * (1 + 1e-12);
        }
        w.claim(within, "every column norm ≤ c = " + fixed(c, 1));
        constraint.apply();
        w.claim(Walkthrough.maxAbsDiff(projected, net.w1().value()) <= 1e-15,
                "a second apply() leaves W1 as it is (a projection is idempotent)");
        w.line("Keras's MaxNorm computes w·clip(‖w‖, 0, c)/(1e-7 + ‖w‖): it also scales the columns inside the ball,");
        for (int j = 0; j < 3; j++) {
            if (norms.get(j) <= c) {
                w.linef("by ‖w‖/(‖w‖ + 1e-7) = %.12f for column %d here; Regula leaves them exactly as they are.",
                        norms.get(j) / (norms.get(j) + 1e-7), j);
                break;
            }
        }
        w.line("The constraint is not a term of the loss: it adds nothing to any gradient.");

        w.section("Gradient check at the projected weights: the gradient is the plain network's (central differences, F64)");
        w.gradientCheck(CHECKER.check(net.parameters(), net::loss, net::gradients));
        return w.text();
    }

    /** A new parameter holding a copy of {@code value}, with a copy of {@code grad} as its gradient. */
    static Parameter copyWithGrad(String name, Matrix value, Matrix grad) {
        return new Parameter(name, value.copy(), grad.copy());
    }
}
