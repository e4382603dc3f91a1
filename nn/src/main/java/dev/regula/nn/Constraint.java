package dev.regula.nn;

/**
 * A projection applied to parameters after each optimizer step (Keras's kernel constraints), for
 * example max-norm. {@link Sequential#trainStep} calls {@link #apply()} right after
 * {@link Optimizer#step}.
 */
public interface Constraint {

    /** Projects the constrained parameters back into the feasible set, in place. */
    void apply();

    /**
     * The constraint's type and arguments, with the name of its parameter under
     * {@code "parameter"}, for checkpoints.
     *
     * @return the type under {@code "type"} and the arguments by name
     * @throws UnsupportedOperationException for a constraint that cannot be saved
     */
    default java.util.Map<String, Object> config() {
        throw new UnsupportedOperationException(getClass().getName() + " does not describe itself (config()), so it cannot be saved");
    }
}
