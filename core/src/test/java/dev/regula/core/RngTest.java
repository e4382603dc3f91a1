package dev.regula.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Reproducibility and statistical properties of {@link Rng}.
 *
 * <p>Every test uses a fixed seed, so each one is deterministic. The statistical tolerances are
 * nevertheless chosen so that a correct generator would pass them for almost any seed (the
 * probability of a false failure is given beside each), which is what makes them meaningful: a
 * biased generator fails them by a wide margin.
 */
class RngTest {

    @Test
    void sameSeedGivesTheSameStreamBitForBit() {
        Rng a = new Rng(12345);
        Rng b = new Rng(12345);
        for (int i = 0; i < 1000; i++) {
            assertEquals(a.nextLong(), b.nextLong(), "nextLong #" + i);
            assertEquals(Double.doubleToRawLongBits(a.nextDouble()), Double.doubleToRawLongBits(b.nextDouble()));
            assertEquals(Double.doubleToRawLongBits(a.nextGaussian()), Double.doubleToRawLongBits(b.nextGaussian()));
            assertEquals(Float.floatToRawIntBits(a.nextFloat()), Float.floatToRawIntBits(b.nextFloat()));
            assertEquals(a.nextInt(1000), b.nextInt(1000));
        }
    }

    @Test
    void differentSeedsGiveDifferentStreams() {
        Rng a = new Rng(1);
        Rng b = new Rng(2);
        int equal = 0;
        for (int i = 0; i < 1000; i++) {
            if (a.nextLong() == b.nextLong()) {
                equal++;
            }
        }
        // Two independent 64-bit streams agree at a position with probability 2^-64.
        assertEquals(0, equal, "streams of seeds 1 and 2 should not share values");
    }

    /**
     * Known answers for seed 0. The generator is SplitMix64-seeded xoshiro256**; the four state
     * words are SplitMix64's first four outputs for state 0, the published reference values
     * (Vigna's splitmix64.c), and the three outputs come from this Python transcription of the
     * reference xoshiro256starstar.c:
     * <pre>
     * M = (1 &lt;&lt; 64) - 1
     * rotl = lambda v, k: ((v &lt;&lt; k) | (v &gt;&gt; (64 - k))) &amp; M
     * s = [0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f, 0xf88bb8a8724c81ec]
     * def nxt(s):
     *     r = (rotl((s[1] * 5) &amp; M, 7) * 9) &amp; M
     *     t = (s[1] &lt;&lt; 17) &amp; M
     *     s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45)
     *     return r
     * print([hex(nxt(s)) for _ in range(3)])
     * </pre>
     */
    @Test
    void seedZeroMatchesTheReferenceAlgorithm() {
        Rng rng = new Rng(0);
        assertEquals(0x99ec5f36cb75f2b4L, rng.nextLong());
        assertEquals(0xbf6e1f784956452aL, rng.nextLong());
        assertEquals(0x1a5f849d4933e6e0L, rng.nextLong());
    }

    /**
     * {@link Rng#splitMix64} is the reference SplitMix64 (Vigna's {@code splitmix64.c}): seeded
     * with 0, its first four outputs are the four state words of xoshiro256** seeded with 0 in the
     * test above (the reference seeds xoshiro with exactly those), and output i of seed s is output
     * 0 of seed s + i·γ (the counter moves by γ per output).
     */
    @Test
    void splitMix64MatchesTheReferenceSequence() {
        long[] expected = {0xe220a8397b1dcdafL, 0x6e789e6aa1b965f4L, 0x06c45d188009454fL, 0xf88bb8a8724c81ecL};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], Rng.splitMix64(0, i), "output " + i);
            assertEquals(expected[i], Rng.splitMix64(i * 0x9E3779B97F4A7C15L, 0), "output 0 of seed i·γ, i = " + i);
        }
        assertEquals(Rng.splitMix64(-5, 1_000_000_007L), Rng.splitMix64(-5, 1_000_000_007L), "a function of its arguments");
    }

    @Test
    void nextDoubleAndUniformStayInTheirRanges() {
        Rng rng = new Rng(7);
        double sum = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            assertTrue(u >= 0 && u < 1, "nextDouble out of [0, 1): " + u);
            float f = rng.nextFloat();
            assertTrue(f >= 0 && f < 1, "nextFloat out of [0, 1): " + f);
            double w = rng.uniform(-3, 5);
            assertTrue(w >= -3 && w < 5, "uniform out of [-3, 5): " + w);
            sum += u;
        }
        // The mean of U(0, 1) is 1/2 with standard error sqrt(1/12 / n) ≈ 0.0009; 5 SE.
        assertEquals(0.5, sum / n, 5 * Math.sqrt(1.0 / 12 / n));
    }

    @Test
    void nextIntIsInRangeAndRoughlyUniform() {
        Rng rng = new Rng(2024);
        int bound = 10;
        int n = 100_000;
        int[] counts = new int[bound];
        for (int i = 0; i < n; i++) {
            int k = rng.nextInt(bound);
            assertTrue(k >= 0 && k < bound, "nextInt(10) returned " + k);
            counts[k]++;
        }
        // Pearson's chi-square with bound - 1 = 9 degrees of freedom has mean 9 and standard
        // deviation sqrt(18) ≈ 4.2; its 0.9999 quantile is 33.7. A correct generator exceeds it
        // for one seed in 10,000; a generator off by 1 % on one bin (1000 counts) gives ≈ 11 more.
        double chi2 = chiSquare(counts, (double) n / bound);
        assertTrue(chi2 < 33.7, "chi-square of nextInt(10) over 100k draws too large: " + chi2
                + " counts " + Arrays.toString(counts));
    }

    @Test
    void nextIntWithALargeBoundHasNoModuloBias() {
        // With bound ≈ 2^32 / 2.86 a plain "x mod bound" of a 32-bit x would give the values below
        // 2^32 - 2·bound (the lower 86 % of the range) 3 chances each and the others 2, so the
        // last bins would be a third short. Bin the draws in 10 equal bins of [0, bound) and
        // require a flat histogram.
        Rng rng = new Rng(99);
        int bound = 1_500_000_001;
        int n = 100_000;
        int[] counts = new int[10];
        for (int i = 0; i < n; i++) {
            int k = rng.nextInt(bound);
            assertTrue(k >= 0 && k < bound, "nextInt out of range: " + k);
            counts[(int) ((long) k * 10 / bound)]++;
        }
        // Same chi-square bound as above (9 degrees of freedom, 0.9999 quantile 33.7).
        double chi2 = chiSquare(counts, n / 10.0);
        assertTrue(chi2 < 33.7, "chi-square too large: " + chi2 + " counts " + Arrays.toString(counts));
    }

    @Test
    void nextIntRejectsANonPositiveBound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Rng(1).nextInt(0));
        assertTrue(e.getMessage().contains("bound"), e.getMessage());
        assertTrue(e.getMessage().contains("0"), e.getMessage());
    }

    @Test
    void nextGaussianHasMeanZeroAndVarianceOne() {
        Rng rng = new Rng(31337);
        int n = 100_000;
        double sum = 0;
        double sumSq = 0;
        int withinOne = 0;
        for (int i = 0; i < n; i++) {
            double z = rng.nextGaussian();
            assertTrue(Double.isFinite(z), "nextGaussian gave " + z);
            sum += z;
            sumSq += z * z;
            if (Math.abs(z) < 1) {
                withinOne++;
            }
        }
        double mean = sum / n;
        double variance = sumSq / n - mean * mean;
        // Standard errors for n standard normal draws: mean 1/sqrt(n) ≈ 0.0032, sample variance
        // sqrt(2/n) ≈ 0.0045. Tolerance 5 SE: a false failure has probability below 1e-6.
        assertEquals(0.0, mean, 5 / Math.sqrt(n), "mean");
        assertEquals(1.0, variance, 5 * Math.sqrt(2.0 / n), "variance");
        // P(|Z| < 1) = erf(1/√2) = 0.682689...; a binomial proportion with SE sqrt(p(1-p)/n).
        double p = 0.6826894921370859;
        assertEquals(p, (double) withinOne / n, 5 * Math.sqrt(p * (1 - p) / n), "P(|Z| < 1)");
    }

    @Test
    void shuffleIsAPermutation() {
        Rng rng = new Rng(5);
        int[] a = new int[100];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        int[] identity = a.clone();
        rng.shuffle(a);
        assertNotEquals(Arrays.toString(identity), Arrays.toString(a), "100 elements should move");
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        assertArrayEquals(identity, sorted, "a shuffle must keep every element exactly once");
    }

    @Test
    void shuffleDrawsEveryPermutationEquallyOften() {
        // The 6 orders of {0, 1, 2}, 60,000 shuffles: chi-square with 5 degrees of freedom,
        // 0.9999 quantile 25.7. A Fisher-Yates with an off-by-one (j in [0, i) instead of
        // [0, i]) never produces the identity and fails by thousands.
        Rng rng = new Rng(11);
        int n = 60_000;
        int[] counts = new int[6];
        for (int i = 0; i < n; i++) {
            int[] a = {0, 1, 2};
            rng.shuffle(a);
            counts[permutationIndex(a)]++;
        }
        double chi2 = chiSquare(counts, n / 6.0);
        assertTrue(chi2 < 25.7, "chi-square over the 6 permutations: " + chi2 + " " + Arrays.toString(counts));
    }

    @Test
    void forkIsReproducibleAndIndependentOfTheParent() {
        Rng parentA = new Rng(3);
        Rng parentB = new Rng(3);
        Rng childA = parentA.fork();
        Rng childB = parentB.fork();
        for (int i = 0; i < 100; i++) {
            assertEquals(childA.nextLong(), childB.nextLong());
        }
        Rng parent = new Rng(3);
        Rng child = parent.fork();
        int equal = 0;
        for (int i = 0; i < 100; i++) {
            if (parent.nextLong() == child.nextLong()) {
                equal++;
            }
        }
        assertEquals(0, equal, "a forked stream should not repeat its parent's");
    }

    /**
     * {@link Rng#streamSeed} against the derivation written out independently in Python (FNV-1a-64
     * of the name, three SplitMix64 finalizer rounds, then xoshiro256**'s first output):
     * <pre>
     * def mix(z): z = ((z ^ z >> 30) * 0xBF58476D1CE4E5B9) % 2**64; z = ((z ^ z >> 27) * 0x94D049BB133111EB) % 2**64; return z ^ z >> 31
     * x = mix((seed + G) % 2**64); x = mix(x ^ fnv1a64(name)); x = mix((x + (index + 1) * G) % 2**64)
     * </pre>
     */
    @Test
    void namedStreamsFollowTheDocumentedDerivation() {
        assertEquals(0xac77a86881d2acf5L, Rng.streamSeed(128, "dense", 0));
        assertEquals(0xfdae4a81fa4c3b5fL, Rng.streamSeed(128, "dense", 1));
        assertEquals(0x8f46ab4fa8ecf621L, Rng.streamSeed(128, "shuffle", 0));
        assertEquals(0xc2555f5c29c30b51L, Rng.streamSeed(0, "dropout", 2));
        assertEquals(0x45fc4be2c442eec5L, Rng.streamSeed(-1, "augmentation", 0));
        assertEquals(5567192106638821073L, Rng.stream(128, "dense", 0).nextLong());
        assertEquals(66236806900562261L, Rng.stream(128, "shuffle", 0).nextLong());
        assertEquals(-2500456321984913101L, Rng.stream(-1, "augmentation", 0).nextLong());
    }

    @Test
    void namedStreamsDifferByNameIndexAndSeed() {
        java.util.Set<Long> seeds = new java.util.HashSet<>();
        for (long seed : new long[] {0, 1, 128, 129, -1}) {
            for (String name : new String[] {"dense", "dropout", "batchnormalization", "shuffle", "augmentation"}) {
                for (int index = 0; index < 8; index++) {
                    assertTrue(seeds.add(Rng.streamSeed(seed, name, index)), seed + " " + name + " " + index);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Rng.stream(1, "", 0));
        assertThrows(IllegalArgumentException.class, () -> Rng.stream(1, null, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rng.stream(1, "dense", -1));
        assertTrue(e.getMessage().contains("received: -1"), e.getMessage());
    }

    private static double chiSquare(int[] counts, double expected) {
        double chi2 = 0;
        for (int c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        return chi2;
    }

    /** The index of a permutation of {0, 1, 2} in lexicographic order. */
    private static int permutationIndex(int[] a) {
        String s = "" + a[0] + a[1] + a[2];
        return Arrays.asList("012", "021", "102", "120", "201", "210").indexOf(s);
    }
}
