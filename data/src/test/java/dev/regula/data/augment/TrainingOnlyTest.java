package dev.regula.data.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.BatchTransform;
import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.nn.Adam;
import dev.regula.nn.Dense;
import dev.regula.nn.History;
import dev.regula.nn.ReLU;
import dev.regula.nn.Sequential;
import dev.regula.nn.SoftmaxCrossEntropy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The augmentation hook sees training batches only, and training with it is reproducible. */
class TrainingOnlyTest {
    static final int N_TRAIN = 300;
    static final int N_VAL = 70;

    static Matrix oneHot(int n, long seed) {
        Matrix y = Matrix.zeros(DType.F32, n, 10);
        dev.regula.core.Rng rng = new dev.regula.core.Rng(seed);
        for (int i = 0; i < n; i++) {
            y.set(i, rng.nextInt(10), 1);
        }
        return y;
    }

    static Sequential model(long seed) {
        Sequential m = new Sequential(DType.F32, seed, new Dense(784, 16), new ReLU(), new Dense(16, 10));
        m.compile(new SoftmaxCrossEntropy(), new Adam());
        return m;
    }

    @Test
    void theHookSeesEveryTrainingRowOncePerEpochAndNothingElse() {
        Matrix x = AugmentationTest.digits(DType.F32, N_TRAIN, 1);
        Matrix y = oneHot(N_TRAIN, 2);
        Matrix xVal = AugmentationTest.digits(DType.F32, N_VAL, 3);
        Matrix yVal = oneHot(N_VAL, 4);
        List<Integer> sizes = new ArrayList<>();
        Augmentation real = Augmentation.caseStudy();
        BatchTransform recording = (batch, rng) -> {
            sizes.add(batch.rows());
            real.apply(batch, rng);
        };
        Sequential m = model(7).setAugmentation(recording);
        m.fit(x, y, xVal, yVal, 3, 64, List.of());
        assertEquals(3 * 5, sizes.size(), "5 batches per epoch (4 of 64 and one of 44), 3 epochs");
        assertEquals(3 * N_TRAIN, sizes.stream().mapToInt(Integer::intValue).sum());
        int calls = sizes.size();
        m.evaluate(xVal, yVal, 64);
        m.predict(xVal);
        assertEquals(calls, sizes.size(), "evaluate and predict never call the augmentation");
    }

    @Test
    void evaluationIgnoresEvenADestructiveAugmentation() {
        Matrix x = AugmentationTest.digits(DType.F32, N_TRAIN, 1);
        Matrix y = oneHot(N_TRAIN, 2);
        Matrix xVal = AugmentationTest.digits(DType.F32, N_VAL, 3);
        Matrix yVal = oneHot(N_VAL, 4);
        Sequential m = model(8).setAugmentation(Augmentation.caseStudy());
        History h = m.fit(x, y, xVal, yVal, 2, 32, List.of());
        Sequential.Evaluation hooked = m.evaluate(xVal, yVal, 32);
        m.setAugmentation((batch, rng) -> batch.fill(0)); // would wipe any batch it saw
        Sequential.Evaluation destructive = m.evaluate(xVal, yVal, 32);
        m.setAugmentation(null);
        Sequential.Evaluation none = m.evaluate(xVal, yVal, 32);
        assertEquals(none, hooked);
        assertEquals(none, destructive);
        double[] valAcc = h.get("val_acc");
        assertEquals(none.accuracy(), valAcc[valAcc.length - 1], 0.0, "the last epoch's val_acc is the plain evaluation");
        assertTrue(xVal.contentEquals(AugmentationTest.digits(DType.F32, N_VAL, 3)), "validation data untouched");
        assertTrue(x.contentEquals(AugmentationTest.digits(DType.F32, N_TRAIN, 1)), "training data untouched (batches are copies)");
    }

    @Test
    void trainingWithAugmentationIsReproducibleAndThreadIndependent() {
        Matrix x = AugmentationTest.digits(DType.F32, N_TRAIN, 1);
        Matrix y = oneHot(N_TRAIN, 2);
        Sequential a = model(9).setAugmentation(Augmentation.caseStudy().withThreads(1));
        Sequential b = model(9).setAugmentation(Augmentation.caseStudy().withThreads(2));
        Sequential c = model(9);
        a.fit(x, y, null, null, 2, 32, List.of());
        b.fit(x, y, null, null, 2, 32, List.of());
        c.fit(x, y, null, null, 2, 32, List.of());
        List<Matrix> wa = a.weights();
        List<Matrix> wb = b.weights();
        List<Matrix> wc = c.weights();
        boolean differsFromPlain = false;
        for (int i = 0; i < wa.size(); i++) {
            assertTrue(wa.get(i).contentEquals(wb.get(i)), "weight " + i + ": same seed, 1 vs 2 threads");
            differsFromPlain |= !wa.get(i).contentEquals(wc.get(i));
        }
        assertTrue(differsFromPlain, "augmentation changed what was learned");
        assertFalse(wa.isEmpty());
    }
}
