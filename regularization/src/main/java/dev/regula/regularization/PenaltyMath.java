package dev.regula.regularization;

import dev.regula.core.Matrix;
import dev.regula.core.Ops;
import dev.regula.core.Parameter;

/** The pieces the penalties share that {@link dev.regula.core.Ops} does not have. */
final class PenaltyMath {
    private PenaltyMath() {}

    /**
     * {@code G += scale·sign(W)}, with sign(0) = 0 (the subgradient of |w| at 0 that Keras's and
     * PyTorch's autodiff return). W: Not modified; G: Modified, same shape and dtype.
     */
    static void addScaledSign(Matrix w, double scale, Matrix g) {
        Ops.sumAbsAddScaledSign(w, scale, g);   // the sum Σ|w| comes for free and is not needed here
    }

    /** Throws unless the parameter is there. */
    static Parameter requireParameter(Parameter p) {
        if (p == null) {
            throw new IllegalArgumentException("Invalid value for parameter: expected a Parameter (a kernel or a bias), received: null");
        }
        return p;
    }
}
