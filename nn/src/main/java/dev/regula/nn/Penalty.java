package dev.regula.nn;

/**
 * A term added to the mini-batch loss, with its gradient: {@code J = data loss + Σ penalties}.
 *
 * <p>{@link Sequential} adds {@link #value()} to the data loss and, after the backward pass of the
 * data loss, calls {@link #addGradient()}, which adds ∂penalty/∂θ into the gradients it concerns.
 * The training log reports the data loss, the penalty and their sum separately.
 *
 * <p>A layer that implements this interface (an activity penalty, say) is picked up by
 * {@link Sequential} automatically; its value refers to the layer's last forward pass.
 */
public interface Penalty {

    /** @return the current value of the penalty, the term added to J */
    double value();

    /** Adds ∂penalty/∂θ into the gradients of the parameters it concerns. */
    void addGradient();

    /**
     * {@link #addGradient()} and returns {@link #value()}, as {@link Sequential#trainStep} needs
     * both: the same results as calling the two, which is what this default does. A penalty over
     * many weights (L1, L2) overrides it to read the weights once instead of twice.
     *
     * @return the penalty's value, as {@link #value()}
     */
    default double valueAndAddGradient() {
        double value = value();
        addGradient();
        return value;
    }

    /**
     * The penalty's type and arguments, with the name of its parameter under {@code "parameter"},
     * for checkpoints. A layer that is a penalty is saved as a layer and returns null here.
     *
     * @return the type under {@code "type"} and the arguments by name, or null (see above)
     * @throws UnsupportedOperationException for a penalty that cannot be saved
     */
    default java.util.Map<String, Object> config() {
        throw new UnsupportedOperationException(getClass().getName() + " does not describe itself (config()), so it cannot be saved");
    }
}
