package dev.regula.regularization;

import dev.regula.core.Checks;
import dev.regula.core.Matrix;
import dev.regula.core.Ops;
import dev.regula.nn.Penalty;
import java.util.Locale;

/**
 * A penalty on activations: an identity layer whose output is penalized, as Keras's
 * {@code ActivityRegularization(l1, l2)}. Place it after the layer whose output you penalize.
 *
 * <pre>
 * forward:   Y = X                                           (m, n)
 * penalty:   P = (l1·Σ |Y| + l2·Σ Y²) / m                    summed over the batch, divided by m
 * backward:  dX = dY + ∂P/∂Y = dY + (l1·sign(Y) + 2·l2·Y) / m
 * </pre>
 *
 * <p>Convention, checked against Keras's source: the layer's regularizer is
 * {@code regularizers.L1L2(l1, l2)} applied to the output (a sum over every element, batch
 * included), and the layer base class divides that activity loss by the batch size —
 * {@code keras/src/layers/layer.py} in {@code __call__}: "Normalize by batch size to ensure
 * consistent regularization strength across batch sizes", {@code loss = divide_no_nan(loss,
 * batch_size)}; tf.keras 2's {@code base_layer.py} did the same ("Make activity regularization
 * strength batch-agnostic", {@code mean_activity_loss = activity_loss / batch_size}). Some Keras 3
 * releases in between added the undivided sum; Regula divides by m, so that the penalty, like the
 * mean data loss it is added to, does not grow with the batch size. An empty batch gives P = 0.
 *
 * <p>The seed 002's "L1_regularization_cost" {@code (λ/2m)·Σ A²} is this layer with
 * {@code l1 = 0, l2 = λ/2} (and m its batch), i.e. an L2 activity penalty, not an L1 one.
 *
 * <p>How it plugs into training: the layer implements {@link Penalty}, so
 * {@link dev.regula.nn.Sequential} adds {@link #value()} to the loss it reports. The penalty's
 * gradient reaches the network through this layer's own backward (the {@code + ∂P/∂Y} term), so
 * {@link #addGradient()} has nothing left to add and does nothing. {@link #value()} is the
 * penalty of the last <em>training</em> forward (0 before any); inference forwards are the plain
 * identity and change nothing.
 */
public final class ActivityRegularization extends ElementwiseLayer implements Penalty {
    private final double l1;
    private final double l2;
    private double value;

    /**
     * @param l1 the L1 factor, finite and ≥ 0
     * @param l2 the L2 factor, finite and ≥ 0
     * @throws IllegalArgumentException naming the argument and the value received
     */
    public ActivityRegularization(double l1, double l2) {
        super(String.format(Locale.ROOT, "ActivityRegularization(l1=%s, l2=%s)",
                Checks.nonNegative("l1", l1), Checks.nonNegative("l2", l2)), "output");
        this.l1 = l1;
        this.l2 = l2;
    }

    /** @return the L1 factor */
    public double l1() {
        return l1;
    }

    /** @return the L2 factor */
    public double l2() {
        return l2;
    }

    @Override
    void trainForward(Matrix x, Matrix y) {
        y.copyFrom(x);                                                  // Y = X
        int m = x.rows();
        value = m == 0 ? 0.0 : (l1 * Ops.sumAbs(y) + l2 * Ops.sumSquares(y)) / m;
    }

    @Override
    void trainBackward(Matrix dY, Matrix dX) {
        double m = dY.rows();
        dX.copyFrom(dY);                                                // dX  = dY
        PenaltyMath.addScaledSign(y, l1 / m, dX);                       // dX += (l1/m)·sign(Y)
        Ops.addScaled(y, 2 * l2 / m, dX);                               // dX += (2·l2/m)·Y
    }

    /** {@code (l1·Σ|Y| + l2·ΣY²) / m} for the output of the last training forward (0 before any). */
    @Override
    public double value() {
        return value;
    }

    /** Nothing: the penalty's gradient flows through {@link #backward}, as {@code dX = dY + ∂P/∂Y}. */
    @Override
    public void addGradient() {}

    @Override
    public java.util.Map<String, Object> config() {
        return dev.regula.nn.Config.of("ActivityRegularization", "l1", l1, "l2", l2);
    }
}
