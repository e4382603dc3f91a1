package dev.regula.nn;

import dev.regula.core.Matrix;
import dev.regula.core.Ops;

/**
 * The logistic sigmoid.
 * <pre>
 * forward:   Y  = σ(X) = 1 / (1 + e^(−X))
 * backward:  dX = dY ⊙ Y ⊙ (1 − Y)
 * </pre>
 */
public final class Sigmoid extends Activation {
    /** A Sigmoid layer; it has no parameters and no arguments. */
    public Sigmoid() {
        super("Sigmoid");
    }

    @Override
    protected void apply(Matrix x, Matrix y) {
        Ops.sigmoid(x, y);
    }

    @Override
    protected void derive(Matrix dY, Matrix dX) {
        Ops.sigmoidBackward(y, dY, dX);
    }
}
