package dev.regula.nn;

import dev.regula.core.Matrix;
import dev.regula.core.Ops;

/**
 * Row-wise softmax, for a network that must output probabilities.
 * <pre>
 * forward:   Y[i, :]  = e^(X[i, :] − max) / Σ_j e^(X[i, j] − max)
 * backward:  dX[i, :] = Y[i, :] ⊙ (dY[i, :] − ⟨dY[i, :], Y[i, :]⟩)
 * </pre>
 * To train a classifier, prefer ending the network with logits and using
 * {@link SoftmaxCrossEntropy}, which fuses the two with log-sum-exp (gradient {@code P − Y}).
 */
public final class Softmax extends Activation {
    /** A Softmax layer; it has no parameters and no arguments. */
    public Softmax() {
        super("Softmax");
    }

    @Override
    protected void apply(Matrix x, Matrix y) {
        Ops.softmaxRows(x, y);
    }

    @Override
    protected void derive(Matrix dY, Matrix dX) {
        Ops.softmaxBackward(y, dY, dX);
    }
}
