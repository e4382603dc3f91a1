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

    /**
     * An optimizer with no steps taken and no state.
     *
     * @param learningRate the step size, finite and &gt; 0
     */
    protected Optimizer(double learningRate) {
        setLearningRate(learningRate);
    }

    /**
     * Applies one update to every trainable parameter, after incrementing the step counter.
     *
     * @param parameters the model's parameters; their values are Modified, their gradients are not
     */
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

    /** @return the number of steps taken (t of the last step) */
    public long iterations() {
        return iterations;
    }

    /** @return the current learning rate */
    public double learningRate() {
        return learningRate;
    }

    /**
     * Changes the learning rate (schedules and ReduceLROnPlateau call this between steps).
     *
     * @param learningRate the new step size, finite and &gt; 0
     */
    public void setLearningRate(double learningRate) {
        this.learningRate = Checks.positive("learningRate", learningRate);
    }

    /**
     * The state of {@code p} (for saving and tests).
     *
     * @param p a parameter
     * @return its {@link #slotCount()} state matrices (shared), or null before its first step
     */
    public Matrix[] slots(Parameter p) {
        return slots.get(p);
    }

    /**
     * The state of {@code p}, created (zero) if it does not exist yet: for loading a checkpoint.
     *
     * @param p a parameter
     * @return its {@link #slotCount()} state matrices (shared), each shaped like p
     */
    public Matrix[] slotsFor(Parameter p) {
        Matrix[] s = slots.get(p);
        if (s == null) {
            s = createSlots(p);
            slots.put(p, s);
        }
        return s;
    }

    /**
     * Sets the step counter, for resuming from a checkpoint.
     *
     * @param iterations the number of steps already taken, ≥ 0
     */
    public void setIterations(long iterations) {
        if (iterations < 0) {
            throw new IllegalArgumentException("Invalid value for iterations: expected an integer >= 0, received: " + iterations);
        }
        this.iterations = iterations;
    }

    /**
     * The optimizer's type and hyperparameters (not its state), for checkpoints.
     *
     * @return the type under {@code "type"} and the hyperparameters by name
     */
    public abstract java.util.Map<String, Object> config();

    private Matrix[] createSlots(Parameter p) {
        Matrix[] s = new Matrix[slotCount()];
        for (int i = 0; i < s.length; i++) {
            s[i] = Matrix.zeros(p.value().dtype(), p.value().rows(), p.value().cols());
        }
        return s;
    }

    /** @return how many state matrices, each shaped like the parameter, this optimizer keeps */
    protected abstract int slotCount();

    /**
     * Updates {@code p.value()} from {@code p.grad()} at step {@code t}.
     *
     * @param p the parameter; its value is Modified, its gradient is not
     * @param slots p's state, {@link #slotCount()} matrices shaped like p. Modified.
     * @param t the step counter, ≥ 1
     */
    protected abstract void update(Parameter p, Matrix[] slots, long t);

    /**
     * Whether {@code p} is F32 (the update loops are written once per dtype).
     *
     * @param p a parameter
     * @return true for F32, false for F64
     */
    protected static boolean isF32(Parameter p) {
        return p.value().dtype() == DType.F32;
    }
}
