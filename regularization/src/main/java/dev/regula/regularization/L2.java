package dev.regula.regularization;

import dev.regula.core.Checks;
import dev.regula.core.Ops;
import dev.regula.core.Parameter;
import dev.regula.nn.Penalty;
import java.util.Locale;

/**
 * The L2 penalty on one parameter W (a kernel or a bias), in Keras's form ({@code l2(λ)}):
 * <pre>
 * value:     P  = λ·Σ w²
 * gradient:  dW += 2λ·W
 * </pre>
 * added to the <em>mini-batch</em> loss, which is a mean over the batch: the penalty is not
 * divided by the batch size.
 *
 * <p>The seeds (000's formula, 002's code) write the L2 term as {@code (λ/2m)·Σ‖W‖²} with m the number of
 * training examples. It is the same penalty with a different λ: {@code λ_keras = λ_seed/(2m)}
 * ({@link #seedForm}). The ½ is there so that the gradient is {@code (λ/m)·W}. PyTorch has no L2
 * penalty class; its SGD {@code weight_decay=wd} adds {@code wd·W} to the gradient, which is
 * this penalty with {@code λ = wd/2}.
 *
 * <p>L2 is not decoupled weight decay: under plain SGD {@code L2(λ)} and decay {@code 2λ}
 * coincide, under Adam they do not ({@link SgdW}, {@code dev.regula.nn.AdamW}).
 */
public final class L2 implements Penalty {
    private final Parameter parameter;
    private final double lambda;

    /**
     * @param parameter W, whose gradient receives {@code 2λ·W}
     * @param lambda    λ, finite and ≥ 0
     * @throws IllegalArgumentException naming the argument and the value received
     */
    public L2(Parameter parameter, double lambda) {
        this.parameter = PenaltyMath.requireParameter(parameter);
        this.lambda = Checks.nonNegative("lambda", lambda);
    }

    /**
     * Keras's {@code regularizers.l2(λ)}: a factory of {@code L2(W, λ)}, validated now.
     *
     * @param lambda λ, finite and ≥ 0
     * @return a factory that puts this penalty on a given parameter
     */
    public static PenaltyFactory of(double lambda) {
        Checks.nonNegative("lambda", lambda);
        return p -> new L2(p, lambda);
    }

    /**
     * The seeds' form {@code (λ/2m)·Σ‖W‖²}, which is {@code L2(λ/(2m))}: a factory of
     * {@code L2(W, fromSeedForm(λ, m))}.
     *
     * @param lambda the seeds' λ, finite and ≥ 0
     * @param m      the number of training examples the seeds divide by, > 0
     * @return a factory that puts this penalty on a given parameter
     */
    public static PenaltyFactory seedForm(double lambda, int m) {
        double keras = fromSeedForm(lambda, m);
        return p -> new L2(p, keras);
    }

    /**
     * {@code λ_keras = λ_seed / (2m)}: the λ of this class for the seeds' {@code (λ/2m)·Σ‖W‖²}.
     *
     * @param lambda the seeds' λ, finite and ≥ 0
     * @param m the number of training examples the seeds divide by, &gt; 0
     * @return λ for {@link #L2(Parameter, double)}
     */
    public static double fromSeedForm(double lambda, int m) {
        Checks.nonNegative("lambda", lambda);
        Checks.positive("m", m);
        return lambda / (2.0 * m);
    }

    /** @return W, the penalized parameter */
    public Parameter parameter() {
        return parameter;
    }

    /** @return λ */
    public double lambda() {
        return lambda;
    }

    /** {@code λ·Σ w²} at the parameter's current value. */
    @Override
    public double value() {
        return lambda * Ops.sumSquares(parameter.value());
    }

    /** {@code dW += 2λ·W}. */
    @Override
    public void addGradient() {
        Ops.addScaled(parameter.value(), 2 * lambda, parameter.grad());
    }

    /** {@code dW += 2λ·W} and returns {@code λ·Σ w²}, reading W once (the training step's call). */
    @Override
    public double valueAndAddGradient() {
        return lambda * Ops.sumSquaresAddScaled(parameter.value(), 2 * lambda, parameter.grad());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "L2(λ=%g) on %s", lambda, parameter.name());
    }

    @Override
    public java.util.Map<String, Object> config() {
        return dev.regula.nn.Config.of("L2", "lambda", lambda, "parameter", parameter.name());
    }
}
