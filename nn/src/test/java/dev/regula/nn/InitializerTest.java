package dev.regula.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import org.junit.jupiter.api.Test;

/**
 * Statistical properties of the initializers on large kernels. The sample mean and variance are
 * compared with the targets within 5 standard errors, the standard errors estimated from the
 * sample itself: the SE of the mean is sqrt(s²/n) and the SE of the mean of w² (the variance
 * estimate, since the mean is 0) is sqrt(Var(w²)/n). For a correct initializer a false failure
 * has probability below 1e-6 whatever the seed.
 */
class InitializerTest {

    /** mean, E[w²], SE of the mean, SE of E[w²], max |w|. */
    private record Stats(double mean, double meanSquare, double seMean, double seMeanSquare, double maxAbs) {}

    private static Stats stats(Matrix w) {
        int n = w.size();
        double sum = 0, sumSq = 0, sumFourth = 0, maxAbs = 0;
        for (int i = 0; i < n; i++) {
            double v = w.get(i);
            sum += v;
            sumSq += v * v;
            sumFourth += v * v * v * v;
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        double mean = sum / n;
        double meanSquare = sumSq / n;
        double varianceOfW = meanSquare - mean * mean;
        double varianceOfSquare = sumFourth / n - meanSquare * meanSquare;
        return new Stats(mean, meanSquare, Math.sqrt(varianceOfW / n), Math.sqrt(varianceOfSquare / n), maxAbs);
    }

    private static Matrix draw(Initializer init, int fanIn, int fanOut, long seed) {
        Matrix w = Matrix.zeros(DType.F64, fanIn, fanOut);
        init.fill(w, fanIn, fanOut, new Rng(seed));
        return w;
    }

    private static void assertMoments(Stats s, double variance, String what) {
        assertEquals(0.0, s.mean(), 5 * s.seMean(), what + ": mean");
        assertEquals(variance, s.meanSquare(), 5 * s.seMeanSquare(), what + ": variance");
    }

    /**
     * The standard deviation of a standard normal truncated to [−2, 2], by Simpson's rule on
     * ∫z²φ(z)dz / ∫φ(z)dz; the initializers' constant 0.8796... must agree with it.
     */
    private static double truncatedStddev() {
        int steps = 20_000;
        double h = 4.0 / steps;
        double mass = 0;
        double second = 0;
        for (int i = 0; i <= steps; i++) {
            double z = -2 + i * h;
            double weight = (i == 0 || i == steps) ? 1 : (i % 2 == 1 ? 4 : 2);
            double phi = Math.exp(-z * z / 2);
            mass += weight * phi;
            second += weight * z * z * phi;
        }
        return Math.sqrt(second / mass);
    }

    @Test
    void glorotUniformBoundsAndVariance() {
        int fanIn = 500, fanOut = 500;
        Stats s = stats(draw(Initializer.GLOROT_UNIFORM, fanIn, fanOut, 1));
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        assertTrue(s.maxAbs() <= limit, "|w| = " + s.maxAbs() + " exceeds sqrt(6/(fanIn+fanOut)) = " + limit);
        // 250,000 uniform draws come within 0.1 % of the limit with overwhelming probability.
        assertTrue(s.maxAbs() > 0.999 * limit, "the draws should fill [−limit, limit]: max " + s.maxAbs());
        assertMoments(s, 2.0 / (fanIn + fanOut), "glorot_uniform");
    }

    @Test
    void glorotNormalVariance() {
        int fanIn = 300, fanOut = 700;
        Stats s = stats(draw(Initializer.GLOROT_NORMAL, fanIn, fanOut, 2));
        assertMoments(s, 2.0 / (fanIn + fanOut), "glorot_normal");
        assertTrue(s.maxAbs() <= 2 * Math.sqrt(2.0 / (fanIn + fanOut)) / truncatedStddev() * (1 + 1e-9));
    }

    @Test
    void heNormalUsesFanInAndIsTruncatedAtTwoStandardDeviations() {
        // A non-square kernel, so that fanIn (400) and fanOut (625) lead to different targets.
        int fanIn = 400, fanOut = 625;
        Stats s = stats(draw(Initializer.HE_NORMAL, fanIn, fanOut, 3));
        assertMoments(s, 2.0 / fanIn, "he_normal");
        double c = truncatedStddev();
        assertEquals(0.87962566103423978, c, 1e-9, "the stddev of a unit normal truncated to [−2, 2]");
        double stddev = Math.sqrt(2.0 / fanIn) / c;
        assertTrue(s.maxAbs() <= 2 * stddev * (1 + 1e-12), "|w| = " + s.maxAbs() + " beyond 2·stddev = " + 2 * stddev);
        // P(|Z| > 1.99 | |Z| ≤ 2) ≈ 6e-4, so 250,000 draws reach it.
        assertTrue(s.maxAbs() > 0.995 * 2 * stddev, "truncation at 2σ, not earlier: max " + s.maxAbs());
    }

    @Test
    void heUniformUsesFanIn() {
        int fanIn = 400, fanOut = 625;
        Stats s = stats(draw(Initializer.HE_UNIFORM, fanIn, fanOut, 4));
        assertMoments(s, 2.0 / fanIn, "he_uniform");
        assertTrue(s.maxAbs() <= Math.sqrt(6.0 / fanIn));
    }

    @Test
    void lecunVariants() {
        int fanIn = 625, fanOut = 400;
        Stats u = stats(draw(Initializer.LECUN_UNIFORM, fanIn, fanOut, 5));
        assertMoments(u, 1.0 / fanIn, "lecun_uniform");
        assertTrue(u.maxAbs() <= Math.sqrt(3.0 / fanIn));
        Stats n = stats(draw(Initializer.LECUN_NORMAL, fanIn, fanOut, 6));
        assertMoments(n, 1.0 / fanIn, "lecun_normal");
        assertTrue(n.maxAbs() <= 2 * Math.sqrt(1.0 / fanIn) / truncatedStddev() * (1 + 1e-9));
    }

    @Test
    void zerosIsAllZero() {
        Matrix w = Matrix.zeros(DType.F32, 3, 4).fill(7);
        Initializer.ZEROS.fill(w, 3, 4, new Rng(1));
        for (int i = 0; i < w.size(); i++) {
            assertEquals(0.0, w.get(i));
        }
        assertEquals(0.0, Initializer.ZEROS.variance(3, 4));
    }

    @Test
    void sameSeedSameWeightsInEitherDType() {
        Matrix a = draw(Initializer.GLOROT_UNIFORM, 20, 30, 9);
        Matrix b = draw(Initializer.GLOROT_UNIFORM, 20, 30, 9);
        assertTrue(a.contentEquals(b));
        Matrix f = Matrix.zeros(DType.F32, 20, 30);
        Initializer.GLOROT_UNIFORM.fill(f, 20, 30, new Rng(9));
        assertTrue(a.to(DType.F32).contentEquals(f), "F32 weights are the F64 draws rounded once");
    }

    @Test
    void parseAcceptsKerasNames() {
        assertEquals(Initializer.GLOROT_UNIFORM, Initializer.parse("glorot_uniform"));
        assertEquals(Initializer.HE_NORMAL, Initializer.parse("He-Normal"));
        assertEquals(Initializer.LECUN_NORMAL, Initializer.parse(" lecun_normal "));
        assertEquals(Initializer.ZEROS, Initializer.parse("zeros"));
    }

    @Test
    void parseErrorsListTheValidNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Initializer.parse("xavier"));
        for (Initializer i : Initializer.values()) {
            String name = i.name().toLowerCase(java.util.Locale.ROOT);
            assertTrue(e.getMessage().contains(name), "message should list " + name + ": " + e.getMessage());
        }
        assertTrue(e.getMessage().contains("xavier"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> Initializer.parse(null));
        assertTrue(e2.getMessage().contains("glorot_uniform"), e2.getMessage());
    }
}
