package dev.regula.regularization;

import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.nn.Layer;
import dev.regula.nn.Mode;

/**
 * The plumbing shared by the layers of this package whose output has the shape of their input
 * (dropout, Gaussian noise and dropout, activity regularization): the output and input-gradient
 * buffers, the training cache and its check, the dtype check. A subclass writes only its formulas:
 * {@link #trainForward}, {@link #trainBackward} and, when inference is not the identity,
 * {@link #inferenceForward}.
 *
 * <p>Buffers are sized once per batch shape with {@link Matrix#reshape}, so steady-state training
 * allocates nothing.
 */
abstract class ElementwiseLayer implements Layer {
    private final String description;
    private final String cacheName;
    private String name;
    private DType dtype;
    private boolean cached;
    private boolean inputGradientNeeded = true;
    /** The output buffer, (m, n). */
    Matrix y;
    /** The input-gradient buffer, (m, n). */
    Matrix dX;

    /**
     * @param description how the layer reads before it is built, e.g. "Dropout(keepProb=0.8)"
     * @param cacheName   what a training forward caches for backward, for the error message
     */
    ElementwiseLayer(String description, String cacheName) {
        this.description = description;
        this.cacheName = cacheName;
        this.name = description;
    }

    @Override
    public void build(String name, DType dtype, Rng rng) {
        if (name == null || dtype == null) {
            throw new IllegalArgumentException("Invalid arguments to build " + description
                    + ": expected a name and a dtype, received: " + name + ", " + dtype);
        }
        this.name = name;
        this.dtype = dtype;
        this.y = Matrix.zeros(dtype, 0, 0);
        this.dX = Matrix.zeros(dtype, 0, 0);
        this.cached = false;
        onBuild(dtype, rng);
    }

    /** Allocates what the subclass needs (a mask buffer, its generator). */
    void onBuild(DType dtype, Rng rng) {}

    @Override
    public String name() {
        return name;
    }

    /** @return the dtype given to {@link #build}, or null before it */
    public DType dtype() {
        return dtype;
    }

    /** The output has as many columns as the input. */
    @Override
    public int outputSize(int inputSize) {
        return Checks.positive("inputSize", inputSize);
    }

    @Override
    public void setInputGradientNeeded(boolean needed) {
        this.inputGradientNeeded = needed;
    }

    @Override
    public final Matrix forward(Matrix x, Mode mode) {
        if (dtype == null) {
            throw new IllegalStateException(description
                    + " is not built: call build(name, dtype, rng) or add it to a Sequential");
        }
        if (mode == null) {
            throw new IllegalArgumentException("Invalid value for mode: expected TRAIN or INFERENCE, received: null");
        }
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException(name + " was built for " + dtype + " but X is " + x.dtype());
        }
        y.reshape(x.rows(), x.cols());                     // (m, n)
        if (mode == Mode.TRAIN) {
            trainForward(x, y);
            cached = true;
        } else {
            inferenceForward(x, y);
            cached = false;
        }
        return y;
    }

    @Override
    public final Matrix backward(Matrix dY) {
        if (!cached) {
            throw new IllegalStateException("Cannot run backward on " + name
                    + ": no training forward pass has cached its " + cacheName
                    + " (call forward(x, Mode.TRAIN) first)");
        }
        if (dY.rows() != y.rows() || dY.cols() != y.cols()) {   // the message is built only on a mismatch
            Checks.shape(name + " dY", dY, y.rows(), y.cols());
        }
        if (!inputGradientNeeded) {
            return null;
        }
        dX.reshape(dY.rows(), dY.cols());                  // (m, n)
        trainBackward(dY, dX);
        return dX;
    }

    /** TRAIN forward: Y from X, caching what backward needs. X: Not modified; Y: Modified (already m×n). */
    abstract void trainForward(Matrix x, Matrix y);

    /** Backward of the last TRAIN forward. dY: Not modified; dX: Modified (already m×n). */
    abstract void trainBackward(Matrix dY, Matrix dX);

    /** INFERENCE forward; the identity unless overridden. Y: Modified (already m×n). */
    void inferenceForward(Matrix x, Matrix y) {
        y.copyFrom(x);
    }

    @Override
    public String toString() {
        return description;
    }
}
