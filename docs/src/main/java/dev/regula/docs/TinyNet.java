package dev.regula.docs;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import dev.regula.nn.Dense;
import dev.regula.nn.Mode;
import dev.regula.nn.Penalty;
import dev.regula.nn.ReLU;
import dev.regula.nn.Sequential;
import dev.regula.nn.SoftmaxCrossEntropy;
import dev.regula.regularization.Dropout;
import java.util.ArrayList;
import java.util.List;

/**
 * The network most walkthroughs step through, built from the engine's own layers, in F64:
 * <pre>
 * X (4×3) → Dense(3→3) → ReLU → [Dropout(keepProb)] → Dense(3→2) → softmax cross-entropy
 * Z1 = X·W1 + b1    A1 = relu(Z1)    [A1 ← A1 ⊙ D1 / keepProb]    Z2 = A1·W2 + b2    J = CE(softmax(Z2), Y)
 * </pre>
 * 4 examples (rows), 3 inputs, 3 hidden units, 2 classes. The kernels are glorot-uniform (Keras's
 * default), drawn by {@code Sequential(F64, SEED, ...)} (the i-th Dense layer gets the stream
 * {@code Rng.stream(SEED, "dense", i)}, so W1 and W2 are the same with and without dropout); the biases, which start at zero, are set to small values so
 * that "+ b" shows in the numbers. W1 is {@code dense_0/kernel} and W2 {@code dense_2/kernel}
 * ({@code dense_3/kernel} with dropout) in the gradient-check tables.
 *
 * <p>{@link #forward} and {@link #backward} call each layer in turn and keep a copy of every
 * intermediate matrix, so a walkthrough can print them; {@link #loss} and {@link #gradients} are
 * the two functions a {@link dev.regula.core.GradientCheck} needs.
 */
final class TinyNet {
    /** The seed of every walkthrough's weights. */
    static final long SEED = 6;
    /** The seed a dropout mask is redrawn from ({@link Dropout#reseed}) before every forward. */
    static final long MASK_SEED = 9;

    /** The 4 examples, one per row. */
    static Matrix x() {
        return Matrix.fromRows(DType.F64, new double[][] {
                {0.5, -1.2, 0.3},
                {1.0, 0.4, -0.7},
                {-0.3, 0.8, 1.5},
                {0.9, -0.5, -1.1}});
    }

    /** The classes of the 4 examples. */
    static int[] labels() {
        return new int[] {0, 1, 1, 0};
    }

    /** The one-hot targets Y, (4×2). */
    static Matrix y() {
        int[] labels = labels();
        Matrix y = Matrix.zeros(DType.F64, labels.length, 2);
        for (int i = 0; i < labels.length; i++) {
            y.set(i, labels[i], 1);
        }
        return y;
    }

    final Matrix x = x();
    final Matrix y = y();
    final Sequential model;
    final Dense dense1;
    final ReLU relu;
    final Dropout dropout;       // null without dropout
    final Dense dense2;
    final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    final List<Penalty> penalties = new ArrayList<>();
    /** Whether {@link #forward} redraws the dropout mask from {@link #MASK_SEED} (true but to show what breaks). */
    boolean reseedMask = true;

    // Copies of the intermediate matrices of the last forward and backward.
    Matrix z1, a1, mask, a1Dropped, z2, p;
    double dataLoss;
    Matrix dZ2, dA1Dropped, dA1, dZ1;

    /** Without dropout. */
    TinyNet() {
        this(0);
    }

    /** With {@code Dropout(keepProb)} after the ReLU, or without when keepProb is 0. */
    TinyNet(double keepProb) {
        dense1 = new Dense(3, 3);
        relu = new ReLU();
        dense2 = new Dense(3, 2);
        if (keepProb > 0) {
            dropout = new Dropout(keepProb);
            model = new Sequential(DType.F64, SEED, dense1, relu, dropout, dense2);
            // The dropout layer takes a stream of its own, which would give dense2 other weights:
            // use the kernels of the network without dropout, so every walkthrough has the same W1, W2.
            TinyNet plain = new TinyNet();
            dense1.kernel().value().copyFrom(plain.w1().value());
            dense2.kernel().value().copyFrom(plain.w2().value());
        } else {
            dropout = null;
            model = new Sequential(DType.F64, SEED, dense1, relu, dense2);
        }
        set(dense1.bias().value(), 0.1, -0.1, 0.05);
        set(dense2.bias().value(), 0.02, -0.02);
    }

    private static void set(Matrix m, double... values) {
        for (int i = 0; i < values.length; i++) {
            m.set(i, values[i]);
        }
    }

    Parameter w1() {
        return dense1.kernel();
    }

    Parameter b1() {
        return dense1.bias();
    }

    Parameter w2() {
        return dense2.kernel();
    }

    Parameter b2() {
        return dense2.bias();
    }

    List<Parameter> parameters() {
        return model.parameters();
    }

    /** The forward pass in TRAIN mode (a dropout mask redrawn from {@link #MASK_SEED}); returns the data loss. */
    double forward() {
        if (dropout != null && reseedMask) {
            dropout.reseed(MASK_SEED);
        }
        z1 = dense1.forward(x, Mode.TRAIN).copy();
        a1 = relu.forward(z1, Mode.TRAIN).copy();
        Matrix into2 = a1;
        if (dropout != null) {
            a1Dropped = dropout.forward(a1, Mode.TRAIN).copy();
            mask = dropout.mask();
            into2 = a1Dropped;
        }
        z2 = dense2.forward(into2, Mode.TRAIN).copy();
        dataLoss = loss.forward(z2, y);
        p = loss.probabilities().copy();
        return dataLoss;
    }

    /** The sum of the penalties at the current weights. */
    double penalty() {
        double s = 0;
        for (Penalty pen : penalties) {
            s += pen.value();
        }
        return s;
    }

    /** The backward pass of the last {@link #forward}: gradients zeroed first, penalties' gradients added last. */
    void backward() {
        model.zeroGrad();
        dZ2 = loss.backward().copy();
        Matrix d = dense2.backward(dZ2);
        if (dropout != null) {
            dA1Dropped = d.copy();
            d = dropout.backward(d);
        }
        dA1 = d.copy();
        dZ1 = relu.backward(dA1).copy();
        dense1.backward(dZ1);
        for (Penalty pen : penalties) {
            pen.addGradient();
        }
    }

    /** J = data loss + penalties, at the current weights (for the gradient checker). */
    double loss() {
        return forward() + penalty();
    }

    /** ∂J/∂θ into every parameter's gradient (for the gradient checker). */
    void gradients() {
        forward();
        backward();
    }
}
