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

    @Override
    public final Matrix forward(Matrix x, Mode mode) {
        if (y == null) {
            build(name, x.dtype(), null);
        }
        apply(x, y);
        this.x = x;
        cached = mode == Mode.TRAIN;
        return y;
    }

    @Override
    public final Matrix backward(Matrix dOut) {
        if (!cached) {
            throw new IllegalStateException("Cannot run backward on " + name
                    + ": no training forward pass has cached its input and output");
        }
        if (dOut.rows() != y.rows() || dOut.cols() != y.cols()) {   // the message is built only on a mismatch
            dev.regula.core.Checks.sameShape(name + " dOut", dOut, name + " output", y);
        }
        derive(dOut, dX);
        return dX;
    }

    /**
     * Forward: Y = f(X).
     *
     * @param x X, (m, n). Not modified.
     * @param y Y, the layer's buffer. Modified (reshaped to (m, n)).
     */
    protected abstract void apply(Matrix x, Matrix y);

    /**
     * Backward: dX = ∂J/∂X from dY, using the cached {@link #x} and {@link #y}.
     *
     * @param dY ∂J/∂Y, (m, n). Not modified.
     * @param dX ∂J/∂X, the layer's buffer. Modified (reshaped to (m, n), overwritten).
     */
    protected abstract void derive(Matrix dY, Matrix dX);

    @Override
    public String toString() {
        return kind;
    }
}
