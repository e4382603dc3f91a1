package dev.regula.nn;

import dev.regula.core.Checks;
import dev.regula.core.Matrix;
import dev.regula.core.Ops;

/**
 * Softmax followed by categorical cross-entropy, fused: the network outputs logits Z.
 * <pre>
 * forward:   log P = Z − logsumexp(Z)        (row-wise, with the row max subtracted first)
 *            J     = −(1/m) Σ_i Σ_j Y[i, j]·log P[i, j]
 * backward:  dZ    = (P − Y) / m
 * </pre>
 * This is Keras's {@code CategoricalCrossentropy(from_logits=True)} and PyTorch's
 * {@code CrossEntropyLoss} with one-hot targets. Fusing avoids log(0) and the softmax Jacobian.
 */
public final class SoftmaxCrossEntropy implements Loss {
    private Matrix probs;   // P, (m, n)
    private Matrix target;  // Y, (m, n); not owned
    private Matrix dZ;      // (m, n)

    @Override
    public double forward(Matrix logits, Matrix target) {
        Checks.sameShape("logits", logits, "target", target);
        if (probs == null || probs.dtype() != logits.dtype()) {
            probs = Matrix.zeros(logits.dtype(), logits.rows(), logits.cols());
            dZ = Matrix.zeros(logits.dtype(), logits.rows(), logits.cols());
        }
        this.target = target;
        double sum = Ops.softmaxCrossEntropy(logits, target, probs);
        return sum / logits.rows();
    }

    @Override
    public Matrix backward() {
        if (target == null) {
            throw new IllegalStateException("Cannot run backward on softmax_cross_entropy: call forward first");
        }
        double invM = 1.0 / probs.rows();
        Ops.linear(invM, probs, -invM, target, dZ);   // dZ = (P − Y) / m
        return dZ;
    }

    /** @return P = softmax(Z) from the last forward, (m × n), owned by the loss */
    public Matrix probabilities() {
        return probs;
    }

    @Override
    public String name() {
        return "softmax_cross_entropy";
    }
}
