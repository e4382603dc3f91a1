package dev.regula.nn;

import dev.regula.core.Checks;
import dev.regula.core.Matrix;

/**
 * Binary cross-entropy on probabilities P (the output of a {@link Sigmoid}), averaged over all
 * m × n elements, as Keras's {@code BinaryCrossentropy()}:
 * <pre>
 * forward:   p̃ = clip(P, ε, 1 − ε)                   ε = 1e-7, as Keras
 *            J  = −(1/(m·n)) Σ [Y·log p̃ + (1 − Y)·log(1 − p̃)]
 * backward:  dP = (p̃ − Y) / (p̃·(1 − p̃)) / (m·n)     (0 where P was clipped)
 * </pre>
 * {@link Convention#PYTORCH} selects {@code torch.nn.functional.binary_cross_entropy}'s form: no
 * clipping of P, each log clamped at −100, and the gradient's denominator kept from 0:
 * <pre>
 * forward:   J  = −(1/(m·n)) Σ [Y·max(log P, −100) + (1 − Y)·max(log(1 − P), −100)]
 * backward:  dP = (P − Y) / max(P·(1 − P), 1e-12) / (m·n)
 * </pre>
 */
public final class BinaryCrossEntropy implements Loss {
    /** The clipping epsilon of Keras's backend. */
    public static final double EPSILON = 1e-7;
    /** PyTorch's floor on each log and on the gradient's denominator. */
    private static final double TORCH_LOG_FLOOR = -100, TORCH_EPSILON = 1e-12;
    private final Convention convention;
    private Matrix p;       // not owned
    private Matrix target;  // not owned
    private Matrix dP;

    /** Keras's convention. */
    public BinaryCrossEntropy() {
        this(Convention.KERAS);
    }

    /** @param convention clip P (KERAS) or clamp each log at −100 (PYTORCH) */
    public BinaryCrossEntropy(Convention convention) {
        this.convention = Convention.require(convention);
    }

    /** @return how P is kept away from 0 and 1: clipped (KERAS) or each log clamped at −100 (PYTORCH) */
    public Convention convention() {
        return convention;
    }

    @Override
    public double forward(Matrix output, Matrix target) {
        Checks.sameShape("output", output, "target", target);
        Checks.sameDType("output", output, "target", target);
        this.p = output;
        this.target = target;
        double sum = 0.0;
        if (convention == Convention.PYTORCH) {
            for (int i = 0, n = output.size(); i < n; i++) {
                double pi = output.get(i), yi = target.get(i);
                sum -= yi * Math.max(Math.log(pi), TORCH_LOG_FLOOR) + (1 - yi) * Math.max(Math.log(1 - pi), TORCH_LOG_FLOOR);
            }
            return sum / output.size();
        }
        for (int i = 0, n = output.size(); i < n; i++) {
            double pi = Math.min(Math.max(output.get(i), EPSILON), 1 - EPSILON);
            double yi = target.get(i);
            sum -= yi * Math.log(pi) + (1 - yi) * Math.log(1 - pi);
        }
        return sum / output.size();
    }

    @Override
    public Matrix backward() {
        if (p == null) {
            throw new IllegalStateException("Cannot run backward on binary_cross_entropy: call forward first");
        }
        if (dP == null || dP.dtype() != p.dtype()) {
            dP = Matrix.zeros(p.dtype(), p.rows(), p.cols());
        }
        dP.reshape(p.rows(), p.cols());
        double count = p.size();
        if (convention == Convention.PYTORCH) {
            for (int i = 0, n = p.size(); i < n; i++) {
                double pi = p.get(i), yi = target.get(i);
                dP.set(i, (pi - yi) / Math.max(pi * (1 - pi), TORCH_EPSILON) / count);
            }
            return dP;
        }
        for (int i = 0, n = p.size(); i < n; i++) {
            double raw = p.get(i);
            double pi = Math.min(Math.max(raw, EPSILON), 1 - EPSILON);
            double yi = target.get(i);
            dP.set(i, pi != raw ? 0.0 : (pi - yi) / (pi * (1 - pi)) / count);
        }
        return dP;
    }

    @Override
    public String name() {
        return "binary_cross_entropy";
    }

    /** The name; "convention" only when it is not the default, so older files read the same. */
    @Override
    public java.util.Map<String, Object> config() {
        java.util.Map<String, Object> c = Config.of(name());
        if (convention != Convention.KERAS) {
            c.put("convention", convention.id());
        }
        return c;
    }
}
