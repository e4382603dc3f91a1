package dev.regula.bench;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.experiments.RunSpec;
import dev.regula.nn.Dense;
import dev.regula.nn.Layer;
import dev.regula.nn.Sequential;

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
    }

    /** One {@link Sequential#trainStep} on the next batch of the pool; returns its loss. */
    double step() {
        int i = next;
        next = i + 1 == POOL ? 0 : i + 1;
        return model.trainStep(xs[i], ys[i]);
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
