package dev.regula.regularization;

import dev.regula.core.Parameter;
import dev.regula.nn.Dense;
import dev.regula.nn.Layer;
import dev.regula.nn.Penalty;
import dev.regula.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Attaches a penalty to many parameters of a model at once, as Keras's
 * {@code Dense(..., kernel_regularizer=l2(1e-4))} repeated on every layer.
 *
 * <pre>
 * // the case study: L2 1e-4 on the five hidden kernels, none on the output layer
 * Penalties.onKernels(model, L2.of(1e-4), false);
 * </pre>
 */
public final class Penalties {
    private Penalties() {}

    /**
     * Adds {@code factory.on(kernel)} to {@code model} for the kernel W of every {@link Dense}
     * layer, except the last Dense layer (the output layer) unless {@code includeOutputLayer}.
     *
     * @param model the model. Modified (its penalties).
     * @param factory the penalty to put on each kernel, e.g. {@code L2.of(1e-4)}
     * @param includeOutputLayer whether the last Dense layer's kernel is penalized too
     * @return the penalties added, in layer order
     */
    public static List<Penalty> onKernels(Sequential model, PenaltyFactory factory, boolean includeOutputLayer) {
        return onDense(model, factory, includeOutputLayer, Dense::kernel);
    }

    /**
     * As {@link #onKernels}, for the biases b of the Dense layers (Keras's {@code bias_regularizer}).
     *
     * @param model the model. Modified (its penalties).
     * @param factory the penalty to put on each bias
     * @param includeOutputLayer whether the last Dense layer's bias is penalized too
     * @return the penalties added, in layer order
     */
    public static List<Penalty> onBiases(Sequential model, PenaltyFactory factory, boolean includeOutputLayer) {
        return onDense(model, factory, includeOutputLayer, Dense::bias);
    }

    private static List<Penalty> onDense(Sequential model, PenaltyFactory factory, boolean includeOutputLayer,
                                         Function<Dense, Parameter> which) {
        if (model == null || factory == null) {
            throw new IllegalArgumentException("Invalid arguments: expected a model and a penalty factory, received: "
                    + model + ", " + factory);
        }
        List<Dense> dense = new ArrayList<>();
        for (Layer layer : model.layers()) {
            if (layer instanceof Dense) {
                dense.add((Dense) layer);
            }
        }
        int count = includeOutputLayer ? dense.size() : dense.size() - 1;
        List<Penalty> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Penalty p = factory.on(which.apply(dense.get(i)));
            model.addPenalty(p);
            added.add(p);
        }
        return List.copyOf(added);
    }
}
