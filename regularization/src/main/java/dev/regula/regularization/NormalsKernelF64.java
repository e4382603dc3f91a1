package dev.regula.regularization;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Normals#draw} a vector of pairs at a time through the Vector API: the same operations on
 * the same values, in the same order, so the same bits ({@code NormalsKernelF64Test}).
 *
 * <p>A vector holds L pairs (8 with AVX-512) of one block. Pair p's uniforms come from SplitMix64's
 * outputs 2p and 2p + 1 for the key, {@code mix(key + (2p + 1)·γ)} and {@code mix(key + (2p + 2)·γ)}:
 * two long vectors of counters, each lane 2γ past the one before (all modulo 2⁶⁴, as in the
 * scalar code), run through the finalizer lane by lane. The logarithm, the square root, the sine
 * and the cosine are {@link Normals}'s, written out lane-wise: the exponent and mantissa by
 * reinterpreting the bits, the branch on m &gt; √2 and the choice of quadrant by blending, the
 * polynomials by the same Horner steps. No lane changes type by conversion: the uniforms, the
 * exponent and the nearest integer are made by reinterpreting bits and exact additions of 2⁵²
 * (JDK 17 does not compile the Vector API's long-double conversions into vector instructions). The vector's cosines go to elements 8b + c … of its block
 * and its sines to the 8 after them: no shuffling.
 *
 * <p>Long and double vectors of the preferred shape have the same lanes, so the conversions
 * between them change no shape; no vector crosses a method (JDK 17 would box it). Runs when a
 * block's 8 pairs are a whole number of vectors (L = 1, 2, 4 or 8); the last, partial block takes
 * the loop.
 */
final class NormalsKernelF64 {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> P = D.withLanes(long.class);
    private static final int L = D.length();
    private static final long GAMMA = dev.regula.core.Rng.GOLDEN_GAMMA;   // SplitMix64's, as Rng.splitMix64
    /** Lane q: q·2γ, the counters' offsets within a vector of pairs (each pair takes two outputs). */
    private static final LongVector LANE_2GAMMA = LongVector.broadcast(P, 2 * GAMMA).mul(LongVector.zero(P).addIndex(1));
    private static final double TWO_TO_52 = 0x1.0p52;
    private static final long TWO_TO_52_BITS = Double.doubleToRawLongBits(TWO_TO_52);

    private NormalsKernelF64() {}

    /** @return whether a block's pairs are a whole number of vectors, so that the kernel can run */
    static boolean usable() {
        return Normals.PAIRS % L == 0;
    }

    /** z[i] for i &lt; n: {@link Normals#draw}'s values, the same bits. */
    static void draw(double[] z, int n, long key) {
        int blocks = n / Normals.BLOCK;
        double[] atanh = Normals.ATANH, sin = Normals.SIN, cos = Normals.COS;
        for (int b = 0; b < blocks; b++) {
            for (int c = 0; c < Normals.PAIRS; c += L) {
                long p0 = (long) b * Normals.PAIRS + c;                  // the vector's first pair
                // u₁ from output 2p, u₂ from output 2p + 1: the SplitMix64 finalizer on their counters
                LongVector a = LongVector.broadcast(P, key + (2 * p0 + 1) * GAMMA).add(LANE_2GAMMA);
                a = a.lanewise(VectorOperators.XOR, a.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
                a = a.lanewise(VectorOperators.XOR, a.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
                a = a.lanewise(VectorOperators.XOR, a.lanewise(VectorOperators.LSHR, 31));
                LongVector o = LongVector.broadcast(P, key + (2 * p0 + 2) * GAMMA).add(LANE_2GAMMA);
                o = o.lanewise(VectorOperators.XOR, o.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
                o = o.lanewise(VectorOperators.XOR, o.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
                o = o.lanewise(VectorOperators.XOR, o.lanewise(VectorOperators.LSHR, 31));
                // the top 52 bits as the mantissa of a double in [1, 2): 1 + k·2⁻⁵², exact, then
                // u₁ = 2 − (1 + k·2⁻⁵²) = 1 − k·2⁻⁵² and u₂ = (1 + k·2⁻⁵²) − 1 = k·2⁻⁵², both exact
                DoubleVector u1 = a.lanewise(VectorOperators.LSHR, 12).or(Normals.EXPONENT_OF_ONE).reinterpretAsDoubles()
                        .neg().add(2.0);
                DoubleVector u2 = o.lanewise(VectorOperators.LSHR, 12).or(Normals.EXPONENT_OF_ONE).reinterpretAsDoubles()
                        .sub(1.0);

                // ln u₁ = e·ln 2 + 2s·Σ s²ᵏ/(2k + 1), as Normals.log
                LongVector bits = u1.reinterpretAsLongs();
                // the biased exponent b as a double, exactly: the bits of 2⁵² + b, minus 2⁵²; then e = b − 1023
                DoubleVector e = bits.lanewise(VectorOperators.LSHR, 52).or(TWO_TO_52_BITS).reinterpretAsDoubles()
                        .sub(TWO_TO_52).sub(1023.0);
                DoubleVector m = bits.and(Normals.MANTISSA).or(Normals.EXPONENT_OF_ONE).reinterpretAsDoubles();
                VectorMask<Double> big = m.compare(VectorOperators.GT, Normals.SQRT2);
                m = m.blend(m.mul(0.5), big);
                e = e.blend(e.add(1.0), big);
                DoubleVector s = m.sub(1.0).div(m.add(1.0));
                DoubleVector s2 = s.mul(s);
                DoubleVector t = DoubleVector.broadcast(D, atanh[atanh.length - 1]);
                for (int k = atanh.length - 2; k >= 0; k--) {
                    t = t.mul(s2).add(atanh[k]);
                }
                DoubleVector ln = e.mul(Normals.LN2).add(s.mul(2.0).mul(t));
                DoubleVector r = ln.mul(-2.0).lanewise(VectorOperators.SQRT);

                // cos and sin of 2π·u₂ = q·π/2 + θ, as Normals.cos2pi and sin2pi
                DoubleVector t4 = u2.mul(4.0);
                DoubleVector q = t4.add(TWO_TO_52).sub(TWO_TO_52);       // Math.rint(t4): t4 < 4 ≪ 2⁵², ties to even
                DoubleVector theta = t4.sub(q).mul(Normals.HALF_PI);
                DoubleVector th2 = theta.mul(theta);
                DoubleVector sp = DoubleVector.broadcast(D, sin[sin.length - 1]);
                for (int k = sin.length - 2; k >= 0; k--) {
                    sp = sp.mul(th2).add(sin[k]);
                }
                sp = theta.mul(sp);
                DoubleVector cp = DoubleVector.broadcast(D, cos[cos.length - 1]);
                for (int k = cos.length - 2; k >= 0; k--) {
                    cp = cp.mul(th2).add(cos[k]);
                }
                VectorMask<Double> q1 = q.compare(VectorOperators.EQ, 1.0);
                VectorMask<Double> q2 = q.compare(VectorOperators.EQ, 2.0);
                VectorMask<Double> q3 = q.compare(VectorOperators.EQ, 3.0);
                DoubleVector cosine = cp.blend(sp.neg(), q1).blend(cp.neg(), q2).blend(sp, q3);
                DoubleVector sine = sp.blend(cp, q1).blend(sp.neg(), q2).blend(cp.neg(), q3);

                int i = b * Normals.BLOCK + c;
                r.mul(cosine).intoArray(z, i);                           // z₀ of the pairs: the block's first half
                r.mul(sine).intoArray(z, i + Normals.PAIRS);              // z₁: its second half
            }
        }
        Normals.drawRange(z, blocks * Normals.BLOCK, n, key);
    }
}
