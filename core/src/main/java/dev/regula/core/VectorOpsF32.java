package dev.regula.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the element-wise F32 passes whose scalar loops the JIT does not
 * vectorize (a data-dependent select per element). Same results as {@link OpsF32}, bit for bit.
 * Only called when the {@code jdk.incubator.vector} module is present (OpsF32 checks); this class
 * is never loaded otherwise.
 */
final class VectorOpsF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorOpsF32() {}

    /** y = max(x, 0). */
    static void relu(float[] x, float[] y, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, i).max(0f).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = Math.max(x[i], 0f);
        }
    }

    /** dx = x &gt; 0 ? dy : 0. */
    static void reluBackward(float[] x, float[] dy, float[] dx, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            VectorMask<Float> positive = FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, dy, i), positive).intoArray(dx, i);
        }
        for (; i < n; i++) {
            dx[i] = x[i] > 0 ? dy[i] : 0f;
        }
    }
}
