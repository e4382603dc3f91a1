package dev.regula.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.MiniBatches;
import dev.regula.nn.Dense;
import dev.regula.nn.Layer;
import dev.regula.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The case study's paired design (issue 15): for a given seed, every preset of the seed articles
 * starts from the baseline's initial Dense kernels, bit for bit, and visits the training rows in
 * the baseline's order, whatever batch norm, dropout or penalties it adds (Sequential's seeding
 * rule: layer streams keyed by kind and index, the shuffling by a fixed name).
 */
class PairedSeedingTest {
    private static final long SEED = 128;

    @ParameterizedTest
    @ValueSource(strings = {"l2", "l1", "dropout", "dropout_aug", "early_stop", "batchnorm", "best"})
    void presetsShareTheBaselinesInitialKernelsAndBatchOrder(String preset) {
        Sequential base = RunSpec.preset("baseline").model(784, 10, DType.F32, SEED);
        Sequential other = RunSpec.preset(preset).model(784, 10, DType.F32, SEED);
        List<Dense> a = dense(base);
        List<Dense> b = dense(other);
        assertEquals(a.size(), b.size(), "number of Dense layers");
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).kernel().value().toDoubleArray(), b.get(i).kernel().value().toDoubleArray(),
                    preset + ": Dense " + i + "'s initial kernel");
        }
        assertArrayEquals(firstEpochOrder(base), firstEpochOrder(other), preset + ": first epoch's batch order");
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "batchnorm"})
    void anotherSeedGivesOtherKernelsAndAnotherOrder(String preset) {
        Sequential a = RunSpec.preset(preset).model(784, 10, DType.F32, SEED);
        Sequential b = RunSpec.preset(preset).model(784, 10, DType.F32, SEED + 1);
        assertFalse(java.util.Arrays.equals(dense(a).get(0).kernel().value().toDoubleArray(),
                dense(b).get(0).kernel().value().toDoubleArray()));
        assertFalse(java.util.Arrays.equals(firstEpochOrder(a), firstEpochOrder(b)));
    }

    private static List<Dense> dense(Sequential model) {
        List<Dense> dense = new ArrayList<>();
        for (Layer layer : model.layers()) {
            if (layer instanceof Dense) {
                dense.add((Dense) layer);
            }
        }
        return dense;
    }

    /** The row indices of 1,000 examples in the order the model's first epoch visits them (batch 128). */
    private static double[] firstEpochOrder(Sequential model) {
        int n = 1000;
        Matrix index = Matrix.zeros(DType.F64, n, 1);
        for (int i = 0; i < n; i++) {
            index.set(i, i);
        }
        MiniBatches batches = new MiniBatches(index, index, 128, model.shuffleRng());
        batches.shuffle();
        double[] order = new double[n];
        int k = 0;
        while (batches.next()) {
            for (int i = 0; i < batches.x().rows(); i++) {
                order[k++] = batches.x().get(i);
            }
        }
        return order;
    }
}
