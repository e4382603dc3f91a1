package dev.regula.regularization;

import dev.regula.core.Kernels;
import dev.regula.core.Rng;

/**
 * Standard normal variates as a function of a 64-bit key, any number at a time: the noise of
 * {@link GaussianNoise} and {@link GaussianDropout}. This class is the readable definition;
 * {@link NormalsKernelF64} computes the same bits a vector at a time.
 *
 * <p><b>The scheme.</b> The Box-Muller transform turns two uniforms into two independent standard
 * normals: with u₁ in (0, 1] and u₂ in [0, 1),
 * <pre>
 * r = sqrt(−2·ln u₁)        z₀ = r·cos(2π·u₂)        z₁ = r·sin(2π·u₂)
 * </pre>
 * Pair p takes its uniforms from SplitMix64's outputs 2p and 2p + 1 for the key
 * ({@link Rng#splitMix64}), the top 52 bits of each: u₁ = 1 − ⌊r/2¹²⌋·2⁻⁵² and u₂ = ⌊r/2¹²⌋·2⁻⁵²
 * (52 bits, not 53, because a vector makes them from the bits of a double in [1, 2) without a
 * conversion; the smallest u₁ is 2⁻⁵², so |z| ≤ 8.5).
 * The elements go in blocks of {@value #BLOCK}: element j of block b is z₀ of pair 8b + j for
 * j &lt; 8 and z₁ of pair 8b + j − 8 for j ≥ 8 (a last, partial block keeps the same rule). So eight
 * pairs fill a block, their cosines first, which lets a vector of pairs write its cosines and its
 * sines to consecutive elements; the rule is fixed, whatever the machine's vector width.
 *
 * <p><b>Why not {@code Math.log}, {@code Math.cos}, {@code Math.sin}.</b> Their results are only
 * specified to within an ulp or so, and the Vector API's versions may differ from them; a kernel
 * and its loop could then disagree in the last bit. {@link #log}, {@link #cos2pi} and
 * {@link #sin2pi} below use only additions, multiplications, one division and exact bit
 * operations, in a fixed order that the kernel repeats, so both give the same bits on every machine.
 * They are accurate to a few ulps ({@code NormalsTest} compares them with {@code Math}), which is
 * far below anything the noise's statistics could show.
 */
final class Normals {
    /** Elements per block: the cosines of {@value #PAIRS} pairs, then their sines. */
    static final int BLOCK = 16;
    /** Pairs per block. */
    static final int PAIRS = BLOCK / 2;

    static final double TWO_TO_MINUS_52 = 0x1.0p-52;
    static final double LN2 = 0.6931471805599453;       // ln 2, rounded
    static final double SQRT2 = 1.4142135623730951;     // √2, rounded
    static final double HALF_PI = 1.5707963267948966;   // π/2, rounded
    static final long MANTISSA = 0x000F_FFFF_FFFF_FFFFL;
    static final long EXPONENT_OF_ONE = 0x3FF0_0000_0000_0000L;

    /** 1/(2k + 1), k = 0 … 11: ln m = 2s·Σ s²ᵏ/(2k + 1) (the series of 2·atanh s), |s| ≤ 0.172. */
    static final double[] ATANH = new double[12];
    /** (−1)ᵏ/(2k + 1)!, k = 0 … 8: sin θ = θ·Σ (−1)ᵏ θ²ᵏ/(2k + 1)!, |θ| ≤ π/4. */
    static final double[] SIN = new double[9];
    /** (−1)ᵏ/(2k)!, k = 0 … 9: cos θ = Σ (−1)ᵏ θ²ᵏ/(2k)!, |θ| ≤ π/4. */
    static final double[] COS = new double[10];

    static {
        for (int k = 0; k < ATANH.length; k++) {
            ATANH[k] = 1.0 / (2 * k + 1);
        }
        double factorial = 1;                            // n!, exact as a double up to 22!
        for (int n = 0; n <= 18; n++) {
            factorial *= Math.max(n, 1);
            double term = ((n / 2) % 2 == 0 ? 1 : -1) / factorial;
            if (n % 2 == 1) {
                SIN[n / 2] = term;
            } else {
                COS[n / 2] = term;
            }
        }
    }

    private Normals() {}

    /**
     * z[i] for i &lt; n: the standard normal variates of {@code key}, element by element as the
     * class javadoc says. Each pair's two uniforms are computed again for its second element:
     * this loop is the definition, not the fast path.
     */
    static void draw(double[] z, int n, long key) {
        drawRange(z, 0, n, key);
    }

    /**
     * z[i] for i &lt; n, by {@link NormalsKernelF64} when the kernels run ({@link Kernels#fastF64()})
     * and the vector width divides a block's pairs, else by {@link #draw}: the same bits either way.
     */
    static void fill(double[] z, int n, long key) {
        if (Kernels.fastF64() && NormalsKernelF64.usable()) {
            NormalsKernelF64.draw(z, n, key);
        } else {
            draw(z, n, key);
        }
    }

    /** {@link #draw} for the elements from, …, n − 1 only. */
    static void drawRange(double[] z, int from, int n, long key) {
        for (int i = from; i < n; i++) {
            int j = i % BLOCK;
            long p = (long) (i / BLOCK) * PAIRS + j % PAIRS;           // the pair of element i
            double u1 = 1.0 - (Rng.splitMix64(key, 2 * p) >>> 12) * TWO_TO_MINUS_52;   // (0, 1]
            double u2 = (Rng.splitMix64(key, 2 * p + 1) >>> 12) * TWO_TO_MINUS_52;     // [0, 1)
            double r = Math.sqrt(-2.0 * log(u1));
            z[i] = j < PAIRS ? r * cos2pi(u2) : r * sin2pi(u2);
        }
    }

    /**
     * ln u for a normal (not subnormal) positive double u: u = m·2ᵉ with m in [√½, √2], then
     * ln u = e·ln 2 + ln m and ln m = 2·atanh(s) with s = (m − 1)/(m + 1), its series summed by Horner.
     */
    static double log(double u) {
        long bits = Double.doubleToRawLongBits(u);
        double e = (bits >>> 52) - 1023;                                     // the exponent (the sign bit is 0)
        double m = Double.longBitsToDouble((bits & MANTISSA) | EXPONENT_OF_ONE);  // the mantissa, in [1, 2)
        if (m > SQRT2) {                                                     // into [√½, √2]: exact
            m = m * 0.5;
            e = e + 1;
        }
        double s = (m - 1.0) / (m + 1.0);
        double s2 = s * s;
        double t = ATANH[ATANH.length - 1];
        for (int k = ATANH.length - 2; k >= 0; k--) {
            t = t * s2 + ATANH[k];
        }
        return e * LN2 + 2.0 * s * t;
    }

    /**
     * cos(2π·u) for u in [0, 1]: 4u = q + x with q the nearest integer (ties to even, as
     * {@code Math.rint}) and x in [−½, ½], both exact, so 2πu = q·π/2 + θ with θ = x·π/2 in
     * [−π/4, π/4], and cos(2πu) is −sin θ, −cos θ or sin θ for q = 1, 2, 3 and cos θ for q = 0 or 4.
     */
    static double cos2pi(double u) {
        double t = 4.0 * u;
        double q = Math.rint(t);
        double theta = (t - q) * HALF_PI;
        if (q == 1) {
            return -sinPoly(theta);
        } else if (q == 2) {
            return -cosPoly(theta);
        } else if (q == 3) {
            return sinPoly(theta);
        }
        return cosPoly(theta);
    }

    /** sin(2π·u) for u in [0, 1], as {@link #cos2pi}: cos θ, −sin θ or −cos θ for q = 1, 2, 3 and sin θ for q = 0 or 4. */
    static double sin2pi(double u) {
        double t = 4.0 * u;
        double q = Math.rint(t);
        double theta = (t - q) * HALF_PI;
        if (q == 1) {
            return cosPoly(theta);
        } else if (q == 2) {
            return -sinPoly(theta);
        } else if (q == 3) {
            return -cosPoly(theta);
        }
        return sinPoly(theta);
    }

    /** sin θ for |θ| ≤ π/4: θ·(SIN[0] + θ²·(SIN[1] + …)). */
    static double sinPoly(double theta) {
        double t2 = theta * theta;
        double t = SIN[SIN.length - 1];
        for (int k = SIN.length - 2; k >= 0; k--) {
            t = t * t2 + SIN[k];
        }
        return theta * t;
    }

    /** cos θ for |θ| ≤ π/4: COS[0] + θ²·(COS[1] + …). */
    static double cosPoly(double theta) {
        double t2 = theta * theta;
        double t = COS[COS.length - 1];
        for (int k = COS.length - 2; k >= 0; k--) {
            t = t * t2 + COS[k];
        }
        return t;
    }
}
