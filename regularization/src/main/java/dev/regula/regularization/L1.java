package dev.regula.regularization;

import dev.regula.core.Checks;
import dev.regula.core.Ops;
import dev.regula.core.Parameter;
import dev.regula.nn.Penalty;
import java.util.Locale;

/**
 * The L1 penalty on one parameter W (a kernel or a bias), in Keras's form ({@code l1(λ)}):
 * <pre>
 * value:     P  = λ·Σ |w|
 * gradient:  dW += λ·sign(W)          sign(0) = 0
 * </pre>
 * added to the mini-batch loss, not divided by the batch size. |w| has no derivative at 0; the
 * subgradient 0 is the one Keras's and PyTorch's autodiff return, and it leaves a weight that is
 * exactly 0 where the data gradient puts it.
 *
 * <p>The seed 000 writes the L1 term as {@code (λ/2m)·Σ‖w‖}: with the ½ carried over from the L2
 * formula, that is {@code L1(λ/(2m))}, i.e. the same penalty with λ rescaled. The seed 002's
 * "L1_regularization_cost" squares the activations, {@code (λ/2m)·Σ A²}: that is an L2 penalty on
 * the activations (an activity penalty, see {@link ActivityRegularization}), not an L1 penalty.
 */
public final class L1 implements Penalty {
    private final Parameter parameter;
    private final double lambda;

    /**
     * @param parameter W, whose gradient receives {@code λ·sign(W)}
     * @param lambda    λ, finite and ≥ 0
     * @throws IllegalArgumentException naming the argument and the value received
     */
    public L1(Parameter parameter, double lambda) {
        this.parameter = PenaltyMath.requireParameter(parameter);
        this.lambda = Checks.nonNegative("lambda", lambda);
    }

    /**
     * Keras's {@code regularizers.l1(λ)}: a factory of {@code L1(W, λ)}, validated now.
     *
     * @param lambda λ, finite and ≥ 0
     * @return a factory that puts this penalty on a given parameter
     */
    public static PenaltyFactory of(double lambda) {
        Checks.nonNegative("lambda", lambda);
        return p -> new L1(p, lambda);
    }

    /** @return W, the penalized parameter */
    public Parameter parameter() {
        return parameter;
    }

    /** @return λ */
    public double lambda() {
        return lambda;
    }

    /** {@code λ·Σ |w|} at the parameter's current value. */
    @Override
    public double value() {
        return lambda * Ops.sumAbs(parameter.value());
    }

    /** {@code dW += λ·sign(W)}, sign(0) = 0. */
    @Override
    public void addGradient() {
        PenaltyMath.addScaledSign(parameter.value(), lambda, parameter.grad());
    }

    /** {@code dW += λ·sign(W)} and returns {@code λ·Σ |w|}, reading W once (the training step's call). */
    @Override
    public double valueAndAddGradient() {
        return lambda * Ops.sumAbsAddScaledSign(parameter.value(), lambda, parameter.grad());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "L1(λ=%g) on %s", lambda, parameter.name());
    }

    @Override
    public java.util.Map<String, Object> config() {
        return dev.regula.nn.Config.of("L1", "lambda", lambda, "parameter", parameter.name());
    }
}
