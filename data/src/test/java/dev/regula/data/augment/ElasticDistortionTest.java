package dev.regula.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import org.junit.jupiter.api.Test;

class ElasticDistortionTest {

    @Test
    void kernelIsANormalizedTruncatedGaussian() {
        ElasticDistortion e = ElasticDistortion.simard();
        assertEquals(16, e.radius(), "scipy's truncate=4: ⌊4σ + 0.5⌋");
        double[] g = e.kernel();
        assertEquals(33, g.length);
        assertEquals(1.0, java.util.Arrays.stream(g).sum(), 1e-14);
        assertEquals(Math.exp(-0.5 * 16 / 16.0), g[16 + 4] / g[16], 1e-14, "g(4)/g(0) = exp(-4²/(2σ²))");
        assertEquals(g[10], g[22], 0.0);
    }

    @Test
    void fastDisplacementsEqualTheTextbookSmoothing() {
        int h = 28, w = 20; // not square, to catch a swapped axis
        ElasticDistortion e = new ElasticDistortion(7, 3);
        ElasticDistortion.Scratch scratch = e.scratch(h, w);
        e.displacements(new Rng(5), scratch);
        double[] dx = scratch.dx(), dy = scratch.dy();
        // The documented draw order: all of Ux row by row, then all of Uy.
        Rng rng = new Rng(5);
        double[] ux = new double[h * w], uy = new double[h * w];
        for (int i = 0; i < h * w; i++) ux[i] = 2 * rng.nextDouble() - 1;
        for (int i = 0; i < h * w; i++) uy[i] = 2 * rng.nextDouble() - 1;
        double[] sx = new double[h * w], sy = new double[h * w];
        e.smooth(ux, h, w, sx);
        e.smooth(uy, h, w, sy);
        for (int i = 0; i < h * w; i++) {
            assertEquals(7 * sx[i], dx[i], 1e-12);
            assertEquals(7 * sy[i], dy[i], 1e-12);
        }
    }

    @Test
    void displacementsHaveTheExpectedSize() {
        // Away from the border, sd(Δ) = α·sd(U)·√Σg², sd(U) = 1/√3 for uniform(−1, 1).
        ElasticDistortion e = ElasticDistortion.simard();
        double[] g = e.kernel();
        double g2 = 0;
        for (double v : g) g2 += v * v;
        double expected = 34 / Math.sqrt(3) * g2; // √(Σg² over 2-D) = Σg² (1-D) for a separable kernel
        int n = 64;
        double sum2 = 0;
        int count = 0;
        ElasticDistortion.Scratch s = e.scratch(n, n);
        double[] dx = s.dx(), dy = s.dy();
        Rng rng = new Rng(1);
        for (int rep = 0; rep < 40; rep++) {
            e.displacements(rng, s);
            for (int y = 20; y < 44; y++) {
                for (int x = 20; x < 44; x++) {
                    sum2 += dx[y * n + x] * dx[y * n + x] + dy[y * n + x] * dy[y * n + x];
                    count += 2;
                }
            }
        }
        assertEquals(expected, Math.sqrt(sum2 / count), 0.1 * expected);
        assertTrue(expected > 1 && expected < 2, "about 1.4 pixels for α = 34, σ = 4: " + expected);
    }

    @Test
    void alphaZeroIsTheIdentityAndOutputsStayInRange() {
        Matrix x = AugmentationTest.digits(DType.F64, 20, 2);
        Matrix y = x.copy();
        Augmentation.elastic(0, 4).apply(y, new Rng(1));
        assertTrue(x.contentEquals(y));
        Augmentation.elastic(34, 4).apply(y, new Rng(1));
        double changed = 0;
        for (int i = 0; i < y.size(); i++) {
            assertTrue(y.get(i) >= 0 && y.get(i) <= 1);
            changed += Math.abs(y.get(i) - x.get(i));
        }
        assertTrue(changed > 0);
        ElasticDistortion none = new ElasticDistortion(0, 2);
        ElasticDistortion.Scratch s = none.scratch(4, 4);
        none.displacements(new Rng(1), s);
        assertArrayEquals(new double[16], s.dx(), 0.0);
        assertArrayEquals(new double[16], s.dy(), 0.0);
    }
}
