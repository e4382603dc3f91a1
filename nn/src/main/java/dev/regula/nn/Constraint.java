package dev.regula.nn;

/**
 * A projection applied to parameters after each optimizer step (Keras's kernel constraints), for
 * example max-norm. {@link Sequential#trainStep} calls {@link #apply()} right after
 * {@link Optimizer#step}.
 */
public interface Constraint {

    /** Projects the constrained parameters back into the feasible set, in place. */
    void apply();
}
