package dev.regula.nn;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;

/**
 * The common part of element-wise (and row-wise) activations: output and gradient buffers, the
 * training cache and its check. A subclass writes only its two formulas, {@link #apply} and
 * {@link #derive}, side by side.
 */
public abstract class Activation implements Layer {
    private final String kind;
    private String name;
    /** The input of the last training forward, (m, n); not owned. */
    protected Matrix x;
    /** The output buffer, (m, n). */
    protected Matrix y;
    /** The input-gradient buffer, (m, n). */
    protected Matrix dX;
    private boolean cached;
    private boolean overwriteInput;      // granted by setOverwritable, and worksInPlace()
    private boolean overwriteOutputGradient;

    /**
     * An activation before {@link #build}, named after its kind.
     *
     * @param kind the type name saved in checkpoints and printed, e.g. "ReLU"
     */
    protected Activation(String kind) {
        this.kind = kind;
        this.name = kind;
    }

    @Override
    public void build(String name, DType dtype, Rng rng) {
        this.name = name;
        y = Matrix.zeros(dtype, 0, 0);
        dX = Matrix.zeros(dtype, 0, 0);
        cached = false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int outputSize(int inputSize) {
        return inputSize;
    }

    /** {@code {"type": "ReLU"}} and so on: activations have no arguments. */
    @Override
    public java.util.Map<String, Object> config() {
        return Config.of(kind);
    }

    /**
     * Takes up what {@link Layer#setOverwritable} grants when {@link #worksInPlace()}: forward then
     * writes Y over X (so the cached {@link #x} holds Y), and backward writes dX over dY.
     */
    @Override
    public void setOverwritable(boolean input, boolean outputGradient) {
        overwriteInput = input && worksInPlace();
        overwriteOutputGradient = outputGradient && worksInPlace();
    }

    /**
     * Whether {@link #apply} may write Y over X and {@link #derive} dX over dY (element by element,
     * each output from the same element of the inputs), and {@link #derive} gives the same dX when
     * the cached {@link #x} holds Y instead of X. Default false.
     *
     * @return true to take up {@link #setOverwritable}
     */
    protected boolean worksInPlace() {
        return false;
    }

    @Override
    public final Matrix forward(Matrix x, Mode mode) {
        if (y == null) {
            build(name, x.dtype(), null);
        }
        Matrix out = overwriteInput ? x : y;
        apply(x, out);                       // in place: x now holds Y
        this.x = x;
        cached = mode == Mode.TRAIN;
        return out;
    }

    @Override
    public final Matrix backward(Matrix dOut) {
        if (!cached) {
            throw new IllegalStateException("Cannot run backward on " + name
                    + ": no training forward pass has cached its input and output");
        }
        Matrix out = overwriteInput ? x : y;  // what the last forward returned
        if (dOut.rows() != out.rows() || dOut.cols() != out.cols()) {   // the message is built only on a mismatch
            dev.regula.core.Checks.sameShape(name + " dOut", dOut, name + " output", out);
        }
        Matrix dIn = overwriteOutputGradient ? dOut : dX;
        derive(dOut, dIn);
        return dIn;
    }

    /**
     * Forward: Y = f(X).
     *
     * @param x X, (m, n). Not modified, unless it is Y.
     * @param y Y, the layer's buffer, or X itself when written in place. Modified (reshaped to (m, n)).
     */
    protected abstract void apply(Matrix x, Matrix y);

    /**
     * Backward: dX = ∂J/∂X from dY, using the cached {@link #x} and {@link #y}.
     *
     * @param dY ∂J/∂Y, (m, n). Not modified, unless it is dX.
     * @param dX ∂J/∂X, the layer's buffer, or dY itself when written in place. Modified (reshaped
     *           to (m, n), overwritten).
     */
    protected abstract void derive(Matrix dY, Matrix dX);

    @Override
    public String toString() {
        return kind;
    }
}
