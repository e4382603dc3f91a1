package dev.regula.conformance;

import dev.regula.core.Matrix;
import dev.regula.nn.Adam;
import dev.regula.nn.Convention;
import dev.regula.nn.Dense;
import dev.regula.nn.Optimizer;
import dev.regula.nn.ReLU;
import dev.regula.nn.Sequential;
import dev.regula.nn.Sgd;
import dev.regula.nn.SoftmaxCrossEntropy;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A tiny MLP (6 → 5 ReLU → 3, softmax cross-entropy) trained 20 steps on 4 fixed batches of 8,
 * from the same initial weights as torch; the loss of every step and the weights after it are
 * compared. The whole training step runs: Sequential.trainStep, the GEMM kernels, the fused loss.
 */
class MlpConformanceTest {

    @AfterAll
    static void summary() {
        System.out.println(Compare.summary());
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void sgdWithMomentum(String dtype) {
        train(Fixture.load("mlp_sgd", dtype), f -> new Sgd(f.metaDouble("lr"), f.metaDouble("momentum"), false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void adamKeras(String dtype) {
        train(Fixture.load("mlp_adam_keras", dtype), f -> new Adam(f.metaDouble("lr"), f.metaDouble("beta1"),
                f.metaDouble("beta2"), f.metaDouble("epsilon")));
    }

    /** The criterion: with PyTorch's conventions, 20 steps equal torch.optim.Adam's to 1e-12 in F64. */
    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void adamPyTorch(String dtype) {
        train(Fixture.load("mlp_adam_torch", dtype), f -> new Adam(f.metaDouble("lr"), f.metaDouble("beta1"),
                f.metaDouble("beta2"), f.metaDouble("epsilon"), Convention.PYTORCH));
    }

    static void train(Fixture f, Function<Fixture, Optimizer> make) {
        Dense d1 = new Dense(6, 5), d2 = new Dense(5, 3);
        Sequential model = new Sequential(f.dtype, 0, d1, new ReLU(), d2);
        model.compile(new SoftmaxCrossEntropy(), make.apply(f));
        d1.kernel().value().copyFrom(f.get("w1"));
        d1.bias().value().copyFrom(f.get("b1"));
        d2.kernel().value().copyFrom(f.get("w2"));
        d2.bias().value().copyFrom(f.get("b2"));
        Matrix x = f.get("x"), y = f.get("y");
        int steps = f.metaInt("steps"), batches = f.metaInt("batches"), batch = f.metaInt("batchSize");
        Matrix loss = Matrix.zeros(f.dtype, 1, steps);
        Matrix[] params = {d1.kernel().value(), d1.bias().value(), d2.kernel().value(), d2.bias().value()};
        String[] names = {"w1", "b1", "w2", "b2"};
        Matrix[] after = new Matrix[4];
        for (int k = 0; k < 4; k++) {
            after[k] = Matrix.zeros(f.dtype, steps, params[k].size());
        }
        for (int t = 0; t < steps; t++) {
            int b = t % batches;
            loss.set(t, model.trainStep(rows(x, b * batch, batch), rows(y, b * batch, batch)));
            for (int k = 0; k < 4; k++) {
                for (int i = 0; i < params[k].size(); i++) {
                    after[k].set(t * params[k].size() + i, params[k].get(i));
                }
            }
        }
        Compare.close(f, "loss of each step", f.get("loss"), loss);
        for (int k = 0; k < 4; k++) {
            Compare.close(f, names[k] + " after each step (row = step - 1)", f.get(names[k] + "_after"), after[k]);
        }
    }

    private static Matrix rows(Matrix m, int from, int count) {
        Matrix out = Matrix.zeros(m.dtype(), count, m.cols());
        for (int i = 0; i < count * m.cols(); i++) {
            out.set(i, m.get(from * m.cols() + i));
        }
        return out;
    }
}
