package dev.regula.conformance;

import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.nn.Activation;
import dev.regula.nn.BinaryCrossEntropy;
import dev.regula.nn.Convention;
import dev.regula.nn.Dense;
import dev.regula.nn.Loss;
import dev.regula.nn.MeanSquaredError;
import dev.regula.nn.Mode;
import dev.regula.nn.ReLU;
import dev.regula.nn.Sigmoid;
import dev.regula.nn.Softmax;
import dev.regula.nn.SoftmaxCrossEntropy;
import dev.regula.nn.Tanh;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** nn's Dense, activations and losses against PyTorch (autograd and torch.nn.functional). */
class LayersConformanceTest {

    @AfterAll
    static void summary() {
        System.out.println(Compare.summary());
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void denseForwardAndBackward(String dtype) {
        Fixture f = Fixture.load("dense", dtype);
        Dense dense = new Dense(4, 3);
        dense.build("dense", f.dtype, new Rng(0));
        dense.kernel().value().copyFrom(f.get("w"));
        dense.bias().value().copyFrom(f.get("b"));
        Compare.close(f, "z", f.get("z"), dense.forward(f.get("x"), Mode.TRAIN).copy());
        Matrix dX = dense.backward(f.get("dz"));
        Compare.close(f, "dx", f.get("dx"), dX);
        Compare.close(f, "dw", f.get("dw"), dense.kernel().grad());
        Compare.close(f, "db", f.get("db"), dense.bias().grad());
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void activations(String dtype) {
        check(Fixture.load("relu", dtype), ReLU::new);
        check(Fixture.load("sigmoid", dtype), Sigmoid::new);
        check(Fixture.load("tanh", dtype), Tanh::new);
        check(Fixture.load("softmax", dtype), Softmax::new);
    }

    private static void check(Fixture f, Supplier<Activation> make) {
        Activation a = make.get();
        a.build(f.caseName, f.dtype, new Rng(0));
        Compare.close(f, "y", f.get("y"), a.forward(f.get("x"), Mode.TRAIN).copy());
        Compare.close(f, "dx", f.get("dx"), a.backward(f.get("dy")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void softmaxCrossEntropy(String dtype) {
        for (String c : new String[] {"sce_onehot", "sce_extreme", "sce_soft"}) {
            Fixture f = Fixture.load(c, dtype);
            checkLoss(f, new SoftmaxCrossEntropy(), "logits", "dlogits");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void binaryCrossEntropyKerasClipping(String dtype) {
        checkLoss(Fixture.load("bce_keras", dtype), new BinaryCrossEntropy(), "p", "dp");
    }

    /** PyTorch's F.binary_cross_entropy: logs clamped at −100, gradient ÷ max(p(1 − p), 1e-12); p = 0, 1 and 1e-9 in the edges case. */
    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void binaryCrossEntropyPyTorch(String dtype) {
        checkLoss(Fixture.load("bce_torch", dtype), new BinaryCrossEntropy(Convention.PYTORCH), "p", "dp");
        checkLoss(Fixture.load("bce_torch_edges", dtype), new BinaryCrossEntropy(Convention.PYTORCH), "p", "dp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void meanSquaredError(String dtype) {
        checkLoss(Fixture.load("mse", dtype), new MeanSquaredError(), "output", "doutput");
    }

    static void checkLoss(Fixture f, Loss loss, String input, String gradient) {
        double j = loss.forward(f.get(input), f.get("target"));
        Compare.close(f, "loss", f.scalar("loss"), j);
        Compare.close(f, gradient, f.get(gradient), loss.backward());
    }
}
