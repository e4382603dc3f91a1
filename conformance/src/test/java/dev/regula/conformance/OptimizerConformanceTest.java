package dev.regula.conformance;

import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import dev.regula.nn.Adam;
import dev.regula.nn.AdamW;
import dev.regula.nn.Convention;
import dev.regula.nn.Optimizer;
import dev.regula.nn.RmsProp;
import dev.regula.nn.Sgd;
import dev.regula.regularization.SgdW;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Optimizers over several steps: a (4 × 3) parameter fed a fixed sequence of gradients, its value
 * after every step compared with torch.optim (SGD, momentum, Nesterov, and SgdW's SGD step after the
 * decay) or, for the Keras conventions (RMSprop's ε inside the root, Adam's ε on the uncorrected √v
 * with the bias corrections folded into the step), with Keras's update written out in torch ops.
 */
class OptimizerConformanceTest {

    @AfterAll
    static void summary() {
        System.out.println(Compare.summary());
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void sgd(String dtype) {
        run(Fixture.load("opt_sgd", dtype), f -> new Sgd(f.metaDouble("lr")));
        run(Fixture.load("opt_sgd_momentum", dtype), f -> new Sgd(f.metaDouble("lr"), f.metaDouble("momentum"), false));
        run(Fixture.load("opt_sgd_nesterov", dtype), f -> new Sgd(f.metaDouble("lr"), f.metaDouble("momentum"), true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void sgdWithDecoupledDecay(String dtype) {
        run(Fixture.load("opt_sgdw", dtype),
                f -> new SgdW(f.metaDouble("lr"), f.metaDouble("weightDecay"), f.metaDouble("momentum"), false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void rmsPropKeras(String dtype) {
        run(Fixture.load("opt_rmsprop_keras", dtype),
                f -> new RmsProp(f.metaDouble("lr"), f.metaDouble("rho"), f.metaDouble("epsilon")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void adamKeras(String dtype) {
        run(Fixture.load("opt_adam_keras", dtype), f -> new Adam(f.metaDouble("lr"), f.metaDouble("beta1"),
                f.metaDouble("beta2"), f.metaDouble("epsilon")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void adamWKeras(String dtype) {
        run(Fixture.load("opt_adamw_keras", dtype), f -> new AdamW(f.metaDouble("lr"), f.metaDouble("weightDecay"),
                f.metaDouble("beta1"), f.metaDouble("beta2"), f.metaDouble("epsilon")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void rmsPropPyTorch(String dtype) {
        run(Fixture.load("opt_rmsprop_torch", dtype),
                f -> new RmsProp(f.metaDouble("lr"), f.metaDouble("rho"), f.metaDouble("epsilon"), Convention.PYTORCH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void adamPyTorch(String dtype) {
        run(Fixture.load("opt_adam_torch", dtype), f -> new Adam(f.metaDouble("lr"), f.metaDouble("beta1"),
                f.metaDouble("beta2"), f.metaDouble("epsilon"), Convention.PYTORCH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void adamWPyTorch(String dtype) {
        run(Fixture.load("opt_adamw_torch", dtype), f -> new AdamW(f.metaDouble("lr"), f.metaDouble("weightDecay"),
                f.metaDouble("beta1"), f.metaDouble("beta2"), f.metaDouble("epsilon"), Convention.PYTORCH));
    }

    /** Feeds the fixture's gradients step by step and compares the parameter after each step. */
    static void run(Fixture f, Function<Fixture, Optimizer> make) {
        Optimizer optimizer = make.apply(f);
        Matrix w0 = f.get("w0");
        Parameter p = new Parameter("w", w0);
        int steps = f.metaInt("steps");
        Matrix after = Matrix.zeros(f.dtype, steps, w0.size());
        for (int t = 0; t < steps; t++) {
            p.grad().copyFrom(f.row("grads", t, w0.rows(), w0.cols()));
            optimizer.step(List.of(p));
            for (int i = 0; i < w0.size(); i++) {
                after.set(t * w0.size() + i, p.value().get(i));
            }
        }
        Compare.close(f, "w after each step (row = step - 1)", f.get("after"), after);
    }
}
