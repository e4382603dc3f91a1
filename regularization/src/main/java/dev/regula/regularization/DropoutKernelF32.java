package dev.regula.regularization;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Dropout}'s F32 training forward in one pass through the Vector API: the mask of
 * {@code Dropout.drawMask(float[], int, long, long)} and {@code Y = X ⊙ D · s} of
 * {@code Ops.elementMultScaled} (s = (float) (1/keepProb)), with the same bits
 * ({@code DropoutKernelF32Test}).
 *
 * <p>A vector of L floats (16 with AVX-512) is L/2 pairs, and pair p's 64 bits are SplitMix64's
 * output p for the key, {@code mix(key + (p + 1)·γ)}: a vector of L/2 longs holds the counters
 * {@code key + (p + 1)·γ} of its pairs (the first broadcast, plus 0, γ, 2γ, … per lane; all
 * arithmetic modulo 2⁶⁴, as in the scalar code) and runs the finalizer's shifts, exclusive ors and
 * 64-bit multiplications lane by lane. Read as ints (the Vector API reinterprets in little-endian
 * lane order), lane 2q of the result is pair q's low half and lane 2q + 1 its high half: exactly
 * elements 2p and 2p + 1 of the scheme. A unit is kept when its half u is below T, compared as
 * unsigned 32-bit integers: flipping the sign bit of both sides turns that into a signed compare
 * ({@code u ^ 0x80000000 < T ^ 0x80000000}). The kept lanes get the bits of 1.0f, the others 0.
 *
 * <p>The float, int and long vectors have the same shape (the preferred one), the one shape of
 * every float kernel (see {@link BatchNormKernelF32}); no vector crosses a method. Elements past
 * the last whole vector take {@code Dropout.drawMask} from there, whose pairs continue where the
 * vectors stopped (a vector holds whole pairs), and the product's loop. Run by the layer when {@link dev.regula.core.Kernels#fastF32()}.
 */
final class DropoutKernelF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = S.withLanes(int.class);
    private static final VectorSpecies<Long> P = S.withLanes(long.class);
    private static final int L = S.length();
    private static final long GAMMA = dev.regula.core.Rng.GOLDEN_GAMMA;   // SplitMix64's, as Rng.splitMix64
    /** Lane q: q·γ, the counters' offsets within a vector of pairs. */
    private static final LongVector LANE_GAMMA = LongVector.broadcast(P, GAMMA).mul(LongVector.zero(P).addIndex(1));
    private static final int ONE_BITS = Float.floatToRawIntBits(1.0f);

    private DropoutKernelF32() {}

    /**
     * D = the mask of {@code key} (n elements) and Y = X ⊙ D · scale.
     *
     * @param threshold T = round(keepProb·2³²), in [0, 2³²]
     */
    static void forward(float[] x, int n, long key, long threshold, float scale, float[] d, float[] y) {
        int i = 0;
        int flippedT = (int) threshold ^ Integer.MIN_VALUE;
        // keepProb within 2⁻³³ of 1 (T = 2³², every unit kept) does not fit the int compare: the loop does it all
        for (int bound = threshold > 0xFFFF_FFFFL ? 0 : n - n % L; i < bound; i += L) {
            long first = key + (i / 2 + 1) * GAMMA;              // the counter of the vector's first pair
            LongVector z = LongVector.broadcast(P, first).add(LANE_GAMMA);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
            VectorMask<Integer> kept = z.reinterpretAsInts().lanewise(VectorOperators.XOR, Integer.MIN_VALUE)
                    .compare(VectorOperators.LT, flippedT);
            FloatVector dv = IntVector.zero(I).blend(ONE_BITS, kept).reinterpretAsFloats();
            dv.intoArray(d, i);
            FloatVector.fromArray(S, x, i).mul(dv).mul(scale).intoArray(y, i);
        }
        Dropout.drawMask(d, i, n, key, threshold);         // the last elements: i is even, so whole pairs continue
        for (; i < n; i++) {
            y[i] = x[i] * d[i] * scale;
        }
    }
}
