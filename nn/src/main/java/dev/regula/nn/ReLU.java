package dev.regula.nn;

import dev.regula.core.Matrix;
import dev.regula.core.Ops;

/**
 * Rectified linear unit.
 * <pre>
 * forward:   Y  = max(X, 0)
 * backward:  dX = dY ⊙ [X > 0]      (the subgradient at 0 is 0, as in Keras and PyTorch)
 * </pre>
 * {@link #inPlace()} makes one that works in place inside a {@link Sequential}, as PyTorch's
 * {@code ReLU(inplace=True)}.
 */
public final class ReLU extends Activation {
    private final boolean inPlace;

    /** A ReLU layer; it has no parameters and no arguments, and writes into buffers of its own. */
    public ReLU() {
        this(false);
    }

    private ReLU(boolean inPlace) {
        super("ReLU");
        this.inPlace = inPlace;
    }

    /**
     * A ReLU that works in place where its {@link Sequential} allows it, as PyTorch's
     * {@code ReLU(inplace=True)}: after a Dense layer it writes Y over that layer's output Z, and
     * before one it writes dX over the gradient that layer returned. The numbers are the same as
     * {@link #ReLU()}'s, bit for bit; what changes is that Z is gone once the forward has passed,
     * so a reader who wants to look at Z takes {@code new ReLU()} (as the chapters' tiny network
     * does). The presets of {@code regula train} and the case study use this one. A checkpoint
     * saves it as a plain "ReLU".
     *
     * @return a ReLU that takes up {@link Layer#setOverwritable}
     */
    public static ReLU inPlace() {
        return new ReLU(true);
    }

    @Override
    protected void apply(Matrix x, Matrix y) {
        Ops.relu(x, y);
    }

    @Override
    protected void derive(Matrix dY, Matrix dX) {
        Ops.reluBackward(x, dY, dX);
    }

    /**
     * True for {@link #inPlace()}. It can: both formulas go element by element, and the backward
     * needs only the sign of X, which Y keeps: Y &gt; 0 exactly where X &gt; 0 (for −0 and NaN as
     * well, not &gt; 0 before nor after). Writing over the Dense layer's output instead of into a
     * buffer of its own saves a pass over memory that the GEMM's other thread last touched: about
     * 5 % of the baseline's training step on the 2-core machine of the README.
     */
    @Override
    protected boolean worksInPlace() {
        return inPlace;
    }
}
