package dev.regula.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.GradientCheck;
import dev.regula.core.Matrix;
import dev.regula.core.Ops;
import dev.regula.core.Parameter;
import dev.regula.core.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Central-difference gradient checks, in F64 with the checker's defaults (ε 1e-5, relative
 * tolerance 1e-6, floor 1e-4), of every layer, every loss and whole networks.
 *
 * <p>A layer is checked with the scalar {@code J = Σ output ⊙ R} for a fixed random R, whose
 * gradient with respect to the output is R itself: backward is fed {@code dOut = R}. The input X
 * is checked too, by wrapping it as a {@link Parameter} whose gradient is filled from the value
 * backward returns.
 */
class LayerGradientCheckTest {

    private static Matrix random(int rows, int cols, Rng rng, DoubleUnaryOperator shape) {
        Matrix m = Matrix.zeros(DType.F64, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.set(i, shape.applyAsDouble(rng.nextGaussian()));
        }
        return m;
    }

    private static Matrix gaussian(int rows, int cols, Rng rng) {
        return random(rows, cols, rng, z -> z);
    }

    /** J = Σ out ⊙ R. */
    private static double dot(Matrix out, Matrix r) {
        double j = 0;
        for (int i = 0; i < out.size(); i++) {
            j += out.get(i) * r.get(i);
        }
        return j;
    }

    /**
     * Checks {@code layer}'s parameters and its input gradient for J = Σ layer(X) ⊙ R. The layer
     * is already built; X is wrapped as the parameter "input".
     */
    private static GradientCheck.Report checkLayer(Layer layer, Matrix x, Matrix r) {
        Parameter input = new Parameter("input", x);
        List<Parameter> params = new ArrayList<>(layer.parameters());
        params.add(input);
        DoubleSupplier loss = () -> dot(layer.forward(input.value(), Mode.TRAIN), r);
        Runnable gradients = () -> {
            for (Parameter p : params) {
                p.zeroGrad();
            }
            layer.forward(input.value(), Mode.TRAIN);
            Matrix dX = layer.backward(r);
            Ops.addScaled(dX, 1, input.grad());
        };
        return new GradientCheck().check(params, loss, gradients);
    }

    private static void assertPassed(GradientCheck.Report report, String what) {
        assertTrue(report.passed(), what + " fails its gradient check:\n" + report.format());
    }

    @Test
    void dense() {
        Rng rng = new Rng(1);
        Dense dense = new Dense(4, 3);
        dense.build("dense", DType.F64, rng.fork());
        // A non-zero bias, so that the check does not start from the special point b = 0.
        Matrix b = dense.bias().value();
        for (int i = 0; i < b.size(); i++) {
            b.set(i, rng.nextGaussian());
        }
        GradientCheck.Report report = checkLayer(dense, gaussian(5, 4, rng), gaussian(5, 3, rng));
        assertPassed(report, "Dense");
        for (String name : List.of("dense/kernel", "dense/bias", "input")) {
            assertTrue(report.worst(name) != null, "no entry for " + name + ":\n" + report.format());
        }
    }

    @Test
    void relu() {
        Rng rng = new Rng(2);
        ReLU relu = new ReLU();
        relu.build("relu", DType.F64, null);
        // |x| > 0.1, far from the kink at 0 compared with ε = 1e-5.
        Matrix x = random(6, 4, rng, z -> Math.copySign(0.1 + Math.abs(z), z));
        assertPassed(checkLayer(relu, x, gaussian(6, 4, rng)), "ReLU");
    }

    @Test
    void sigmoid() {
        Rng rng = new Rng(3);
        Sigmoid sigmoid = new Sigmoid();
        sigmoid.build("sigmoid", DType.F64, null);
        assertPassed(checkLayer(sigmoid, random(6, 4, rng, z -> 2 * z), gaussian(6, 4, rng)), "Sigmoid");
    }

    @Test
    void tanh() {
        Rng rng = new Rng(4);
        Tanh tanh = new Tanh();
        tanh.build("tanh", DType.F64, null);
        assertPassed(checkLayer(tanh, random(6, 4, rng, z -> 1.5 * z), gaussian(6, 4, rng)), "Tanh");
    }

    @Test
    void softmax() {
        Rng rng = new Rng(5);
        Softmax softmax = new Softmax();
        softmax.build("softmax", DType.F64, null);
        assertPassed(checkLayer(softmax, random(6, 5, rng, z -> 2 * z), gaussian(6, 5, rng)), "Softmax");
    }

    // ---------------------------------------------------------------- losses w.r.t. their input

    private static GradientCheck.Report checkLoss(Loss lossFunction, Matrix output, Matrix target) {
        Parameter in = new Parameter("output", output);
        List<Parameter> params = List.of(in);
        DoubleSupplier loss = () -> lossFunction.forward(in.value(), target);
        Runnable gradients = () -> {
            in.zeroGrad();
            lossFunction.forward(in.value(), target);
            Ops.addScaled(lossFunction.backward(), 1, in.grad());
        };
        return new GradientCheck().check(params, loss, gradients);
    }

    private static Matrix oneHot(int rows, int classes, Rng rng) {
        Matrix t = Matrix.zeros(DType.F64, rows, classes);
        for (int r = 0; r < rows; r++) {
            t.set(r, rng.nextInt(classes), 1);
        }
        return t;
    }

    @Test
    void softmaxCrossEntropyWithOneHotTargets() {
        Rng rng = new Rng(6);
        Matrix logits = random(5, 4, rng, z -> 2 * z);
        assertPassed(checkLoss(new SoftmaxCrossEntropy(), logits, oneHot(5, 4, rng)), "SoftmaxCrossEntropy");
    }

    @Test
    void binaryCrossEntropy() {
        Rng rng = new Rng(7);
        Matrix p = Matrix.zeros(DType.F64, 5, 3);
        Matrix y = Matrix.zeros(DType.F64, 5, 3);
        for (int i = 0; i < p.size(); i++) {
            p.set(i, rng.uniform(0.05, 0.95));
            y.set(i, rng.nextInt(2));
        }
        assertPassed(checkLoss(new BinaryCrossEntropy(), p, y), "BinaryCrossEntropy");
    }

    @Test
    void binaryCrossEntropyWithSoftTargets() {
        Rng rng = new Rng(8);
        Matrix p = Matrix.zeros(DType.F64, 4, 2);
        Matrix y = Matrix.zeros(DType.F64, 4, 2);
        for (int i = 0; i < p.size(); i++) {
            p.set(i, rng.uniform(0.05, 0.95));
            y.set(i, rng.nextDouble());
        }
        assertPassed(checkLoss(new BinaryCrossEntropy(), p, y), "BinaryCrossEntropy with soft targets");
    }

    @Test
    void meanSquaredError() {
        Rng rng = new Rng(9);
        assertPassed(checkLoss(new MeanSquaredError(), gaussian(5, 3, rng), gaussian(5, 3, rng)), "MeanSquaredError");
    }

    // ---------------------------------------------------------------- whole networks

    /**
     * Checks every parameter of {@code model} with its loss on (x, y) as J; no optimizer step
     * ({@link Sequential#gradientCheck}, with the model compiled for it).
     */
    private static GradientCheck.Report checkModel(Sequential model, Loss lossFunction, Matrix x, Matrix y) {
        model.compile(lossFunction, new Sgd(0.1));
        return model.gradientCheck(x, y);
    }

    /** Gives every bias a random value, so that no parameter is checked at a special point. */
    private static void randomizeBiases(Sequential model, Rng rng) {
        for (Parameter p : model.parameters()) {
            if (p.name().endsWith("/bias")) {
                for (int i = 0; i < p.value().size(); i++) {
                    p.value().set(i, 0.1 * rng.nextGaussian());
                }
            }
        }
    }

    @Test
    void networkWithSoftmaxCrossEntropy() {
        Rng rng = new Rng(10);
        Sequential model = new Sequential(DType.F64, 11,
                new Dense(4, 5), new Tanh(), new Dense(5, 3), new ReLU(), new Dense(3, 3));
        randomizeBiases(model, rng);
        GradientCheck.Report report = checkModel(model, new SoftmaxCrossEntropy(), gaussian(6, 4, rng), oneHot(6, 3, rng));
        assertPassed(report, "Dense-Tanh-Dense-ReLU-Dense + softmax cross-entropy");
        assertEquals(4 * 5 + 5 + 5 * 3 + 3 + 3 * 3 + 3, report.entries().size(), "every parameter element is checked");
    }

    @Test
    void networkWithSigmoidAndBinaryCrossEntropy() {
        Rng rng = new Rng(12);
        Sequential model = new Sequential(DType.F64, 13,
                new Dense(3, 4), new Tanh(), new Dense(4, 2), new Sigmoid());
        randomizeBiases(model, rng);
        Matrix y = Matrix.zeros(DType.F64, 6, 2);
        for (int i = 0; i < y.size(); i++) {
            y.set(i, rng.nextInt(2));
        }
        assertPassed(checkModel(model, new BinaryCrossEntropy(), gaussian(6, 3, rng), y),
                "Dense-Tanh-Dense-Sigmoid + binary cross-entropy");
    }

    @Test
    void networkWithMeanSquaredError() {
        Rng rng = new Rng(14);
        Sequential model = new Sequential(DType.F64, 15,
                new Dense(3, 6), new Sigmoid(), new Dense(6, 2));
        randomizeBiases(model, rng);
        assertPassed(checkModel(model, new MeanSquaredError(), gaussian(5, 3, rng), gaussian(5, 2, rng)),
                "Dense-Sigmoid-Dense + mean squared error");
    }

    @Test
    void networkWithSoftmaxLayerAndMeanSquaredError() {
        Rng rng = new Rng(16);
        Sequential model = new Sequential(DType.F64, 17,
                new Dense(3, 4), new ReLU(), new Dense(4, 3), new Softmax());
        randomizeBiases(model, rng);
        assertPassed(checkModel(model, new MeanSquaredError(), gaussian(5, 3, rng), oneHot(5, 3, rng)),
                "Dense-ReLU-Dense-Softmax + mean squared error");
    }
}
