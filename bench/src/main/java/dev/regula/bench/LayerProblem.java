package dev.regula.bench;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.nn.Dense;
import dev.regula.nn.Layer;
import dev.regula.nn.Mode;
import dev.regula.nn.ReLU;
import dev.regula.regularization.BatchNormalization;
import dev.regula.regularization.Dropout;
import dev.regula.regularization.GaussianNoise;
import java.util.Locale;

/**
 * One layer to time on a seeded batch, as {@link GemmProblem} is one GEMM: the layer is built
 * from a seed, the input X (m × nIn) and the upstream gradient dY (m × nOut) are drawn once,
 * uniform in [−1, 1), and every call reuses them and the layer's own buffers, so that a call does
 * nothing but the layer's work.
 *
 * <p>The layers, by name (the case-study MLP's, batch m = 128 by default):
 * <ul>
 *   <li>{@code dense-first}: Dense(784→500) as the network's first layer, whose backward skips
 *       the input gradient dX (its input is the data);</li>
 *   <li>{@code dense-hidden}: Dense(500→500), a hidden layer, whose backward computes dX;</li>
 *   <li>{@code relu}: ReLU on (m × 500);</li>
 *   <li>{@code dropout}: Dropout(keepProb 0.75), i.e. Keras's rate 0.25, on (m × 500);</li>
 *   <li>{@code batchnorm}: BatchNormalization(500) on (m × 500).</li>
 * </ul>
 *
 * <p>Work, for the rates: a Dense forward is 2·m·nIn·nOut flops (the GEMM Z = X·W; the m·nOut
 * bias additions are not counted), its backward 4·m·nIn·nOut (dW = Xᵀ·dZ and dX = dZ·Wᵀ), or
 * 2·m·nIn·nOut without dX. The other layers are counted in elements of their output, m·nOut.
 *
 * <p>Backward adds into the parameters' gradients (see {@link Layer}); the benchmarks never zero
 * them, which costs nothing to the timing and keeps the values finite for far longer than any run.
 */
final class LayerProblem {
    final String name;
    final Layer layer;
    final int m, nIn, nOut;
    final long forwardFlops;
    final long backwardFlops;
    private final Matrix x;    // (m, nIn)
    private final Matrix dY;   // (m, nOut)

    LayerProblem(String name, DType dtype, int m, long seed) {
        this.name = name;
        this.m = m;
        boolean inputGradient = true;
        switch (name.toLowerCase(Locale.ROOT)) {
            case "dense-first":
                layer = new Dense(784, 500); nIn = 784; nOut = 500; inputGradient = false;
                break;
            case "dense-hidden":
                layer = new Dense(500, 500); nIn = 500; nOut = 500;
                break;
            case "relu":
                layer = new ReLU(); nIn = nOut = 500;
                break;
            case "dropout":
                layer = new Dropout(0.75); nIn = nOut = 500;
                break;
            case "batchnorm":
                layer = new BatchNormalization(500); nIn = nOut = 500;
                break;
            case "noise":
                layer = new GaussianNoise(0.1); nIn = nOut = 500;
                break;
            default:
                throw new IllegalArgumentException("Invalid layer: expected dense-first, dense-hidden, relu, dropout,"
                        + " batchnorm or noise, received: " + name);
        }
        Rng rng = new Rng(seed);
        layer.build(name, dtype, rng.fork());
        layer.setInputGradientNeeded(inputGradient);
        x = Fixtures.uniform(dtype, m, nIn, rng);
        dY = Fixtures.uniform(dtype, m, nOut, rng);
        boolean dense = layer instanceof Dense;
        forwardFlops = dense ? 2L * m * nIn * nOut : 0;
        backwardFlops = dense ? (inputGradient ? 4L : 2L) * m * nIn * nOut : 0;
        layer.forward(x, Mode.TRAIN);   // so that backward() alone has a cache to work from
    }

    /** A training forward: Y = layer(X). */
    Matrix forward() {
        return layer.forward(x, Mode.TRAIN);
    }

    /** The backward of the last training forward, from the fixed dY. */
    Matrix backward() {
        return layer.backward(dY);
    }

    /** A training forward, then its backward. */
    Matrix forwardBackward() {
        layer.forward(x, Mode.TRAIN);
        return layer.backward(dY);
    }

    /** Elements of the output, m·nOut. */
    long elements() {
        return (long) m * nOut;
    }
}
