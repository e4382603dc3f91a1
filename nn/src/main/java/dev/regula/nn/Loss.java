package dev.regula.nn;

import dev.regula.core.Matrix;

/**
 * A loss J(output, target) averaged over the mini-batch, with its gradient.
 *
 * <p>Order of use: {@link #forward} returns J and caches what {@link #backward} needs;
 * {@link #backward} returns ∂J/∂output (already divided by the batch size), a buffer owned by
 * the loss.
 */
public interface Loss {

    /**
     * The mean loss over the m rows of {@code output} against {@code target}.
     *
     * @param output the model's output, (m × n). Not modified.
     * @param target the targets, (m × n). Not modified.
     * @return J, the loss averaged over the m rows
     */
    double forward(Matrix output, Matrix target);

    /** @return ∂J/∂output for the last {@link #forward}, (m × n), owned by the loss */
    Matrix backward();

    /** @return a short name: "softmax_cross_entropy", "binary_cross_entropy", "mse" */
    String name();

    /** @return the loss's type for checkpoints: its {@link #name()} */
    default java.util.Map<String, Object> config() {
        return Config.of(name());
    }
}
