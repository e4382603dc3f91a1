package dev.regula.data.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.data.Dataset;
import org.junit.jupiter.api.Test;

class FeaturewiseTest {

    /** n rows of d correlated features: x = z·M + offset, z standard normal, M a fixed random mixing. */
    static Matrix correlated(DType dtype, int n, int d, long seed) {
        Rng rng = new Rng(seed);
        double[][] mix = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                mix[i][j] = (i == j ? 1 : 0) + 0.8 * new Rng(1000 + i * d + j).nextGaussian();
            }
        }
        Matrix x = Matrix.zeros(dtype, n, d);
        double[] z = new double[d];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) z[i] = rng.nextGaussian();
            for (int j = 0; j < d; j++) {
                double v = 3 + j;
                for (int i = 0; i < d; i++) v += z[i] * mix[i][j];
                x.set(r, j, v);
            }
        }
        return x;
    }

    static double[][] covariance(Matrix x) {
        int n = x.rows(), d = x.cols();
        double[] mu = new double[d];
        for (int r = 0; r < n; r++) for (int j = 0; j < d; j++) mu[j] += x.get(r, j) / n;
        double[][] c = new double[d][d];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    c[i][j] += (x.get(r, i) - mu[i]) * (x.get(r, j) - mu[j]) / n;
                }
            }
        }
        return c;
    }

    @Test
    void zcaWhitenedTrainingDataHasIdentityCovariance() {
        Matrix train = correlated(DType.F64, 4000, 10, 1);
        double[][] before = covariance(train);
        assertTrue(Math.abs(before[0][1]) > 0.1, "the features are correlated");
        Featurewise zca = Featurewise.fitZca(train, 1e-9);
        Matrix white = zca.transform(train);
        double[][] c = covariance(white);
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                assertEquals(i == j ? 1.0 : 0.0, c[i][j], 1e-6, "cov[" + i + "][" + j + "]");
            }
        }
        // W is symmetric: ZCA is the whitening closest to the original coordinates.
        Matrix w = zca.whitening();
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                assertEquals(w.get(i, j), w.get(j, i), 1e-9);
            }
        }
        // F32 data through the same fitted W: the same result up to float rounding.
        Matrix white32 = zca.transform(train.to(DType.F32));
        for (int i = 0; i < white.size(); i += 97) {
            assertEquals(white.get(i), white32.get(i), 1e-3);
        }
    }

    @Test
    void statisticsComeFromTheTrainingSplitOnly() {
        Matrix train = correlated(DType.F64, 500, 4, 2);
        Matrix other = correlated(DType.F64, 50, 4, 3);
        Featurewise center = Featurewise.fitCenter(train);
        double[] mu = center.mean();
        Matrix centered = center.transform(other);
        assertEquals(other.get(7, 2) - mu[2], centered.get(7, 2), 1e-12);
        Featurewise standard = Featurewise.fitStandardize(train);
        double[][] c = covariance(standard.transform(train));
        for (int j = 0; j < 4; j++) {
            assertEquals(1.0, c[j][j], 1e-5, "unit variance on the training data (ε = 1e-6)");
        }
        double[] s = standard.std();
        assertEquals((other.get(3, 1) - mu[1]) / (s[1] + 1e-6), standard.transform(other).get(3, 1), 1e-12);
        Dataset data = new Dataset("validation", other, new int[50], 10);
        Dataset t = standard.transform(data);
        assertEquals("validation (standardize)", t.name());
        assertEquals(50, t.size());
    }

    @Test
    void constantFeaturesStandardizeToZeroAndAreOnlyCenteredElsewhere() {
        Matrix x = Matrix.fromRows(DType.F32, new double[][] {{0, 1}, {0, 3}});
        Featurewise f = Featurewise.fitStandardize(x);
        Matrix y = f.transform(x);
        assertEquals(0.0, y.get(0, 0));
        assertEquals(-1.0, y.get(0, 1), 1e-5);
        assertEquals(0.0, f.std()[0]);
        assertEquals(1.0, f.std()[1], 1e-12);
        // A test image with ink where every training image is blank: centered, not divided by 1e-6.
        Matrix test = Matrix.fromRows(DType.F32, new double[][] {{0.8, 2}});
        Matrix t = f.transform(test);
        assertEquals(0.8, t.get(0, 0), 1e-6);
        assertEquals(0.0, t.get(0, 1), 1e-6);
    }

    @Test
    void badArgumentsAndTheSizeGuard() {
        Matrix train = correlated(DType.F64, 20, 3, 4);
        assertEquals("Invalid value for epsilon (ZCA): expected a finite number > 0 (Keras's zca_epsilon default is 1e-6),"
                        + " received: 0.0",
                assertThrows(IllegalArgumentException.class, () -> Featurewise.fitZca(train, 0)).getMessage());
        assertEquals("Featurewise ZCA was fitted on 3 features, received a 2×4 matrix",
                assertThrows(IllegalArgumentException.class,
                        () -> Featurewise.fitZca(train, 1e-6).apply(Matrix.zeros(DType.F64, 2, 4))).getMessage());
        String big = assertThrows(IllegalArgumentException.class,
                () -> Featurewise.checkZcaFits(150_528, 4L << 30)).getMessage();
        assertEquals("ZCA whitening of d=150528 features needs 150528×150528 covariance and whitening matrices:"
                + " about 1012.9 GB (6 d×d double matrices at the peak of the fit), and d×d elements exceed a Java array,"
                + " but the JVM's maximum heap is 4.0 GB (-Xmx); use fewer features (smaller images), or featurewise"
                + " standardization instead", big);
        String medium = assertThrows(IllegalArgumentException.class,
                () -> Featurewise.checkZcaFits(20_000, 4L << 30)).getMessage();
        assertTrue(medium.startsWith("ZCA whitening of d=20000 features needs") && medium.contains("17.9 GB"), medium);
        Featurewise.checkZcaFits(784, 4L << 30); // 784 pixels: about 28 MB
        assertEquals(6L * 8 * 784 * 784, Featurewise.zcaBytes(784));
        // The real guard runs before anything is allocated: a matrix too wide for this heap is refused.
        int d = (int) Math.sqrt(Runtime.getRuntime().maxMemory() / 48.0) + 100;
        Matrix wide = Matrix.zeros(DType.F32, 1, d);
        String refused = assertThrows(IllegalArgumentException.class, () -> Featurewise.fitZca(wide, 1e-6)).getMessage();
        assertTrue(refused.startsWith("ZCA whitening of d=" + d + " features needs"), refused);
    }
}
