package dev.regula.regularization;

import static dev.regula.regularization.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

/** Inverted dropout: statistics, modes, the mask's reuse and reproducibility, gradient checks, bad input. */
class DropoutTest {

    private static Dropout built(double keepProb, DType dtype, long seed) {
        Dropout d = new Dropout(keepProb);
        d.build("dropout", dtype, new Rng(seed));
        return d;
    }

    /**
     * On a 1000×1000 matrix of ones with keepProb p = 0.8, Y = D/p with D ~ Bernoulli(p) per
     * element. The number of kept units K is Binomial(N, p) with N = 10⁶, so
     * <pre>
     * mean(Y) = K/(N·p),   E = 1,   SE = sqrt(N·p·(1−p)) / (N·p) = sqrt((1−p)/(N·p)) = sqrt(0.2/0.8e6) = 5e-4
     * zeros   = 1 − K/N,   E = 0.2, SE = sqrt(p·(1−p)/N) = 4e-4
     * </pre>
     * The tolerances are 6 standard errors (3e-3 and 2.4e-3): a correct implementation fails with
     * probability about 2e-9 over seeds, while a wrong scaling (e.g. forgetting the division, mean
     * 0.8) or a wrong keep probability (0.75 instead of 0.8, fraction 0.25) is off by 50 or more.
     */
    @Test
    void statisticsOnOnes() {
        double p = 0.8;
        Dropout d = built(p, DType.F64, 2024);
        Matrix ones = Matrix.zeros(DType.F64, 1000, 1000).fill(1.0);
        Matrix y = d.forward(ones, Mode.TRAIN);
        int n = y.size();
        double sum = 0, max = Double.NEGATIVE_INFINITY;
        int zeros = 0;
        for (int i = 0; i < n; i++) {
            double v = y.get(i);
            sum += v;
            max = Math.max(max, v);
            if (v == 0) {
                zeros++;
            } else {
                assertEquals(1.0 / p, v, 0.0, "a kept unit is exactly 1/keepProb");
            }
        }
        assertEquals(1.0, sum / n, 6 * Math.sqrt((1 - p) / (n * p)), "mean preserved");
        assertEquals(1.0 / p, max, 0.0, "max = 1/keepProb exactly");
        assertEquals(1 - p, (double) zeros / n, 6 * Math.sqrt(p * (1 - p) / n), "fraction dropped");
        // The mask agrees with the output: zero exactly where dropped.
        Matrix mask = d.mask();
        for (int i = 0; i < n; i += 997) {
            assertEquals(mask.get(i) == 0, y.get(i) == 0);
        }
    }

    @Test
    void inferenceIsTheIdentity() {
        Dropout d = built(0.5, DType.F64, 1);
        Matrix x = TestSupport.uniform(DType.F64, 7, 9, -3, 3, 2);
        assertTrue(d.forward(x, Mode.INFERENCE).contentEquals(x));
        assertTrue(d.forward(x, Mode.INFERENCE).contentEquals(x), "and deterministic");
    }

    @Test
    void keepProbOneIsTheIdentityInBothModes() {
        Dropout d = built(1.0, DType.F64, 1);
        Matrix x = TestSupport.uniform(DType.F64, 4, 5, -3, 3, 2);
        assertTrue(d.forward(x, Mode.TRAIN).contentEquals(x));
        Matrix dy = TestSupport.uniform(DType.F64, 4, 5, -1, 1, 3);
        assertTrue(d.backward(dy).contentEquals(dy));
        assertTrue(d.forward(x, Mode.INFERENCE).contentEquals(x));
        assertEquals(0.0, d.rate(), 0.0);
    }

    @Test
    void ofRateIsOneMinusKeepProb() {
        assertEquals(0.75, Dropout.ofRate(0.25).keepProb(), 0.0);
        assertEquals(0.25, Dropout.ofRate(0.25).rate(), 0.0);
        assertEquals(1.0, Dropout.ofRate(0.0).keepProb(), 0.0);
    }

    @Test
    void sameSeedSameMaskAndReseedRepeatsIt() {
        Matrix x = TestSupport.uniform(DType.F64, 20, 30, -1, 1, 4);
        Dropout a = built(0.6, DType.F64, 77);
        Dropout b = built(0.6, DType.F64, 77);
        Matrix ya = a.forward(x, Mode.TRAIN).copy();
        assertTrue(ya.contentEquals(b.forward(x, Mode.TRAIN)), "same seed ⇒ same mask");
        Matrix second = a.forward(x, Mode.TRAIN).copy();
        assertFalse(second.contentEquals(ya), "the next batch draws a new mask");
        a.reseed(5);
        Matrix first = a.forward(x, Mode.TRAIN).copy();
        a.reseed(5);
        assertTrue(first.contentEquals(a.forward(x, Mode.TRAIN)), "reseed(s) repeats the mask");
        // F32 and F64 layers from the same seed drop the same units
        Dropout f32 = built(0.6, DType.F32, 77);
        f32.forward(x.to(DType.F32), Mode.TRAIN);
        assertTrue(f32.mask().to(DType.F64).contentEquals(b.mask()), "b has drawn one mask from seed 77, as f32 has");
    }

    @Test
    void backwardReusesTheMask() {
        Dropout d = built(0.7, DType.F64, 9);
        Matrix x = TestSupport.uniform(DType.F64, 30, 40, 0.5, 1.5, 10);   // no zeros in X
        Matrix y = d.forward(x, Mode.TRAIN).copy();
        Matrix mask = d.mask();
        Matrix dy = TestSupport.uniform(DType.F64, 30, 40, 0.5, 1.5, 11);  // no zeros in dY
        Matrix dx = d.backward(dy);
        int dropped = 0;
        for (int i = 0; i < x.size(); i++) {
            boolean kept = mask.get(i) == 1.0;
            assertTrue(kept || mask.get(i) == 0.0, "the mask holds 0 or 1");
            assertEquals(kept, y.get(i) != 0);
            assertEquals(kept, dx.get(i) != 0, "dX is zero exactly where the mask is zero");
            if (kept) {
                assertEquals(dy.get(i) / 0.7, dx.get(i), 1e-15);
            } else {
                dropped++;
            }
        }
        assertTrue(dropped > 0);
    }

    @Test
    void inputGradientChecksWithTheMaskFixed() {
        Dropout d = built(0.6, DType.F64, 3);
        Matrix x = TestSupport.uniform(DType.F64, 6, 5, -2, 2, 1);
        Matrix r = TestSupport.uniform(DType.F64, 6, 5, -1, 1, 2);
        GradientCheck.Report report = TestSupport.checkInput(d, x, r, () -> d.reseed(42), () -> 0);
        assertTrue(report.passed(), report.format());
    }

    /** Dropout between two layers of a network, the RNG reset per evaluation of J (DL4J's GradientCheckUtil). */
    @Test
    void networkGradientChecksWithTheMaskFixed() {
        Dropout d = new Dropout(0.5);
        Sequential model = new Sequential(DType.F64, 4, new Dense(4, 6), new Tanh(), d, new Dense(6, 3));
        MeanSquaredError loss = new MeanSquaredError();
        model.compile(loss, new Sgd(0.1));
        Matrix x = TestSupport.uniform(DType.F64, 5, 4, -1, 1, 7);
        Matrix t = TestSupport.uniform(DType.F64, 5, 3, -1, 1, 8);
        GradientCheck.Report report = new GradientCheck().check(model.parameters(),
                () -> {
                    d.reseed(123);
                    return loss.forward(model.forward(x, Mode.TRAIN), t);
                },
                () -> {
                    d.reseed(123);
                    model.zeroGrad();
                    loss.forward(model.forward(x, Mode.TRAIN), t);
                    model.backward(loss.backward());
                });
        assertTrue(report.passed(), report.format());
        // Without the reset, the masks differ between evaluations and the check is meaningless.
        double j1 = loss.forward(model.forward(x, Mode.TRAIN), t);
        double j2 = loss.forward(model.forward(x, Mode.TRAIN), t);
        assertTrue(j1 != j2);
    }

    @Test
    void maskBeforeTrainingIsAnError() {
        Dropout d = built(0.5, DType.F64, 1);
        assertMessage(IllegalStateException.class, d::mask, "mask", "absent");
        d.forward(Matrix.zeros(DType.F64, 2, 2), Mode.INFERENCE);
        assertMessage(IllegalStateException.class, () -> d.backward(Matrix.zeros(DType.F64, 2, 2)),
                "Cannot run backward on dropout", "no training forward pass", "mask");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1.5, -0.2, Double.NaN})
    void badKeepProb(double bad) {
        assertMessage(IllegalArgumentException.class, () -> new Dropout(bad),
                "keepProb", "(0.0, 1.0]", "received: " + bad);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, -0.1, Double.NaN})
    void badRate(double bad) {
        assertMessage(IllegalArgumentException.class, () -> Dropout.ofRate(bad),
                "rate", "[0.0, 1.0)", "received: " + bad);
    }

    @Test
    void buildWithoutAGeneratorIsAnError() {
        Dropout d = new Dropout(0.5);
        assertMessage(IllegalArgumentException.class, () -> d.build("dropout", DType.F64, null), "rng", "null");
        assertThrows(IllegalStateException.class, () -> new Dropout(0.5).forward(Matrix.zeros(DType.F64, 1, 1), Mode.TRAIN));
    }

    /** SplitMix64's output p for seed key, written out here from the published algorithm, not taken from Rng. */
    private static long splitMix64(long key, long p) {
        long z = key + (p + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The mask is exactly the documented scheme: one key {@code nextLong()} of the layer's generator
     * per forward; pair p of elements takes SplitMix64's output p for that key (computed here from
     * the published algorithm), its low half for element 2p and its high half for element 2p + 1,
     * a unit kept when its half is below round(keepProb·2³²); an odd count uses the low half of
     * one more output. Checked on odd shapes in both dtypes (shapes whose size is not a multiple of
     * the vector length, so that the F32 kernel's scalar tail runs too), over consecutive batches
     * (a new key each), and the output and input gradient equal {@code X·D·(1/keepProb)} computed
     * here in the dtype's arithmetic, bit for bit.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(DType.class)
    void maskIsTheDocumentedThresholdSchemeAndTheOutputItsProduct(DType dtype) {
        double keepProb = 0.7;
        long threshold = Math.round(keepProb * 0x1p32);
        Dropout d = built(keepProb, dtype, 99);
        Rng reference = new Rng(99);
        for (int[] shape : new int[][] {{7, 9}, {3, 17}, {1, 1}, {128, 33}, {4, 500}}) {
            int rows = shape[0], cols = shape[1], n = rows * cols;
            long key = reference.nextLong();
            double[] expected = new double[n];
            for (int i = 0; i < n; i++) {
                long r = splitMix64(key, i / 2);
                long u = i % 2 == 0 ? r & 0xFFFF_FFFFL : r >>> 32;
                expected[i] = u < threshold ? 1 : 0;
            }
            Matrix x = TestSupport.uniform(dtype, rows, cols, -2, 2, n);
            Matrix y = d.forward(x, Mode.TRAIN).copy();
            Matrix mask = d.mask();
            Matrix dy = TestSupport.uniform(dtype, rows, cols, -1, 1, n + 1);
            Matrix dx = d.backward(dy);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], mask.get(i), 0.0, dtype + " " + rows + "×" + cols + " mask element " + i);
                double wantY = dtype == DType.F32 ? (float) x.get(i) * (float) expected[i] * (float) (1 / keepProb)
                        : x.get(i) * expected[i] * (1 / keepProb);
                double wantDx = dtype == DType.F32 ? (float) dy.get(i) * (float) expected[i] * (float) (1 / keepProb)
                        : dy.get(i) * expected[i] * (1 / keepProb);
                assertEquals(Double.doubleToLongBits(wantY), Double.doubleToLongBits(y.get(i)), "Y element " + i);
                assertEquals(Double.doubleToLongBits(wantDx), Double.doubleToLongBits(dx.get(i)), "dX element " + i);
            }
        }
    }

    /**
     * Units drawn in different lanes and different vectors of the F32 kernel are independent too:
     * on 1000×1001 ones with keepProb p, the fraction of both-kept pairs (i, i + lag) is p² for the
     * lags 1 (across two pairs), 16 (the same lane of the next vector with AVX-512), 500 (the same
     * unit of the next example) and 1001 (a row apart), with the standard error
     * sqrt(p²(1 − p²)/N) and 6 of them as the tolerance, as in {@link #keepRateAndPairIndependence}.
     * Two consecutive batches' masks are independent as well (the key changes).
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.25, 0.75})
    void unitsAreIndependentAcrossLanesVectorsRowsAndBatches(double p) {
        Dropout d = built(p, DType.F32, 47);
        Matrix ones = Matrix.zeros(DType.F32, 1000, 1001).fill(1.0);
        d.forward(ones, Mode.TRAIN);
        Matrix first = d.mask();
        d.forward(ones, Mode.TRAIN);
        Matrix second = d.mask();
        int n = first.size();
        for (int lag : new int[] {1, 16, 500, 1001}) {
            long both = 0;
            for (int i = 0; i + lag < n; i++) {
                both += first.get(i) == 1 && first.get(i + lag) == 1 ? 1 : 0;
            }
            int count = n - lag;
            assertEquals(p * p, (double) both / count, 6 * Math.sqrt(p * p * (1 - p * p) / count), "lag " + lag);
        }
        long both = 0;
        for (int i = 0; i < n; i++) {
            both += first.get(i) == 1 && second.get(i) == 1 ? 1 : 0;
        }
        assertEquals(p * p, (double) both / n, 6 * Math.sqrt(p * p * (1 - p * p) / n), "two batches");
    }

    /**
     * The keep rate, and the independence of the two units drawn from one 64-bit value, for
     * several keepProb in F32 on 1000×1001 (N = 1,001,000 units, an odd count). K kept units are
     * Binomial(N, p') with p' = round(p·2³²)/2³² (|p' − p| ≤ 2⁻³³, negligible here), so K/N has
     * standard error sqrt(p(1−p)/N) ≤ 5e-4. Of the N/2 pairs (2k, 2k+1) that share a draw, the
     * fraction with both kept is p² with standard error sqrt(p²(1−p²)/(N/2)) ≤ 7.1e-4. The
     * tolerances are 6 standard errors: a correct implementation fails with probability about
     * 2e-9 per check, while using one half for both units (both-kept fraction p instead of p²,
     * off by p(1−p) ≥ 0.09) or a threshold off by one bit position (p/2 or 2p) is off by hundreds.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 0.75, 0.9})
    void keepRateAndPairIndependence(double p) {
        Dropout d = built(p, DType.F32, 31);
        Matrix ones = Matrix.zeros(DType.F32, 1000, 1001).fill(1.0);
        d.forward(ones, Mode.TRAIN);
        Matrix mask = d.mask();
        int n = mask.size();
        long kept = 0, bothKept = 0;
        for (int i = 0; i < n; i++) {
            kept += (long) mask.get(i);
            if (i % 2 == 0 && i + 1 < n && mask.get(i) == 1 && mask.get(i + 1) == 1) {
                bothKept++;
            }
        }
        int pairs = n / 2;
        assertEquals(p, (double) kept / n, 6 * Math.sqrt(p * (1 - p) / n), "fraction kept");
        assertEquals(p * p, (double) bothKept / pairs, 6 * Math.sqrt(p * p * (1 - p * p) / pairs),
                "fraction of pairs sharing a draw that are both kept");
    }
}
