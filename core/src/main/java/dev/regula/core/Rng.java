package dev.regula.core;

/**
 * A seeded pseudo-random generator: xoshiro256** (Blackman and Vigna), seeded through SplitMix64.
 *
 * <p>Regula owns this algorithm rather than using {@link java.util.Random} so that the same seed
 * gives the same stream, bit for bit, on every JDK. Normal variates use the Box-Muller transform
 * with the second value cached, so they too are reproducible.
 */
public final class Rng {
    private long s0, s1, s2, s3;
    private double cachedGaussian;
    private boolean hasCachedGaussian;

    /**
     * Creates a generator whose stream is fully determined by {@code seed}.
     *
     * @param seed any value; the four state words are derived from it with SplitMix64
     */
    public Rng(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L; s0 = mix(x);
        x += 0x9E3779B97F4A7C15L; s1 = mix(x);
        x += 0x9E3779B97F4A7C15L; s2 = mix(x);
        x += 0x9E3779B97F4A7C15L; s3 = mix(x);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** @return the next 64 random bits (xoshiro256**) */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** @return a uniform double in [0, 1), with 53 random bits */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** @return a uniform float in [0, 1), with 24 random bits */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /**
     * A uniform double in [lo, hi): {@code lo + (hi − lo)·u}, u from {@link #nextDouble()}.
     *
     * @param lo the lower bound, included
     * @param hi the upper bound, excluded
     * @return the variate
     */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /**
     * A uniform integer in [0, bound), without modulo bias (Lemire's method).
     *
     * @param bound the number of values, &gt; 0
     * @return the variate
     */
    public int nextInt(int bound) {
        Checks.positive("bound", bound);
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /**
     * A standard normal variate (Box-Muller; each pair of uniforms gives two variates, the second
     * cached for the next call).
     *
     * @return a draw from N(0, 1)
     */
    public double nextGaussian() {
        if (hasCachedGaussian) {
            hasCachedGaussian = false;
            return cachedGaussian;
        }
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 == 0.0);
        double u2 = nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        cachedGaussian = r * Math.sin(2 * Math.PI * u2);
        hasCachedGaussian = true;
        return r * Math.cos(2 * Math.PI * u2);
    }

    /**
     * Output {@code index} (counting from 0) of SplitMix64 seeded with {@code seed} (Steele, Lea
     * and Flood, 2014; the generator behind {@code java.util.SplittableRandom}):
     * <pre>
     * splitMix64(seed, index) = mix(seed + (index + 1)·γ)        γ = 0x9E3779B97F4A7C15, modulo 2⁶⁴
     * mix(z): z ← (z ^ (z >>> 30))·0xBF58476D1CE4E5B9; z ← (z ^ (z >>> 27))·0x94D049BB133111EB; z ^ (z >>> 31)
     * </pre>
     * the finalizer the constructor also uses. For seed 0 the first outputs are 0xE220A8397B1DCDAF,
     * 0x6E789E6AA1B965F4, 0x06C45D188009454F, as in the reference implementation. A counter-based
     * generator: any output is a function of (seed, index) alone, so that many can be computed at
     * once, in any order, in the lanes of a vector ({@code Dropout}'s mask is drawn so).
     *
     * @param seed  the seed of the sequence
     * @param index which output, from 0 (any long; the sequence has period 2⁶⁴)
     * @return 64 random bits
     */
    public static long splitMix64(long seed, long index) {
        return mix(seed + (index + 1) * GOLDEN_GAMMA);
    }

    /**
     * Shuffles {@code a} in place (Fisher-Yates).
     *
     * @param a the array. Modified.
     */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * The generator's whole state (four words of xoshiro256**, the cached normal variate and
     * whether it is valid), for checkpoints: {@link #restore} continues the same stream.
     *
     * @return a new array of 6 words
     */
    public long[] state() {
        return new long[] {s0, s1, s2, s3, Double.doubleToRawLongBits(cachedGaussian), hasCachedGaussian ? 1 : 0};
    }

    /**
     * Restores a state returned by {@link #state()}.
     *
     * @param state 6 words as {@link #state()} returns them. Not modified.
     * @throws IllegalArgumentException when {@code state} does not have 6 words or is all zero
     */
    public void restore(long[] state) {
        if (state == null || state.length != 6 || (state[0] | state[1] | state[2] | state[3]) == 0) {
            throw new IllegalArgumentException("Invalid Rng state: expected 6 words with a non-zero generator state, received: "
                    + java.util.Arrays.toString(state));
        }
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
        cachedGaussian = Double.longBitsToDouble(state[4]);
        hasCachedGaussian = state[5] != 0;
    }

    /**
     * A new generator whose stream is derived from this one's next value, for handing an
     * independent, reproducible stream to a layer or a worker. Advances this generator by one draw.
     *
     * @return the new generator
     */
    public Rng fork() {
        return new Rng(nextLong());
    }

    /**
     * The generator of stream ({@code name}, {@code index}) of {@code seed}: a function of those
     * three values alone, so that adding or removing other streams does not move this one (what
     * {@link #fork()} cannot promise, since the i-th fork depends on the forks before it).
     * {@code Sequential} gives its i-th Dense layer the stream ("dense", i) and its shuffling the
     * stream ("shuffle", 0). The derivation, SplitMix64-style:
     * <pre>
     * k = FNV-1a-64(name's UTF-8 bytes)                  (offset 0xCBF29CE484222325, prime 0x100000001B3)
     * x = mix(seed + γ)
     * x = mix(x ^ k)
     * x = mix(x + (index + 1)·γ)
     * generator = new Rng(x)
     * </pre>
     * where γ = 0x9E3779B97F4A7C15 and mix is SplitMix64's finalizer (the one the constructor
     * applies), all arithmetic modulo 2⁶⁴.
     *
     * @param seed  the seed of the whole run
     * @param name  the kind of stream, e.g. "dense", "dropout", "shuffle". Not modified.
     * @param index the stream's index among those of its kind, &ge; 0
     * @return a new generator
     * @throws IllegalArgumentException when {@code name} is null or empty, or {@code index} is negative
     */
    public static Rng stream(long seed, String name, int index) {
        return new Rng(streamSeed(seed, name, index));
    }

    /** The seed {@link #stream} hands to {@code new Rng(...)}, for tests and walkthroughs. */
    public static long streamSeed(long seed, String name, int index) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("Invalid value for name: expected a non-empty stream name, received: "
                    + (name == null ? "null" : "\"\""));
        }
        if (index < 0) {
            throw new IllegalArgumentException("Invalid value for index: expected an integer >= 0, received: " + index);
        }
        long k = 0xCBF29CE484222325L;                       // FNV-1a, 64 bits
        for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            k ^= b & 0xFF;
            k *= 0x100000001B3L;
        }
        long x = mix(seed + GOLDEN_GAMMA);
        x = mix(x ^ k);
        return mix(x + (index + 1L) * GOLDEN_GAMMA);
    }

    /** SplitMix64's increment γ, 2⁶⁴/φ rounded to an odd number: {@link #splitMix64}'s counters step by it. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
}
