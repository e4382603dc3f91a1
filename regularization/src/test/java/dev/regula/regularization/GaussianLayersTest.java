package dev.regula.regularization;

import static dev.regula.regularization.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.GradientCheck;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.nn.Dense;
import dev.regula.nn.MeanSquaredError;
import dev.regula.nn.Mode;
import dev.regula.nn.Sequential;
import dev.regula.nn.Sgd;
import dev.regula.nn.Tanh;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GaussianNoise and GaussianDropout: statistics, modes, backward with the noise reused, gradient checks. */
class GaussianLayersTest {

    private static <T extends StochasticLayer> T built(T layer, long seed) {
        layer.build("noise", DType.F64, new Rng(seed));
        return layer;
    }

    private static double mean(Matrix m) {
        double s = 0;
        for (int i = 0; i < m.size(); i++) {
            s += m.get(i);
        }
        return s / m.size();
    }

    private static double variance(Matrix m, double mean) {
        double s = 0;
        for (int i = 0; i < m.size(); i++) {
            double d = m.get(i) - mean;
            s += d * d;
        }
        return s / m.size();
    }

    /**
     * N = 10⁶ draws of N(0, σ²) with σ = 0.5: the sample mean has SE σ/sqrt(N) = 5e-4 and the
     * sample variance SE σ²·sqrt(2/N) ≈ 3.5e-4. Tolerances are 6 SE.
     */
    @Test
    void gaussianNoiseStatistics() {
        GaussianNoise layer = built(new GaussianNoise(0.5), 31);
        Matrix x = Matrix.zeros(DType.F64, 1000, 1000).fill(2.0);
        Matrix y = layer.forward(x, Mode.TRAIN);
        int n = y.size();
        double mean = mean(y);
        assertEquals(2.0, mean, 6 * 0.5 / Math.sqrt(n));
        assertEquals(0.25, variance(y, mean), 6 * 0.25 * Math.sqrt(2.0 / n));
    }

    /** ε ~ N(1, rate/(1 − rate)); rate 0.2 gives variance 0.25, as dropout with keepProb 0.8. */
    @Test
    void gaussianDropoutStatistics() {
        GaussianDropout layer = built(new GaussianDropout(0.2), 32);
        assertEquals(0.5, layer.stddev(), 1e-15);
        Matrix ones = Matrix.zeros(DType.F64, 1000, 1000).fill(1.0);
        Matrix y = layer.forward(ones, Mode.TRAIN);
        int n = y.size();
        double mean = mean(y);
        assertEquals(1.0, mean, 6 * 0.5 / Math.sqrt(n));
        assertEquals(0.25, variance(y, mean), 6 * 0.25 * Math.sqrt(2.0 / n));
        // dropout with keepProb 0.8 has the same variance: p(1−p)/p² = 0.2·0.8/0.64 = 0.25
        assertEquals(0.2 * 0.8 / 0.64, 0.25, 1e-15);
    }

    @Test
    void inferenceIsTheIdentityAndZeroNoiseIsTheIdentity() {
        Matrix x = TestSupport.uniform(DType.F64, 5, 6, -2, 2, 1);
        assertTrue(built(new GaussianNoise(0.3), 1).forward(x, Mode.INFERENCE).contentEquals(x));
        assertTrue(built(new GaussianDropout(0.3), 1).forward(x, Mode.INFERENCE).contentEquals(x));
        assertTrue(built(new GaussianNoise(0.0), 1).forward(x, Mode.TRAIN).contentEquals(x));
        assertTrue(built(new GaussianDropout(0.0), 1).forward(x, Mode.TRAIN).contentEquals(x));
    }

    @Test
    void backwardReusesTheNoise() {
        Matrix x = TestSupport.uniform(DType.F64, 5, 6, -2, 2, 1);
        Matrix dy = TestSupport.uniform(DType.F64, 5, 6, -1, 1, 2);

        GaussianNoise noise = built(new GaussianNoise(0.3), 3);
        Matrix y = noise.forward(x, Mode.TRAIN);
        Matrix n = noise.noise();
        for (int i = 0; i < x.size(); i++) {
            assertEquals(x.get(i) + n.get(i), y.get(i), 0.0);
        }
        assertTrue(noise.backward(dy).contentEquals(dy), "dX = dY");

        GaussianDropout drop = built(new GaussianDropout(0.3), 3);
        Matrix yd = drop.forward(x, Mode.TRAIN).copy();
        Matrix eps = drop.noise();
        Matrix dx = drop.backward(dy);
        for (int i = 0; i < x.size(); i++) {
            assertEquals(x.get(i) * eps.get(i), yd.get(i), 0.0);
            assertEquals(dy.get(i) * eps.get(i), dx.get(i), 0.0, "dX = dY ⊙ ε, the same ε");
        }
    }

    @Test
    void reseedRepeatsTheNoise() {
        Matrix x = TestSupport.uniform(DType.F64, 4, 4, -2, 2, 1);
        GaussianDropout a = built(new GaussianDropout(0.4), 8);
        a.reseed(3);
        Matrix first = a.forward(x, Mode.TRAIN).copy();
        a.reseed(3);
        assertTrue(first.contentEquals(a.forward(x, Mode.TRAIN)));
    }

    @Test
    void inputGradientsCheckWithTheNoiseFixed() {
        Matrix x = TestSupport.uniform(DType.F64, 6, 5, -2, 2, 1);
        Matrix r = TestSupport.uniform(DType.F64, 6, 5, -1, 1, 2);
        GaussianNoise noise = built(new GaussianNoise(0.7), 1);
        GradientCheck.Report a = TestSupport.checkInput(noise, x, r, () -> noise.reseed(4), () -> 0);
        assertTrue(a.passed(), a.format());
        GaussianDropout drop = built(new GaussianDropout(0.4), 1);
        GradientCheck.Report b = TestSupport.checkInput(drop, x, r, () -> drop.reseed(4), () -> 0);
        assertTrue(b.passed(), b.format());
    }

    @Test
    void networkGradientChecksWithTheNoiseFixed() {
        GaussianNoise noise = new GaussianNoise(0.2);
        GaussianDropout drop = new GaussianDropout(0.3);
        Sequential model = new Sequential(DType.F64, 6,
                new Dense(3, 5), noise, new Tanh(), drop, new Dense(5, 2));
        MeanSquaredError loss = new MeanSquaredError();
        model.compile(loss, new Sgd(0.1));
        Matrix x = TestSupport.uniform(DType.F64, 4, 3, -1, 1, 7);
        Matrix t = TestSupport.uniform(DType.F64, 4, 2, -1, 1, 8);
        Runnable reset = () -> {
            noise.reseed(10);
            drop.reseed(11);
        };
        GradientCheck.Report report = new GradientCheck().check(model.parameters(),
                () -> {
                    reset.run();
                    return loss.forward(model.forward(x, Mode.TRAIN), t);
                },
                () -> {
                    reset.run();
                    model.zeroGrad();
                    loss.forward(model.forward(x, Mode.TRAIN), t);
                    model.backward(loss.backward());
                });
        assertTrue(report.passed(), report.format());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1.0, Double.NaN, Double.POSITIVE_INFINITY})
    void badStddev(double bad) {
        assertMessage(IllegalArgumentException.class, () -> new GaussianNoise(bad), "stddev", "received: " + bad);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 1.5, -0.1, Double.NaN})
    void badRate(double bad) {
        assertMessage(IllegalArgumentException.class, () -> new GaussianDropout(bad),
                "rate", "[0.0, 1.0)", "received: " + bad);
    }

    @Test
    void noiseBeforeTrainingIsAnError() {
        assertMessage(IllegalStateException.class, () -> built(new GaussianNoise(0.1), 1).noise(), "absent");
        assertMessage(IllegalStateException.class, () -> built(new GaussianDropout(0.1), 1).noise(), "absent");
    }
}
