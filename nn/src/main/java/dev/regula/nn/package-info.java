/**
 * Networks: the {@link dev.regula.nn.Layer} contract, {@link dev.regula.nn.Dense}, the activations,
 * the losses, the initializers, the optimizers (SGD, RMSprop, Adam, AdamW),
 * {@link dev.regula.nn.Sequential} with {@code fit}, {@code evaluate} and {@code predict}, the
 * callbacks, the {@link dev.regula.nn.History}, the Keras-style progress line and saving and
 * loading a whole model ({@link dev.regula.nn.Checkpoint}, in the safetensors format).
 *
 * <p>Shapes: rows are examples everywhere. A layer maps X (m × nIn) to Y (m × nOut); a
 * {@link dev.regula.nn.Dense} kernel W is (nIn × nOut) and its bias b (1 × nOut), so
 * {@code Z = X·W + b}. Backward takes dY (m × nOut), adds ∂J/∂θ into each parameter's gradient
 * and returns dX (m × nIn). Targets are (m × outputs), one-hot for classification; integer labels
 * are turned into one-hot rows by {@link dev.regula.nn.Sequential#oneHot}.
 *
 * <p>Order of use, as in Keras: build a {@link dev.regula.nn.Sequential} from layers (each layer
 * object belongs to one model), {@code compile} it with a {@link dev.regula.nn.Loss} and an
 * {@link dev.regula.nn.Optimizer}, then {@code fit}. Evaluation and prediction always run in
 * {@link dev.regula.nn.Mode#INFERENCE}; there is no global training flag.
 *
 * <p>The regularization layers, penalties and callbacks are in the {@code regula-regularization}
 * module ({@code dev.regula.regularization}), which registers them with
 * {@link dev.regula.nn.Registry} through {@link java.util.ServiceLoader} so that checkpoints that
 * use them can be loaded.
 */
package dev.regula.nn;
