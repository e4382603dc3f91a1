package dev.regula.regularization;

import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;

/** The pieces the penalties share that {@link dev.regula.core.Ops} does not have. */
final class PenaltyMath {
    private PenaltyMath() {}

    /**
     * {@code G += scale·sign(W)}, with sign(0) = 0 (the subgradient of |w| at 0 that Keras's and
     * PyTorch's autodiff return). W: Not modified; G: Modified, same shape and dtype.
     */
    static void addScaledSign(Matrix w, double scale, Matrix g) {
        Checks.sameDType("W", w, "G", g);
        Checks.sameShape("W", w, "G", g);
        int n = w.size();
        if (w.dtype() == DType.F32) {
            float[] ws = w.floats(), gs = g.floats();
            float s = (float) scale;
            for (int i = 0; i < n; i++) {
                gs[i] += s * Math.signum(ws[i]);
            }
        } else {
            double[] ws = w.doubles(), gs = g.doubles();
            for (int i = 0; i < n; i++) {
                gs[i] += scale * Math.signum(ws[i]);
            }
        }
    }

    /** Throws unless the parameter is there. */
    static Parameter requireParameter(Parameter p) {
        if (p == null) {
            throw new IllegalArgumentException("Invalid value for parameter: expected a Parameter (a kernel or a bias), received: null");
        }
        return p;
    }
}
