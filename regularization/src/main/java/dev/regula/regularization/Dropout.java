package dev.regula.regularization;

import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.Kernels;
import dev.regula.core.Matrix;
import dev.regula.core.Ops;
import dev.regula.core.Rng;

/**
 * Inverted dropout (Srivastava et al., 2014, in the "inverted" form every framework uses).
 *
 * <pre>
 * TRAIN      D[i, j] ~ Bernoulli(keepProb)          the mask of kept units, (m, n), 1 or 0
 *            Y  = X ⊙ D / keepProb                   kept units scaled up, so E[Y] = X
 *            dX = dY ⊙ D / keepProb                  the same mask, reused
 * INFERENCE  Y  = X                                   the identity: no mask, no scaling
 * </pre>
 *
 * <p>Convention: {@code keepProb} is the probability of <em>keeping</em> a unit, as in the seed
 * 002 and DL4J's "retain probability"; Keras's {@code Dropout(rate)} and PyTorch's
 * {@code Dropout(p)} give the probability of <em>dropping</em> one, {@code rate = 1 − keepProb}
 * ({@link #ofRate}). Because kept units are divided by keepProb in training, inference needs no
 * rescaling (the original, non-inverted dropout multiplied the weights by keepProb at test time
 * instead). {@code keepProb = 1} is the identity in both modes and draws no random numbers.
 *
 * <p>What the seed 002 gets wrong: its {@code D1 = np.random.rand(...)} is used as the mask
 * directly, multiplying each unit by a uniform number in [0, 1) instead of by 0 or 1; the mask
 * must be {@code D1 = np.random.rand(...) < keep_prob}.
 *
 * <p>The mask is drawn from the layer's own generator (given by {@link #build}; {@link #reseed}
 * fixes it for gradient checks). The Bernoulli scheme, exactly: each training forward takes one
 * 64-bit key {@code key = rng.nextLong()}, and the mask is a function of the key alone: the
 * elements (in row-major order) go in pairs, pair p = ⌊i/2⌋ taking the 64 bits
 * {@code r = Rng.splitMix64(key, p)} (output p of SplitMix64 seeded with the key), element 2p its
 * low half {@code u = r & 0xFFFFFFFF} and element 2p + 1 its high half {@code u = r >>> 32}; a
 * unit is kept when {@code u < T} with {@code T = round(keepProb·2³²)}. So
 * {@code P(keep) = round(keepProb·2³²)/2³²} exactly, within 2⁻³³ of keepProb (exactly keepProb
 * for keepProb = 0.75 or any multiple of 2⁻³²), and the units are as independent as SplitMix64's
 * outputs (it passes BigCrush) and their two halves. The comparison is done without a branch
 * ({@code (u − T) >>> 63}), so the cost does not depend on which units are kept. Because every pair
 * is computed from (key, p) alone, the F32 forward draws a vector of pairs at a time (8 with
 * AVX-512) and multiplies in the same pass ({@link DropoutKernelF32}, the same bits as
 * {@link #drawMask(float[], int, long, long)} and {@link Ops#elementMultScaled}). Both dtypes draw
 * the same way, so F32 and F64 layers built from the same seed drop the same units. Then
 * Y = X ⊙ D · (1/keepProb) ({@link Ops#elementMultScaled}).
 *
 * <p>Earlier versions of Regula took one {@code rng.nextLong()} per pair instead, high half
 * first: one draw of the sequential generator per two units, which made drawing the mask the
 * bulk of dropout's time.
 *
 * <p>Dropout is a layer like any other, so it can follow the input as well as a hidden layer.
 */
public final class Dropout extends StochasticLayer {
    private final double keepProb;
    /** T = round(keepProb·2³²): a unit is kept when its 32-bit uniform integer is below T. */
    private final long threshold;
    private Matrix mask;   // D of the last training forward, (m, n)

    /**
     * @param keepProb the probability of keeping a unit, in (0, 1]
     * @throws IllegalArgumentException naming keepProb and the value received otherwise
     */
    public Dropout(double keepProb) {
        super("Dropout(keepProb=" + Checks.inRangeOpenClosed("keepProb", keepProb, 0.0, 1.0) + ")", "mask");
        this.keepProb = keepProb;
        this.threshold = Math.round(keepProb * 0x1p32);
    }

    /**
     * Keras's and PyTorch's form: {@code Dropout.ofRate(0.25)} is {@code new Dropout(0.75)}.
     *
     * @param rate the probability of dropping a unit, in [0, 1)
     * @return a new {@code Dropout(1 − rate)}
     * @throws IllegalArgumentException naming rate and the value received otherwise
     */
    public static Dropout ofRate(double rate) {
        Checks.inRangeHalfOpen("rate", rate, 0.0, 1.0);
        return new Dropout(1.0 - rate);
    }

    /** @return the probability of keeping a unit */
    public double keepProb() {
        return keepProb;
    }

    /** @return the probability of dropping a unit, {@code 1 − keepProb} (Keras's {@code rate}) */
    public double rate() {
        return 1.0 - keepProb;
    }

    /**
     * A copy of the mask D of the last training forward, (m, n): 1 where the unit was kept, 0
     * where it was dropped (not yet divided by keepProb).
     *
     * @return a new matrix
     * @throws IllegalStateException before the first training forward
     */
    public Matrix mask() {
        if (mask == null || mask.rows() == 0 && mask.cols() == 0) {
            throw new IllegalStateException("The mask of " + name() + " is absent: no training forward pass has drawn it");
        }
        return mask.copy();
    }

    @Override
    void onBuildBuffers(DType dtype) {
        mask = Matrix.zeros(dtype, 0, 0);
    }

    @Override
    void trainForward(Matrix x, Matrix y) {
        mask.reshape(x.rows(), x.cols());
        if (keepProb == 1.0) {                              // the identity: keep everything, draw nothing
            mask.fill(1.0);
            y.copyFrom(x);
            return;
        }
        long key = rng.nextLong();                          // the mask is a function of this key
        int n = mask.size();
        if (x.dtype() == DType.F32 && Kernels.fastF32()) {   // the loop below and Y = X ⊙ D / keepProb in one pass: same bits
            DropoutKernelF32.forward(x.floats(), n, key, threshold, (float) (1.0 / keepProb), mask.floats(), y.floats());
            return;
        }
        if (x.dtype() == DType.F32) {
            drawMask(mask.floats(), n, key, threshold);     // D ~ Bernoulli(keepProb)
        } else {
            drawMask(mask.doubles(), n, key, threshold);
        }
        Ops.elementMultScaled(x, mask, 1.0 / keepProb, y);  // Y = X ⊙ D / keepProb
    }

    @Override
    void trainBackward(Matrix dY, Matrix dX) {
        Ops.elementMultScaled(dY, mask, 1.0 / keepProb, dX);   // dX = dY ⊙ D / keepProb
    }

    /**
     * D[i] for i &lt; n, from the key of one forward (see the class javadoc): pair p takes
     * {@code r = Rng.splitMix64(key, p)}, its low half for element 2p and its high half for 2p + 1,
     * and a unit is kept (1) when its half is below {@code threshold} = T, else dropped (0).
     */
    static void drawMask(float[] d, int n, long key, long threshold) {
        drawMask(d, 0, n, key, threshold);
    }

    /** {@link #drawMask(float[], int, long, long)} for the elements from (even), …, n − 1 only. */
    static void drawMask(float[] d, int from, int n, long key, long threshold) {
        for (int i = from; i < n; i += 2) {
            long r = Rng.splitMix64(key, i / 2);             // 64 random bits for the pair (i, i + 1)
            d[i] = keep(r & 0xFFFF_FFFFL, threshold);         // the low half for the even element
            if (i + 1 < n) {
                d[i + 1] = keep(r >>> 32, threshold);         // the high half for the odd one
            }
        }
    }

    /** {@link #drawMask(float[], int, long, long)} for F64: the same pairs, the same units kept. */
    static void drawMask(double[] d, int n, long key, long threshold) {
        for (int i = 0; i < n; i += 2) {
            long r = Rng.splitMix64(key, i / 2);
            d[i] = keep(r & 0xFFFF_FFFFL, threshold);
            if (i + 1 < n) {
                d[i + 1] = keep(r >>> 32, threshold);
            }
        }
    }

    /** 1 when {@code u < threshold}, else 0, for u in [0, 2³²): the sign bit of u − threshold, no branch. */
    static float keep(long u, long threshold) {
        return (float) ((u - threshold) >>> 63);
    }

    @Override
    public java.util.Map<String, Object> config() {
        return dev.regula.nn.Config.of("Dropout", "keepProb", keepProb);
    }
}
