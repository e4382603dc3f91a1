package dev.regula.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Adam}'s float loop through the Vector API, a preferred float vector of elements at a
 * time: every element goes through the same float operations in the same order as
 * {@code Adam.update(float[], …)} (no fused multiply-add, the square root rounded to float), so
 * the result is the loop's, bit for bit ({@code AdamKernelF32Test}). The JIT does vectorize the
 * loop itself, and on one thread over the baseline MLP's 1.4 million parameters, where both are
 * bound by memory, the two ran at about the same speed (the loop from 15 % faster to 10 % slower
 * in 6 JVMs on JDK 17). This one is written out because the JIT's vectorization of a loop is a
 * heuristic that its caller, its shape or the JDK can change.
 *
 * <p>Written for C2 in JDK 17, which boxes a vector that crosses a method it did not inline: no
 * vector leaves this method, and every vector has the preferred shape. The loop takes two vectors
 * a turn; the last elements, fewer than two vectors, go through the loop itself.
 *
 * <p>The two vectors a turn are also what keeps this method out of its callers. At one vector a
 * turn it was 202 bytes of bytecode, and C2 inlined it into {@code Adam.update(Parameter, …)}
 * once that was hot. In 8 of 9 JDK 17 JVMs of a probe, that compile lost the exact type of the
 * last vector stored ("missing constant" in {@code -XX:+PrintIntrinsics}), so each turn boxed it:
 * 96 bytes per 16 floats, 44,832 bytes per baseline training step from the biases and the 500→10
 * kernel, which run on the calling thread. At 362 bytes the method is past C2's limit for
 * inlining a hot method (325 by default), is compiled on its own, and boxes nothing
 * ({@code AdamKernelF32Test} holds it there).
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
        int n = S.length();
        for (int bound = from + (to - from) / (2 * n) * (2 * n); i < bound; i += 2 * n) {   // two vectors a turn
            int j = i + n;
            FloatVector gi = FloatVector.fromArray(S, g, i), gj = FloatVector.fromArray(S, g, j);
            FloatVector mi = FloatVector.fromArray(S, m, i), mj = FloatVector.fromArray(S, m, j);
            FloatVector vi = FloatVector.fromArray(S, v, i), vj = FloatVector.fromArray(S, v, j);
            FloatVector wi = FloatVector.fromArray(S, w, i), wj = FloatVector.fromArray(S, w, j);
            mi = mi.add(gi.sub(mi).mul(b1));
            mj = mj.add(gj.sub(mj).mul(b1));
            vi = vi.add(gi.mul(gi).sub(vi).mul(b2));
            vj = vj.add(gj.mul(gj).sub(vj).mul(b2));
            wi = wi.sub(mi.mul(a).div(vi.lanewise(VectorOperators.SQRT).add(eps)));
            wj = wj.sub(mj.mul(a).div(vj.lanewise(VectorOperators.SQRT).add(eps)));
            mi.intoArray(m, i);
            mj.intoArray(m, j);
            vi.intoArray(v, i);
            vj.intoArray(v, j);
            wi.intoArray(w, i);
            wj.intoArray(w, j);
        }
        Adam.update(w, g, m, v, i, to, b1, b2, a, eps);   // the tail, by the loop itself
    }
}
