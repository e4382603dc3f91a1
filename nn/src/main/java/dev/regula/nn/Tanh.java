package dev.regula.nn;

import dev.regula.core.Matrix;
import dev.regula.core.Ops;

/**
 * The hyperbolic tangent.
 * <pre>
 * forward:   Y  = tanh(X)
 * backward:  dX = dY ⊙ (1 − Y²)
 * </pre>
 */
public final class Tanh extends Activation {
    /** A Tanh layer; it has no parameters and no arguments. */
    public Tanh() {
        super("Tanh");
    }

    @Override
    protected void apply(Matrix x, Matrix y) {
        Ops.tanh(x, y);
    }

    @Override
    protected void derive(Matrix dY, Matrix dX) {
        Ops.tanhBackward(y, dY, dX);
    }
}
