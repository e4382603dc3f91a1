package dev.regula.nn;

import dev.regula.core.Matrix;
import dev.regula.core.Ops;

/**
 * Rectified linear unit.
 * <pre>
 * forward:   Y  = max(X, 0)
 * backward:  dX = dY ⊙ [X > 0]      (the subgradient at 0 is 0, as in Keras and PyTorch)
 * </pre>
 */
public final class ReLU extends Activation {
    /** A ReLU layer; it has no parameters and no arguments. */
    public ReLU() {
        super("ReLU");
    }

    @Override
    protected void apply(Matrix x, Matrix y) {
        Ops.relu(x, y);
    }

    @Override
    protected void derive(Matrix dY, Matrix dX) {
        Ops.reluBackward(x, dY, dX);
    }
}
