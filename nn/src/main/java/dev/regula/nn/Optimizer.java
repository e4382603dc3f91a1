package dev.regula.nn;

import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients, and owns any per-parameter state (moments).
 *
 * <p>Order of use, per mini-batch: zero the gradients, forward, loss, backward (which accumulates
 * ∂J/∂θ), then {@link #step}. The step counter t starts at 1 on the first step. Parameters that are
 * not {@link Parameter#trainable()} are skipped. State is created lazily, once per parameter, in
 * the parameter's dtype; steady-state steps allocate nothing.
 */
public abstract class Optimizer {
    private double learningRate;
    private long iterations;
    private final Map<Parameter, Matrix[]> slots = new IdentityHashMap<>();

    protected Optimizer(double learningRate) {
        setLearningRate(learningRate);
    }

    /** Applies one update to every trainable parameter. */
    public final void step(List<Parameter> parameters) {
        iterations++;
        // An indexed loop and a plain get: a for-each over the List and computeIfAbsent with a
        // method reference each allocate a small object per call, which the JIT does not always
        // remove, and a training step should allocate nothing.
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (p.trainable()) {
                update(p, slotsFor(p), iterations);
            }
        }
    }

    /** The number of steps taken. */
    public long iterations() {
        return iterations;
    }

    public double learningRate() {
        return learningRate;
    }

    /** Changes the learning rate (schedules and ReduceLROnPlateau call this between steps). */
    public void setLearningRate(double learningRate) {
        this.learningRate = Checks.positive("learningRate", learningRate);
    }

    /** The state of {@code p}, or null before its first step (for saving and tests). */
    public Matrix[] slots(Parameter p) {
        return slots.get(p);
    }

    /** The state of {@code p}, created (zero) if it does not exist yet: for loading a checkpoint. */
    public Matrix[] slotsFor(Parameter p) {
        Matrix[] s = slots.get(p);
        if (s == null) {
            s = createSlots(p);
            slots.put(p, s);
        }
        return s;
    }

    /** Sets the step counter, for resuming from a checkpoint. */
    public void setIterations(long iterations) {
        if (iterations < 0) {
            throw new IllegalArgumentException("Invalid value for iterations: expected an integer >= 0, received: " + iterations);
        }
        this.iterations = iterations;
    }

    /** The optimizer's type and hyperparameters (not its state), for checkpoints. */
    public abstract java.util.Map<String, Object> config();

    private Matrix[] createSlots(Parameter p) {
        Matrix[] s = new Matrix[slotCount()];
        for (int i = 0; i < s.length; i++) {
            s[i] = Matrix.zeros(p.value().dtype(), p.value().rows(), p.value().cols());
        }
        return s;
    }

    /** How many state matrices, each shaped like the parameter, this optimizer keeps. */
    protected abstract int slotCount();

    /** Updates {@code p.value()} from {@code p.grad()} at step {@code t} (t ≥ 1). */
    protected abstract void update(Parameter p, Matrix[] slots, long t);

    /** True for F32 parameters (the update loops are written once per dtype). */
    protected static boolean isF32(Parameter p) {
        return p.value().dtype() == DType.F32;
    }
}
