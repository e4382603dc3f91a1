package dev.regula.core;

/**
 * A trainable tensor and its gradient, side by side: {@code value} is θ, {@code grad} is +∂J/∂θ.
 *
 * <p>Backward passes <em>add</em> into {@code grad}; {@link #zeroGrad()} is a visible step of the
 * training loop (as llm.c's {@code gpt2_zero_grad}), so gradients from several sources (the data
 * loss and a penalty, say) accumulate naturally.
 */
public final class Parameter {
    private final String name;
    private final Matrix value;
    private final Matrix grad;
    private boolean trainable = true;

    /**
     * A parameter named {@code name} (e.g. "dense_1/kernel") with a zero gradient of the same shape.
     *
     * @param name the name used in checkpoints and messages
     * @param value θ, kept (not copied)
     */
    public Parameter(String name, Matrix value) {
        this(name, value, Matrix.zeros(value.dtype(), value.rows(), value.cols()));
    }

    /**
     * A parameter with an explicit gradient buffer.
     *
     * @param name the name used in checkpoints and messages
     * @param value θ, kept (not copied)
     * @param grad the gradient buffer, same shape and dtype as value, kept (not copied)
     */
    public Parameter(String name, Matrix value, Matrix grad) {
        Checks.sameShape(name + " value", value, name + " grad", grad);
        Checks.sameDType(name + " value", value, name + " grad", grad);
        this.name = name;
        this.value = value;
        this.grad = grad;
    }

    /** @return the name, e.g. "dense_1/kernel" */
    public String name() {
        return name;
    }

    /** @return θ (shared, not a copy). Modified by optimizers. */
    public Matrix value() {
        return value;
    }

    /** @return ∂J/∂θ (shared, not a copy), accumulated by backward passes */
    public Matrix grad() {
        return grad;
    }

    /** @return whether optimizers update this parameter (default true) */
    public boolean trainable() {
        return trainable;
    }

    /** @param trainable whether optimizers update this parameter (false freezes it) */
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
    }

    /** Sets the gradient to zero. */
    public void zeroGrad() {
        grad.fill(0);
    }

    @Override
    public String toString() {
        return name + " " + value.shape();
    }
}
