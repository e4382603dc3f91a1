package dev.regula.regularization;

import dev.regula.core.Checks;
import dev.regula.core.Matrix;
import dev.regula.core.Ops;
import dev.regula.core.Parameter;
import dev.regula.nn.Penalty;
import java.util.Locale;

/**
 * L1 and L2 together on one parameter W (the elastic net), as Keras's {@code l1_l2(l1, l2)}:
 * <pre>
 * value:     P  = l1·Σ |w| + l2·Σ w²
 * gradient:  dW += l1·sign(W) + 2·l2·W        sign(0) = 0
 * </pre>
 * The sum of an {@link L1} and an {@link L2} on the same parameter, in one pass.
 */
public final class L1L2 implements Penalty {
    private final Parameter parameter;
    private final double l1;
    private final double l2;

    /**
     * @param parameter W
     * @param l1        the L1 factor, finite and ≥ 0
     * @param l2        the L2 factor, finite and ≥ 0
     * @throws IllegalArgumentException naming the argument and the value received
     */
    public L1L2(Parameter parameter, double l1, double l2) {
        this.parameter = PenaltyMath.requireParameter(parameter);
        this.l1 = Checks.nonNegative("l1", l1);
        this.l2 = Checks.nonNegative("l2", l2);
    }

    /**
     * Keras's {@code regularizers.l1_l2(l1, l2)}: a factory of {@code L1L2(W, l1, l2)}, validated now.
     *
     * @param l1 the L1 factor, finite and ≥ 0
     * @param l2 the L2 factor, finite and ≥ 0
     * @return a factory that puts this penalty on a given parameter
     */
    public static PenaltyFactory of(double l1, double l2) {
        Checks.nonNegative("l1", l1);
        Checks.nonNegative("l2", l2);
        return p -> new L1L2(p, l1, l2);
    }

    /** @return W, the penalized parameter */
    public Parameter parameter() {
        return parameter;
    }

    /** @return the L1 factor */
    public double l1() {
        return l1;
    }

    /** @return the L2 factor */
    public double l2() {
        return l2;
    }

    /** {@code l1·Σ |w| + l2·Σ w²} at the parameter's current value. */
    @Override
    public double value() {
        return l1 * Ops.sumAbs(parameter.value()) + l2 * Ops.sumSquares(parameter.value());
    }

    /** {@code dW += l1·sign(W) + 2·l2·W}. */
    @Override
    public void addGradient() {
        PenaltyMath.addScaledSign(parameter.value(), l1, parameter.grad());
        Ops.addScaled(parameter.value(), 2 * l2, parameter.grad());
    }

    /**
     * {@code dW += l1·sign(W) + 2·l2·W} (the two terms added in that order, as {@link #addGradient})
     * and returns {@code l1·Σ |w| + l2·Σ w²}: two fused passes instead of four.
     */
    @Override
    public double valueAndAddGradient() {
        Matrix w = parameter.value();
        double sumAbs = Ops.sumAbsAddScaledSign(w, l1, parameter.grad());
        double sumSquares = Ops.sumSquaresAddScaled(w, 2 * l2, parameter.grad());
        return l1 * sumAbs + l2 * sumSquares;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "L1L2(l1=%g, l2=%g) on %s", l1, l2, parameter.name());
    }

    @Override
    public java.util.Map<String, Object> config() {
        return dev.regula.nn.Config.of("L1L2", "l1", l1, "l2", l2, "parameter", parameter.name());
    }
}
