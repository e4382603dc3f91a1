package dev.regula.regularization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.Kernels;
import dev.regula.core.Rng;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link Normals}: its logarithm, sine and cosine against {@code Math}'s, the scheme against the
 * Box-Muller formulas written with {@code Math}, the variates' distribution, and
 * {@link NormalsKernelF64} against the loop, bit for bit.
 */
class NormalsTest {

    /** Every u = k·2⁻⁵³ the scheme can give, at the edges and spread over (0, 1]. */
    private static double[] uniforms() {
        Rng rng = new Rng(5);
        double[] u = new double[20_000];
        double[] edges = {0x1p-53, 0x2p-53, 0.5, 0.5 + 0x1p-53, Math.sqrt(0.5), 1 / Math.sqrt(2), 0.7071067811865476,
                0.7071067811865475, 0.125, 0.25, 0.375, 0.625, 0.75, 0.875, 1 - 0x1p-53, 1.0, 0.1, 1e-10};
        System.arraycopy(edges, 0, u, 0, edges.length);
        for (int i = edges.length; i < u.length; i++) {
            u[i] = i % 2 == 0 ? ((rng.nextLong() >>> 11) + 1) * 0x1p-53 : Math.scalb(((rng.nextLong() >>> 11) + 1) * 0x1p-53, -rng.nextInt(40));
        }
        return u;
    }

    @Test
    void logIsWithinTwoUlpsOfMathLog() {
        for (double u : uniforms()) {
            double expected = Math.log(u);
            double got = Normals.log(u);
            assertEquals(expected, got, 2 * Math.ulp(expected) + 0x1p-60, "ln " + u);
        }
        assertEquals(0.0, Normals.log(1.0), 0.0, "ln 1 = 0 exactly");
        assertEquals(-52 * Math.log(2), Normals.log(0x1p-52), 1e-14, "the smallest u₁, 2⁻⁵²");
    }

    @Test
    void cosAndSinOfTwoPiUAreWithin1e15OfMath() {
        for (double u : uniforms()) {
            if (u > 1) {
                continue;
            }
            assertEquals(Math.cos(2 * Math.PI * u), Normals.cos2pi(u), 1e-15, "cos 2π·" + u);
            assertEquals(Math.sin(2 * Math.PI * u), Normals.sin2pi(u), 1e-15, "sin 2π·" + u);
        }
        assertEquals(1.0, Normals.cos2pi(0), 0.0);
        assertEquals(0.0, Normals.sin2pi(0), 0.0);
        assertEquals(-1.0, Normals.cos2pi(0.5), 0.0, "q = 2, θ = 0");
        assertEquals(1.0, Normals.sin2pi(0.25), 0.0, "q = 1, θ = 0");
        assertEquals(-1.0, Normals.sin2pi(0.75), 0.0, "q = 3, θ = 0");
    }

    /**
     * The scheme, written again with Math.log, Math.cos and Math.sin: element j of block b is
     * r·cos(2πu₂) of pair 8b + j for j &lt; 8 and r·sin(2πu₂) of pair 8b + j − 8 for j ≥ 8, with
     * u₁ and u₂ from SplitMix64 outputs 2p and 2p + 1.
     */
    @Test
    void theVariatesAreBoxMullerOfTheKeysSplitMixOutputsInBlocksOfSixteen() {
        long key = 0x0123_4567_89AB_CDEFL;
        int n = 16 * 5 + 11;                                   // five whole blocks and a partial one
        double[] z = new double[n];
        Normals.draw(z, n, key);
        for (int i = 0; i < n; i++) {
            int b = i / 16, j = i % 16;
            long p = 8L * b + j % 8;
            double u1 = 1 - (Rng.splitMix64(key, 2 * p) >>> 12) / 4503599627370496.0;
            double u2 = (Rng.splitMix64(key, 2 * p + 1) >>> 12) / 4503599627370496.0;
            double r = Math.sqrt(-2 * Math.log(u1));
            double expected = j < 8 ? r * Math.cos(2 * Math.PI * u2) : r * Math.sin(2 * Math.PI * u2);
            assertEquals(expected, z[i], 1e-14 * Math.max(1, Math.abs(expected)), "z[" + i + "]");
        }
    }

    /**
     * 10⁶ variates of one key: mean (SE 1e-3), variance (SE √2·1e-3), third moment (SE √15·1e-3) and
     * fourth (E z⁴ = 3, SE √96·1e-3) within 6 SE; the largest distance of the empirical CDF from Φ
     * (on a grid of 1,200 points) below Kolmogorov-Smirnov's 0.1 % critical value 1.95/√N (this key
     * gives √N·D = 1.77, a p-value of about 1.3 %; other keys give 0.7 to 1.1 at N = 200,000, as the
     * Kolmogorov distribution has them; a bias of 0.002 in the CDF still fails); and no correlation between neighbours,
     * nor between the cosine and the sine of a pair (SE 1e-3 each).
     */
    @Test
    void aMillionVariatesAreStandardNormalAndUncorrelated() {
        int n = 1_000_000;
        double[] z = new double[n];
        Normals.draw(z, n, 42);
        double m1 = 0, m2 = 0, m3 = 0, m4 = 0, neighbours = 0, pairs = 0;
        for (int i = 0; i < n; i++) {
            double v = z[i];
            m1 += v;
            m2 += v * v;
            m3 += v * v * v;
            m4 += v * v * v * v;
            if (i + 1 < n) {
                neighbours += v * z[i + 1];
            }
            if (i % 16 < 8) {
                pairs += v * z[i + 8];
            }
        }
        double se = 1 / Math.sqrt(n);
        assertEquals(0, m1 / n, 6 * se, "mean");
        assertEquals(1, m2 / n, 6 * Math.sqrt(2) * se, "variance");
        assertEquals(0, m3 / n, 6 * Math.sqrt(15) * se, "third moment");
        assertEquals(3, m4 / n, 6 * Math.sqrt(96) * se, "fourth moment");
        assertEquals(0, neighbours / (n - 1), 6 * se, "correlation of z[i] and z[i + 1]");
        assertEquals(0, pairs / (n / 2.0), 6 * Math.sqrt(2) * se, "correlation of a pair's cosine and sine");
        double[] sorted = z.clone();
        java.util.Arrays.sort(sorted);
        // Φ on a grid of x from −6 to 6 in steps of 0.01, by Simpson's rule on each step (error
        // below 1e-12; Φ(−6) ≈ 1e-9 is taken as 0), against the share of variates ≤ x.
        double ks = 0, phi = 0;
        for (int k = 1; k <= 1200; k++) {
            double a = -6 + (k - 1) * 0.01, b = a + 0.01;
            phi += 0.01 / 6 * (density(a) + 4 * density((a + b) / 2) + density(b));
            int below = java.util.Arrays.binarySearch(sorted, b);
            int count = below >= 0 ? below + 1 : -below - 1;
            ks = Math.max(ks, Math.abs(phi - (double) count / n));
        }
        assertTrue(ks < 1.95 / Math.sqrt(n), "Kolmogorov-Smirnov distance on the grid " + ks);
    }

    /** The standard normal density. */
    private static double density(double x) {
        return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    }

    @Test
    void theKernelEqualsTheLoopBitForBit() {
        Assumptions.assumeTrue(Kernels.vectorModulePresent(), "the kernel needs jdk.incubator.vector");
        Assumptions.assumeTrue(NormalsKernelF64.usable(), "the vector width divides a block's 8 pairs");
        long[] keys = {0, 1, -1, 0x9E3779B97F4A7C15L, 123456789L, Long.MIN_VALUE};
        for (int n : new int[] {0, 1, 2, 7, 8, 15, 16, 17, 31, 32, 33, 100, 64_003}) {
            for (long key : keys) {
                double[] loop = new double[n];
                Normals.draw(loop, n, key);
                double[] kernel = new double[n + 5];                 // longer: only n elements written
                java.util.Arrays.fill(kernel, 7.0);
                NormalsKernelF64.draw(kernel, n, key);
                for (int i = 0; i < n; i++) {
                    assertEquals(Double.doubleToRawLongBits(loop[i]), Double.doubleToRawLongBits(kernel[i]),
                            "z[" + i + "], n = " + n + ", key = " + key + ": " + loop[i] + " against " + kernel[i]);
                }
                for (int i = n; i < n + 5; i++) {
                    assertEquals(7.0, kernel[i], "past n");
                }
            }
        }
    }
}
