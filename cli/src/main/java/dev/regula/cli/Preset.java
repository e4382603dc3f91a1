package dev.regula.cli;

import dev.regula.core.DType;
import dev.regula.nn.Adam;
import dev.regula.nn.Dense;
import dev.regula.nn.Layer;
import dev.regula.nn.ReLU;
import dev.regula.nn.Sequential;
import dev.regula.nn.SoftmaxCrossEntropy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The named training recipes of the case study (DESIGN.md): the seeds' 784-500-500-500-500-500-10
 * ReLU network with a softmax cross-entropy output, glorot-uniform kernels, zero biases and Adam
 * (lr 1e-3, β 0.9/0.999, ε 1e-7), batch 128, 10 epochs.
 */
enum Preset {
    BASELINE("the seeds' MLP without regularization");

    static final int[] HIDDEN = {500, 500, 500, 500, 500};
    static final int DEFAULT_EPOCHS = 10;
    static final int DEFAULT_BATCH_SIZE = 128;

    final String description;

    Preset(String description) {
        this.description = description;
    }

    /** The preset's name as typed on the command line. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Builds and compiles the model for {@code inputs} features and {@code classes} classes. */
    Sequential model(int inputs, int classes, DType dtype, long seed) {
        List<Layer> layers = new ArrayList<>();
        int width = inputs;
        for (int h : HIDDEN) {
            layers.add(new Dense(width, h));
            layers.add(new ReLU());
            width = h;
        }
        layers.add(new Dense(width, classes));          // logits; softmax is fused into the loss
        Sequential model = new Sequential(dtype, seed, layers.toArray(new Layer[0]));
        return model.compile(new SoftmaxCrossEntropy(), new Adam());
    }

    static Preset parse(String name) {
        for (Preset p : values()) {
            if (p.key().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown preset: expected one of "
                + Arrays.stream(values()).map(Preset::key).toList() + ", received: " + name);
    }
}
