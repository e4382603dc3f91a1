package dev.regula.conformance;

import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import dev.regula.core.Rng;
import dev.regula.nn.Convention;
import dev.regula.nn.Mode;
import dev.regula.nn.Penalty;
import dev.regula.regularization.ActivityRegularization;
import dev.regula.regularization.BatchNormalization;
import dev.regula.regularization.Dropout;
import dev.regula.regularization.GaussianNoise;
import dev.regula.regularization.L1;
import dev.regula.regularization.L1L2;
import dev.regula.regularization.L2;
import dev.regula.regularization.MaxNorm;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The regularization module against PyTorch: penalties, batch norm, dropout, noise, max-norm. */
class RegularizationConformanceTest {

    @AfterAll
    static void summary() {
        System.out.println(Compare.summary());
    }

    /** L1, L2 and L1L2 on a kernel and a bias with exact zeros (where the L1 subgradient is 0 on both sides). */
    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void penaltiesOnKernelsAndBiases(String dtype) {
        for (String kind : new String[] {"l1", "l2", "l1l2"}) {
            Fixture f = Fixture.load("penalty_" + kind, dtype);
            double l1 = f.metaDouble("l1"), l2 = f.metaDouble("l2");
            Function<Parameter, Penalty> make = switch (kind) {
                case "l1" -> p -> new L1(p, l1);
                case "l2" -> p -> new L2(p, l2);
                default -> p -> new L1L2(p, l1, l2);
            };
            for (String name : new String[] {"kernel", "bias"}) {
                // the readable pair value() + addGradient() ...
                Parameter p = new Parameter(name, f.get(name));
                Penalty penalty = make.apply(p);
                Compare.close(f, name + "_value", f.scalar(name + "_value"), penalty.value());
                penalty.addGradient();
                Compare.close(f, name + "_grad", f.get(name + "_grad"), p.grad());
                // ... and the fused pass the training step calls
                Parameter q = new Parameter(name, f.get(name));
                Compare.close(f, name + "_value (fused)", f.scalar(name + "_value"), make.apply(q).valueAndAddGradient());
                Compare.close(f, name + "_grad (fused)", f.get(name + "_grad"), q.grad());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void activityPenalties(String dtype) {
        for (String kind : new String[] {"l1", "l2", "l1l2"}) {
            Fixture f = Fixture.load("activity_" + kind, dtype);
            ActivityRegularization layer = new ActivityRegularization(f.metaDouble("l1"), f.metaDouble("l2"));
            layer.build("activity", f.dtype, new Rng(0));
            layer.forward(f.get("x"), Mode.TRAIN);
            Compare.close(f, "value", f.scalar("value"), layer.value());
            Compare.close(f, "dx", f.get("dx"), layer.backward(f.get("dy")));
        }
    }

    /** Keras's conventions (the default): momentum = the old value's weight, biased running variance. */
    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void batchNormalizationKeras(String dtype) {
        Fixture f = Fixture.load("batchnorm_keras", dtype);
        checkBatchNorm(f, new BatchNormalization(4, f.metaDouble("momentum"), f.metaDouble("epsilon")));
    }

    /** PyTorch's: momentum = the new value's weight (0.1), unbiased running variance, ε 1e-5 (nn.BatchNorm1d). */
    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void batchNormalizationPyTorch(String dtype) {
        Fixture f = Fixture.load("batchnorm_torch", dtype);
        checkBatchNorm(f, new BatchNormalization(4, f.metaDouble("momentum"), f.metaDouble("epsilon"), Convention.PYTORCH));
    }

    static void checkBatchNorm(Fixture f, BatchNormalization bn) {
        bn.build("bn", f.dtype, new Rng(0));
        bn.gamma().value().copyFrom(f.get("gamma"));
        bn.beta().value().copyFrom(f.get("beta"));
        for (int t = 0; t < f.metaInt("batches"); t++) {
            bn.gamma().zeroGrad();
            bn.beta().zeroGrad();
            Compare.close(f, "y_" + t, f.get("y_" + t), bn.forward(f.get("x_" + t), Mode.TRAIN).copy());
            Compare.close(f, "dx_" + t, f.get("dx_" + t), bn.backward(f.get("dy_" + t)));
            Compare.close(f, "dgamma_" + t, f.get("dgamma_" + t), bn.gamma().grad());
            Compare.close(f, "dbeta_" + t, f.get("dbeta_" + t), bn.beta().grad());
            Compare.close(f, "running_mean_" + t, f.get("running_mean_" + t), bn.runningMean());
            Compare.close(f, "running_var_" + t, f.get("running_var_" + t), bn.runningVariance());
        }
        Compare.close(f, "y_test (inference)", f.get("y_test"), bn.forward(f.get("x_test"), Mode.INFERENCE));
    }

    /** The mask is given by the seed and Regula's documented scheme (ported in the generator); torch applies it. */
    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void dropoutWithAGivenMask(String dtype) {
        Fixture f = Fixture.load("dropout", dtype);
        Dropout dropout = new Dropout(f.metaDouble("keepProb"));
        dropout.build("dropout", f.dtype, new Rng(0));
        dropout.reseed(Long.parseLong(f.meta("seed")));
        Matrix y = dropout.forward(f.get("x"), Mode.TRAIN).copy();
        Compare.close(f, "mask", f.get("mask"), dropout.mask(), 0.0);
        Compare.close(f, "y", f.get("y"), y);
        Compare.close(f, "dx", f.get("dx"), dropout.backward(f.get("dy")));
        Compare.close(f, "y (inference)", f.get("x"), dropout.forward(f.get("x"), Mode.INFERENCE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void gaussianNoiseWithGivenNoise(String dtype) {
        Fixture f = Fixture.load("gaussian_noise", dtype);
        GaussianNoise layer = new GaussianNoise(f.metaDouble("stddev"));
        layer.build("noise", f.dtype, new Rng(0));
        layer.reseed(Long.parseLong(f.meta("seed")));
        Matrix y = layer.forward(f.get("x"), Mode.TRAIN).copy();
        Compare.close(f, "noise", f.get("noise"), layer.noise());
        Compare.close(f, "y", f.get("y"), y);
        Compare.close(f, "dx", f.get("dx"), layer.backward(f.get("dy")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void maxNorm(String dtype) {
        Fixture f = Fixture.load("max_norm", dtype);
        Parameter w = new Parameter("kernel", f.get("w"));
        new MaxNorm(w, f.metaDouble("maxNorm")).apply();
        Compare.close(f, "projected", f.get("projected"), w.value());
        // torch.renorm divides by ‖w_j‖ + 1e-7 where Regula divides by ‖w_j‖: equal to ~1e-7 relative.
        Compare.close(f, "renorm (torch's 1e-7 in the denominator)", f.get("renorm"), w.value(), 2e-7);
    }
}
