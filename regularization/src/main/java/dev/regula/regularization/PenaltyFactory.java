package dev.regula.regularization;

import dev.regula.core.Parameter;
import dev.regula.nn.Penalty;

/**
 * Makes a penalty on a given parameter: the unbound form of a regularizer, as Keras's
 * {@code regularizers.l2(1e-4)} before it is attached to a kernel. {@link L2#of}, {@link L1#of},
 * {@link L1L2#of} and {@link L2#seedForm} return one; {@link Penalties#onKernels} applies it to
 * every Dense kernel of a model.
 */
@FunctionalInterface
public interface PenaltyFactory {

    /**
     * A penalty on {@code parameter} (its value and its gradient buffer).
     *
     * @param parameter the parameter to penalize
     * @return a new penalty, not yet added to any model
     */
    Penalty on(Parameter parameter);
}
