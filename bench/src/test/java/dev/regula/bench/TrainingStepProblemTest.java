package dev.regula.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The step breakdown's timed step is the training step: {@link TrainingStepProblem#timedStep}
 * gives the same losses and weights, bit for bit, as {@link TrainingStepProblem#step} (which is
 * {@code Sequential.trainStep}), and names its parts by the model's layers.
 */
class TrainingStepProblemTest {

    @Test
    void theTimedStepIsTheTrainingStepBitForBit() {
        TrainingStepProblem plain = new TrainingStepProblem("baseline", DType.F32, 8, 42);
        TrainingStepProblem timed = new TrainingStepProblem("baseline", DType.F32, 8, 42);
        long[] nanos = new long[timed.parts().size()];
        for (int i = 0; i < 3; i++) {
            assertEquals(plain.step(), timed.timedStep(nanos), 0.0, "loss of step " + i);
        }
        List<Parameter> a = plain.model.parameters(), b = timed.model.parameters();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).value().floats(), b.get(i).value().floats(), a.get(i).name());
            assertArrayEquals(a.get(i).grad().floats(), b.get(i).grad().floats(), a.get(i).name() + " gradient");
        }
        assertEquals(List.of("zeroing the gradients", "loss (SoftmaxCrossEntropy)", "penalties", "optimizer (Adam)",
                "constraints", "Dense(784→500) fwd+bwd", "ReLU fwd+bwd ×5", "Dense(500→500) fwd+bwd ×4",
                "Dense(500→10) fwd+bwd"), timed.parts());
        for (int k : new int[] {0, 1, 3, 5, 6, 7, 8}) {
            assertTrue(nanos[k] > 0, timed.parts().get(k) + " took no time");
        }
    }
}
