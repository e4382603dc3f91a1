package dev.regula.bench;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.nn.SoftmaxCrossEntropy;

/**
 * The softmax cross-entropy of the case study's output to time: seeded logits (m × 10, uniform in
 * [−1, 1)) against one-hot targets, forward (J, with log-sum-exp) then backward (dZ = (P − Y)/m).
 * Work: m images (rows) per call.
 */
final class LossProblem {
    final int m;
    private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    private final Matrix logits;   // (m, classes)
    private final Matrix target;   // (m, classes)

    LossProblem(DType dtype, int m, int classes, long seed) {
        this.m = m;
        Rng rng = new Rng(seed);
        logits = Fixtures.uniform(dtype, m, classes, rng);
        target = Fixtures.oneHot(dtype, m, classes, rng);
    }

    /** J, then ∂J/∂Z. */
    Matrix forwardBackward() {
        loss.forward(logits, target);
        return loss.backward();
    }
}
