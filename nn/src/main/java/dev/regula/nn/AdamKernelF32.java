package dev.regula.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Adam}'s float loop through the Vector API, one preferred float vector of elements at a
 * time: every element goes through the same float operations in the same order as
 * {@code Adam.update(float[], …)} (no fused multiply-add, the square root rounded to float), so
 * the result is the loop's, bit for bit ({@code AdamKernelF32Test}). The JIT does vectorize the
 * loop itself, but that runs about 10 % slower than this on the MLP's 1.9 million parameters.
 *
 * <p>Written for C2 in JDK 17, which boxes a vector that crosses a method it did not inline: no
 * vector leaves this method, and every vector has the preferred shape. The last elements, fewer
 * than a vector, go through the loop itself.
 *
 * <p>Run by {@link Adam} when {@link dev.regula.core.Kernels#fastF32()}; never loaded otherwise.
 */
final class AdamKernelF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private AdamKernelF32() {}

    /**
     * {@code m += b1·(g − m); v += b2·(g² − v); w −= a·m / (sqrt(v) + eps)} on elements
     * [from, to), as {@code Adam.update(float[], …)}.
     */
    static void update(float[] w, float[] g, float[] m, float[] v, int from, int to,
                       float b1, float b2, float a, float eps) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            FloatVector gi = FloatVector.fromArray(S, g, i);
            FloatVector mi = FloatVector.fromArray(S, m, i);
            FloatVector vi = FloatVector.fromArray(S, v, i);
            mi = mi.add(gi.sub(mi).mul(b1));
            vi = vi.add(gi.mul(gi).sub(vi).mul(b2));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector step = mi.mul(a).div(vi.lanewise(VectorOperators.SQRT).add(eps));
            FloatVector.fromArray(S, w, i).sub(step).intoArray(w, i);
        }
        Adam.update(w, g, m, v, i, to, b1, b2, a, eps);   // the tail, by the loop itself
    }
}
