package dev.regula.docs.exercise;

import static dev.regula.docs.exercise.Grids.fromMatrix;
import static dev.regula.docs.exercise.Grids.toMatrix;

import dev.regula.core.Parameter;
import dev.regula.core.Rng;
import dev.regula.docs.exercise.Exercise.Check;
import dev.regula.docs.exercise.Exercise.Hypothesis;
import dev.regula.docs.exercise.Exercise.Kind;
import dev.regula.docs.exercise.Exercise.OwnCheck;
import dev.regula.nn.Penalty;
import dev.regula.regularization.L1;
import dev.regula.regularization.L2;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The penalty exercises: L2 and L1 on a kernel, checked against Regula's L2 and L1. */
final class PenaltyExercises {
    private PenaltyExercises() {}

    static List<Exercise> all() {
        return List.of(new PenaltyExercise(true), new PenaltyExercise(false));
    }

    /** The value and gradient of Regula's penalty on W. */
    static Map<String, double[][]> engine(double[][] w, double lambda, boolean l2) {
        Parameter p = new Parameter("kernel", toMatrix(w));
        Penalty penalty = l2 ? new L2(p, lambda) : new L1(p, lambda);
        Map<String, double[][]> out = new LinkedHashMap<>();
        out.put("P", Grids.scalar(penalty.value()));
        penalty.addGradient();
        out.put("dW", fromMatrix(p.grad()));
        return out;
    }

    /** L2: P = λ·Σw², dW = 2λ·W; L1: P = λ·Σ|w|, dW = λ·sign(W). */
    static final class PenaltyExercise extends Exercise {
        private final boolean l2;

        PenaltyExercise(boolean l2) {
            super(l2 ? "l2" : "l1", l2 ? "the L2 penalty λ·Σw² (Keras's l2)" : "the L1 penalty λ·Σ|w| (Keras's l1)",
                    l2 ? "Regula's L2 (regularization module)" : "Regula's L1 (regularization module)");
            this.l2 = l2;
        }

        @Override
        String task() {
            return "dW";
        }

        @Override
        List<Case> cases() {
            List<Case> cases = new ArrayList<>();
            cases.add(new Case("fixed: W 3×2 with exact zeros, λ 0.01")
                    .matrix("W", new double[][] {{0.5, 0}, {-1.5, 2}, {0, -0.25}}).scalar("lambda", 0.01));
            Rng rng = new Rng(l2 ? 23 : 24);
            int[][] shapes = {{4, 3}, {2, 5}, {6, 6}};
            double[] lambdas = {1e-4, 0.1, 0.5};
            for (int k = 0; k < shapes.length; k++) {
                cases.add(new Case("random: W " + shapes[k][0] + "×" + shapes[k][1] + ", λ " + lambdas[k])
                        .matrix("W", Grids.awayFromZero(rng, shapes[k][0], shapes[k][1])).scalar("lambda", lambdas[k]));
            }
            return cases;
        }

        @Override
        Map<String, double[][]> engine(Case c) {
            return PenaltyExercises.engine(c.m("W"), c.s("lambda"), l2);
        }

        @Override
        List<Check> checks() {
            List<Hypothesis> h = new ArrayList<>();
            if (l2) {
                h.add(new Hypothesis("dW = λ·W: the derivative of λ·w² is 2λ·w (λ·W is the gradient of the ½ form, (λ/2)·Σw²)",
                        c -> Grids.scale(c.m("W"), c.s("lambda"))));
                h.add(new Hypothesis("dW = 2λ·sign(W)-like: this does not grow with w; the L2 gradient is 2λ·w",
                        c -> Grids.map(c.m("W"), w -> 2 * c.s("lambda") * Math.signum(w))));
                h.add(new Hypothesis("you returned λ·W², the penalty's terms, not their derivative 2λ·W",
                        c -> Grids.map(c.m("W"), w -> c.s("lambda") * w * w)));
            } else {
                h.add(new Hypothesis("sign(0) should be 0: at W = 0 you returned +λ; the subgradient Regula, Keras and PyTorch"
                        + " use at 0 is 0 (Math.signum(0.0) is 0.0)",
                        c -> Grids.map(c.m("W"), w -> c.s("lambda") * (w >= 0 ? 1 : -1))));
                h.add(new Hypothesis("sign(0) should be 0: at W = 0 you returned −λ; the subgradient Regula, Keras and PyTorch"
                        + " use at 0 is 0 (Math.signum(0.0) is 0.0)",
                        c -> Grids.map(c.m("W"), w -> c.s("lambda") * (w > 0 ? 1 : -1))));
                h.add(new Hypothesis("dW = 2λ·W is the L2 gradient; the L1 gradient is λ·sign(W), the same size for every w ≠ 0",
                        c -> Grids.scale(c.m("W"), 2 * c.s("lambda"))));
                h.add(new Hypothesis("dW = λ·W grows with w; the slope of |w| is ±1, so dW = λ·sign(W)",
                        c -> Grids.scale(c.m("W"), c.s("lambda"))));
            }
            return List.of(new Check("P", "penalty(W, lambda)", Kind.FORWARD, List.of()),
                    new Check("dW", "dW(W, lambda)", Kind.GRADIENT, h));
        }

        @Override
        List<OwnCheck> ownChecks() {
            return List.of(new OwnCheck("dW", "W", "penalty(W, lambda)"));
        }

        @Override
        String hint() {
            return l2 ? "P is a sum of independent terms λ·w², so ∂P/∂w is the derivative of one term. No m: Keras's l2 adds\n"
                    + "λ·Σw² to the mini-batch loss as it is.\n"
                    : "P is a sum of independent terms λ·|w|: ∂P/∂w is λ times the slope of |w|, which is ±1 away from 0.\n"
                    + "At w = 0 exactly, decide what a weight that is already 0 should be pushed by (the fixed case has zeros).\n";
        }
    }
}
