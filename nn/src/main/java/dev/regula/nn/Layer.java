package dev.regula.nn;

import dev.regula.core.DType;
import dev.regula.core.Parameter;
import dev.regula.core.Rng;
import java.util.List;

/**
 * One step of a network, forward and backward side by side.
 *
 * <p>Order of use: {@link #build} once (allocates parameters in a dtype); then per batch
 * {@link #forward} in {@link Mode#TRAIN}, which caches exactly what backward needs, and
 * {@link #backward}, which <em>adds</em> ∂J/∂θ into each parameter's gradient and returns ∂J/∂X.
 * Calling backward without a preceding training forward throws {@link IllegalStateException}.
 *
 * <p>Rows are examples: X is (m × nIn), the output (m × nOut). Returned matrices are buffers
 * owned by the layer, valid until its next call; they are sized once per batch shape and reused.
 */
public interface Layer {

    /**
     * Allocates the parameters in {@code dtype}, drawing any initial values or random masks from
     * {@code rng}; {@code name} prefixes the parameter names ("dense_0" → "dense_0/kernel").
     *
     * @param name the layer's name in the model
     * @param dtype the dtype of its parameters and buffers
     * @param rng the source of initial values (and of the layer's own generator, if it keeps one)
     */
    void build(String name, DType dtype, Rng rng);

    /** @return the name given by {@link #build}, or a description before it */
    String name();

    /**
     * The number of output columns for {@code inputSize} input columns.
     *
     * @param inputSize nIn, the number of input columns
     * @return nOut
     * @throws IllegalArgumentException when this layer cannot take that many inputs
     */
    int outputSize(int inputSize);

    /**
     * The forward pass.
     *
     * @param x X, (m × nIn). Not modified, unless {@link #setOverwritable} granted it.
     * @param mode {@link Mode#TRAIN} caches what backward needs (and draws masks, for dropout);
     *             {@link Mode#INFERENCE} does not
     * @return the output, (m × nOut), owned by the layer (or x itself, written over) and valid
     *         until its next call
     */
    dev.regula.core.Matrix forward(dev.regula.core.Matrix x, Mode mode);

    /**
     * The backward pass for the last training forward: adds ∂J/∂θ into the parameters' gradients
     * and returns ∂J/∂X (m × nIn), owned by the layer, or null when the input gradient is not
     * needed (see {@link #setInputGradientNeeded}).
     *
     * @param dOut ∂J/∂output, (m × nOut). Not modified, unless {@link #setOverwritable} granted it.
     * @return ∂J/∂X, (m × nIn), owned by the layer (or dOut itself, written over); or null when not needed
     * @throws IllegalStateException when there was no training forward to go back through
     */
    dev.regula.core.Matrix backward(dev.regula.core.Matrix dOut);

    /** @return the trainable tensors, empty for a layer without any */
    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * Non-trainable tensors that are part of the model's weights (batch norm's running mean and
     * variance, say): saved with the model and restored with the best weights. Default empty.
     *
     * @return the state matrices, shared with the layer (not copies)
     */
    default List<dev.regula.core.Matrix> state() {
        return List.of();
    }

    /**
     * How many numbers {@link #build} allocates for the parameters and the state, known before it
     * runs (Dense(nIn→nOut): nIn·nOut + nOut), so that a checkpoint's architecture can be checked
     * against the numbers its file holds before anything is built: a tampered
     * "Dense(50000→10000)" in a file of a few kilobytes is refused instead of allocating 2 GB.
     * Default 0, for a layer without parameters or state; a layer that has some must say how many.
     *
     * @return the count of parameter and state elements, ≥ 0
     */
    default long weightCount() {
        return 0;
    }

    /**
     * The layer's type and constructor arguments ({@code {"type": "Dense", "nIn": 784, ...}}), for
     * the architecture JSON of a checkpoint; {@link Registry} rebuilds the layer from it.
     *
     * @return the type under {@code "type"} and the arguments by name
     * @throws UnsupportedOperationException for a layer that cannot be saved
     */
    default java.util.Map<String, Object> config() {
        throw new UnsupportedOperationException(getClass().getName() + " does not describe itself (config()), so it cannot be saved");
    }

    /** @return the layer's own random generator (dropout masks, noise), saved in checkpoints; null for none */
    default Rng rng() {
        return null;
    }

    /**
     * Tells the layer whether its backward must compute ∂J/∂X. {@link Sequential} turns it off
     * for the first layer, whose input is the data (a saving of one GEMM per batch). Default true.
     *
     * @param needed false lets backward skip ∂J/∂X and return null
     */
    default void setInputGradientNeeded(boolean needed) {}

    /**
     * Tells the layer which of the matrices it is handed no one reads after it: the input of
     * {@link #forward} and the {@code dOut} of {@link #backward}. A layer told so may write its
     * result over that matrix and return it, instead of writing into a buffer of its own: the
     * same numbers, one stream of fresh memory fewer. {@link Sequential} grants it around a
     * {@link Dense} layer, which never reads its output again, nor the input gradient it returned;
     * it grants nothing to the first layer, whose input is the caller's data, and nothing towards
     * the loss. Only a layer made to work in place takes it up ({@link ReLU#inPlace()}); the
     * rest keep their own buffers, so that what a layer returned stays there to be looked at.
     * Default: ignored, which is always correct.
     *
     * @param input true: {@link #forward} may overwrite its input x and return it
     * @param outputGradient true: {@link #backward} may overwrite its dOut and return it
     */
    default void setOverwritable(boolean input, boolean outputGradient) {}
}
