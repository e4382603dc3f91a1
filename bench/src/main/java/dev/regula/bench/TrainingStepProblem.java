package dev.regula.bench;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.experiments.RunSpec;
import dev.regula.nn.Constraint;
import dev.regula.nn.Dense;
import dev.regula.nn.Layer;
import dev.regula.nn.Mode;
import dev.regula.nn.Penalty;
import dev.regula.nn.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * One training step of a case-study preset to time: the model of
 * {@code RunSpec.preset(preset).model(784, 10, dtype, seed)} (for {@code baseline}, the seeds'
 * 784-500-500-500-500-500-10 ReLU MLP with softmax cross-entropy and Adam), and a pool of
 * {@value #POOL} seeded batches of m synthetic examples (pixels uniform in [0, 1), one-hot labels
 * uniform over the 10 classes) taken in turn, so that the weights keep moving as in training.
 * {@link #step()} is exactly {@link Sequential#trainStep}: zero the gradients, forward, loss,
 * backward, the optimizer's step.
 *
 * <p>Work of one step, for the rates: m images, and the flops of its Dense layers' GEMMs,
 * {@link #flops(Sequential, int)}: 2·m·nIn·nOut forward, 4·m·nIn·nOut backward, and 2·m·nIn·nOut
 * backward for the first Dense layer, which needs no input gradient. For the baseline that is
 * 7.598 MFLOP per image (forward 2.794, backward 4.804).
 */
final class TrainingStepProblem {
    static final int POOL = 16;
    final Sequential model;
    final int batch;
    final long flops;
    private final Matrix[] xs;
    private final Matrix[] ys;
    private int next;

    TrainingStepProblem(String preset, DType dtype, int batch, long seed) {
        this.model = RunSpec.preset(preset).model(784, 10, dtype, seed);
        this.batch = batch;
        this.flops = flops(model, batch);
        Rng rng = new Rng(seed + 1);
        xs = new Matrix[POOL];
        ys = new Matrix[POOL];
        for (int i = 0; i < POOL; i++) {
            xs[i] = Fixtures.pixels(dtype, batch, 784, rng);
            ys[i] = Fixtures.oneHot(dtype, batch, 10, rng);
        }
        nameParts();
    }

    /** One {@link Sequential#trainStep} on the next batch of the pool; returns its loss. */
    double step() {
        int i = next;
        next = i + 1 == POOL ? 0 : i + 1;
        return model.trainStep(xs[i], ys[i]);
    }

    /**
     * {@link Sequential#trainStep} written out, with a clock read between its parts: zeroing the
     * gradients, each layer's forward, the loss (forward and ∂J/∂output), each layer's backward
     * (from the last, stopping at the first that returns no input gradient, as
     * {@link Sequential#backward}), the penalties, the optimizer's step and the constraints. The
     * same calls in the same order, so the same numbers ({@code TrainingStepProblemTest}). Each
     * part's nanoseconds are added into {@code nanos} under its name in {@link #parts()}.
     *
     * @param nanos one slot per part of {@link #parts()}, added to
     * @return the step's loss, as {@link #step()}
     */
    double timedStep(long[] nanos) {
        int b = next;
        next = b + 1 == POOL ? 0 : b + 1;
        List<Layer> layers = model.layers();
        long t = System.nanoTime();
        model.zeroGrad();
        t = lap(nanos, ZERO, t);
        Matrix a = xs[b];
        for (int i = 0; i < layers.size(); i++) {
            a = layers.get(i).forward(a, Mode.TRAIN);
            t = lap(nanos, partOf[i], t);
        }
        double loss = model.loss().forward(a, ys[b]);
        Matrix d = model.loss().backward();
        t = lap(nanos, LOSS, t);
        for (int i = layers.size() - 1; i >= 0 && d != null; i--) {
            d = layers.get(i).backward(d);
            t = lap(nanos, partOf[i], t);
        }
        List<Penalty> penalties = model.penalties();
        for (int i = 0; i < penalties.size(); i++) {
            loss += penalties.get(i).valueAndAddGradient();
        }
        t = lap(nanos, PENALTIES, t);
        model.optimizer().step(model.parameters());
        t = lap(nanos, OPTIMIZER, t);
        List<Constraint> constraints = model.constraints();
        for (int i = 0; i < constraints.size(); i++) {
            constraints.get(i).apply();
        }
        lap(nanos, CONSTRAINTS, t);
        return loss;
    }

    private static long lap(long[] nanos, int part, long since) {
        long now = System.nanoTime();
        nanos[part] += now - since;
        return now;
    }

    /**
     * The names of {@link #timedStep}'s parts: "zeroing the gradients", then one per kind of layer
     * in the order they first appear ("Dense(784→500) fwd+bwd", "ReLU fwd+bwd ×5", ...: a layer's
     * forward and backward together, ×k for k layers of the kind), the loss, "penalties",
     * the optimizer's class name and "constraints".
     */
    List<String> parts() {
        return parts;
    }

    private static final int ZERO = 0, LOSS = 1, PENALTIES = 2, OPTIMIZER = 3, CONSTRAINTS = 4, LAYERS = 5;
    private List<String> parts;
    private int[] partOf;   // layer i's part

    private void nameParts() {
        List<String> kinds = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        List<Layer> layers = model.layers();
        partOf = new int[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String kind = layer instanceof Dense d ? "Dense(" + d.inputSize() + "→" + d.outputSize() + ")"
                    : layer.getClass().getSimpleName();
            int k = kinds.indexOf(kind);
            if (k < 0) {
                k = kinds.size();
                kinds.add(kind);
                counts.add(0);
            }
            counts.set(k, counts.get(k) + 1);
            partOf[i] = LAYERS + k;
        }
        List<String> names = new ArrayList<>(List.of("zeroing the gradients", "loss (" + model.loss().getClass().getSimpleName() + ")",
                "penalties", "optimizer (" + model.optimizer().getClass().getSimpleName() + ")", "constraints"));
        for (int k = 0; k < kinds.size(); k++) {
            names.add(kinds.get(k) + " fwd+bwd" + (counts.get(k) > 1 ? " ×" + counts.get(k) : ""));
        }
        parts = List.copyOf(names);
    }

    /** The GEMM flops of one training step on m rows (forward and backward of every Dense layer). */
    static long flops(Sequential model, int m) {
        long flops = 0;
        boolean parametersBefore = false;   // Sequential skips dX of a layer with no parameters before it
        for (Layer layer : model.layers()) {
            if (layer instanceof Dense d) {
                long mnk = (long) m * d.inputSize() * d.outputSize();
                flops += 2 * mnk + (parametersBefore ? 4 * mnk : 2 * mnk);
            }
            parametersBefore |= !layer.parameters().isEmpty();
        }
        return flops;
    }
}
