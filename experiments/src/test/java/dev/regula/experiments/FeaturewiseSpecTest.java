package dev.regula.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.data.Dataset;
import dev.regula.data.MnistSplits;
import dev.regula.data.augment.Augmentation;
import dev.regula.data.augment.Featurewise;
import org.junit.jupiter.api.Test;

/**
 * {@link FeaturewiseSpec}: the statistics come from the training split only and reach every split,
 * the training split stays raw when it is augmented, and bad values are refused.
 */
class FeaturewiseSpecTest {

    /** n images of 16 pixels, uniform in [mean − 0.2, mean + 0.2]. */
    private static Dataset images(String name, int n, double mean, long seed) {
        Rng rng = new Rng(seed);
        Matrix x = Matrix.zeros(DType.F32, n, 16);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < 16; j++) {
                x.set(i, j, mean - 0.2 + 0.4 * rng.nextDouble());
            }
        }
        return new Dataset(name, x, labels, 2);
    }

    private static double mean(Matrix x) {
        double sum = 0;
        for (int i = 0; i < x.rows() * x.cols(); i++) {
            sum += x.get(i);
        }
        return sum / (x.rows() * x.cols());
    }

    private static MnistSplits splits() {
        return new MnistSplits(images("train", 400, 0.3, 1), images("validation", 200, 0.7, 2), images("test", 100, 0.5, 3));
    }

    @Test
    void theStatisticsComeFromTheTrainingSplitOnly() {
        MnistSplits raw = splits();
        for (String kind : new String[] {"center", "standardize", "zca"}) {
            FeaturewiseSpec.Prepared p = FeaturewiseSpec.of(kind).prepare(raw, false);
            Featurewise f = p.statistics();
            Featurewise fromTrain = FeaturewiseSpec.of(kind).fit(raw.train().x());
            double[] mu = f.mean();
            assertTrue(java.util.Arrays.equals(fromTrain.mean(), mu), kind);
            // The validation images were drawn around 0.7 and the training images around 0.3:
            // centred with the training mean, the validation images keep a clear positive mean.
            assertEquals(0.3, mean(Matrix.of(DType.F64, 1, 16, mu)), 0.02, kind);
            assertEquals(0.0, mean(p.splits().train().x()), 1e-5, kind);
            assertTrue(mean(p.splits().validation().x()) > 0.3, kind + ": validation fitted on its own would be centred at 0");
            assertTrue(mean(p.splits().test().x()) > 0.1, kind);
            // Every split went through the same fitted transform.
            assertEquals(f.transform(raw.validation().x()).get(7, 3), p.splits().validation().x().get(7, 3), kind);
            assertEquals(f.transform(raw.test().x()).get(5, 9), p.splits().test().x().get(5, 9), kind);
            assertEquals(0.3, mean(raw.train().x()), 0.02, kind + ": the raw splits are not modified");
        }
    }

    @Test
    void anAugmentedTrainingSplitStaysRawAndItsBatchesAreTransformedAfterTheRandomTransforms() {
        MnistSplits raw = splits();
        FeaturewiseSpec spec = FeaturewiseSpec.of("standardize");
        FeaturewiseSpec.Prepared p = spec.prepare(raw, true);
        assertSame(raw.train(), p.splits().train());
        // Standardized with the training statistics (μ ≈ 0.3, s ≈ 0.4/√12 ≈ 0.115), the validation
        // images (drawn around 0.7) have a mean of about (0.7 − 0.3)/0.115 ≈ 3.5.
        assertEquals(3.5, mean(p.splits().validation().x()), 0.3);

        RunSpec recipe = RunSpec.preset("dropout_aug").with("featurewise.kind", "standardize");
        Augmentation aug = recipe.augmentation(p.statistics());
        assertSame(p.statistics(), aug.featurewise());
        Matrix batch = raw.train().x().copy();
        aug.apply(batch, new Rng(9));   // raw pixels in [0, 1] are accepted, then standardized
        Matrix expected = raw.train().x().copy();
        recipe.augment().build().apply(expected, new Rng(9));   // the same random transforms...
        p.statistics().apply(expected);                          // ...then the training statistics
        for (int i = 0; i < batch.rows() * batch.cols(); i++) {
            assertEquals(expected.get(i), batch.get(i), "element " + i);
        }
        boolean negative = false;
        for (int i = 0; i < batch.rows() * batch.cols(); i++) {
            negative |= batch.get(i) < 0;
        }
        assertTrue(negative, "standardized values leave [0, 1]");
        assertTrue(recipe.summary().contains("featurewise standardization (fitted on the training split, applied after"
                + " the augmentation)"), recipe.summary());
    }

    @Test
    void withoutATestSetTheValidationSplitIsTransformedOnce() {
        Dataset train = images("train", 50, 0.3, 1);
        Dataset val = images("validation", 20, 0.7, 2);
        FeaturewiseSpec.Prepared p = FeaturewiseSpec.of("center").prepare(new MnistSplits(train, val, val), false);
        assertSame(p.splits().validation(), p.splits().test());
        assertFalse(p.splits().hasSeparateTest());
        assertEquals(0.4, mean(p.splits().test().x()), 0.03);
    }

    @Test
    void noneChangesNothing() {
        MnistSplits raw = splits();
        FeaturewiseSpec.Prepared p = FeaturewiseSpec.NONE.prepare(raw, false);
        assertSame(raw, p.splits());
        assertNull(p.statistics());
        assertTrue(FeaturewiseSpec.NONE.isNone());
        assertEquals("", FeaturewiseSpec.NONE.describe());
    }

    @Test
    void aSpecAndItsStatisticsMustAgree() {
        RunSpec zca = RunSpec.preset("baseline").with("featurewise", new FeaturewiseSpec("zca", 0.05));
        IllegalStateException notFitted = assertThrows(IllegalStateException.class, () -> zca.model(16, 2, DType.F32, 1));
        assertTrue(notFitted.getMessage().contains("'zca'"), notFitted.getMessage());
        Featurewise centre = Featurewise.fitCenter(splits().train().x());
        assertThrows(IllegalStateException.class, () -> zca.augmentation(centre));
        assertThrows(IllegalStateException.class, () -> RunSpec.preset("baseline").augmentation(centre));
        assertNull(zca.augmentation(FeaturewiseSpec.of("zca").fit(splits().train().x())), "baseline has no augmentation");
    }

    @Test
    void badValuesNameTheKeyTheExpectationAndTheValue() {
        assertEquals("Invalid value for kind: expected one of [none, center, standardize, zca], received: pca",
                assertThrows(IllegalArgumentException.class, () -> FeaturewiseSpec.of("pca")).getMessage());
        assertEquals("Invalid value for zca_epsilon: expected a finite number > 0, received: 0.0",
                assertThrows(IllegalArgumentException.class, () -> new FeaturewiseSpec("zca", 0)).getMessage());
        assertEquals("Invalid value for zca_epsilon: expected a finite number > 0, received: -0.1",
                assertThrows(IllegalArgumentException.class, () -> new FeaturewiseSpec("zca", -0.1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FeaturewiseSpec("zca", Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new FeaturewiseSpec(null, 0.1));
    }
}
