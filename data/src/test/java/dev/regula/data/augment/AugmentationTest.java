package dev.regula.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Properties of the whole pipeline: identities, ranges, shapes, seeds and threads. */
class AugmentationTest {

    /** m synthetic 28×28 images in [0, 1]: random strokes, plus a few grey pixels. */
    static Matrix digits(DType dtype, int m, long seed) {
        Rng rng = new Rng(seed);
        Matrix x = Matrix.zeros(dtype, m, 784);
        for (int i = 0; i < m; i++) {
            for (int s = 0; s < 60; s++) {
                int r = 4 + rng.nextInt(20), c = 4 + rng.nextInt(20);
                x.set(i, r * 28 + c, 1.0);
                x.set(i, r * 28 + c + 1, rng.nextDouble());
            }
        }
        return x;
    }

    static List<Augmentation> everyTransform() {
        return List.of(
                Augmentation.builder().horizontalFlip(0.5).build(),
                Augmentation.builder().verticalFlip(0.5).build(),
                Augmentation.builder().rotation(30).build(),
                Augmentation.builder().shift(0.2).fill(FillMode.WRAP).build(),
                Augmentation.builder().zoom(new Zoom(0.7, 1.3, true)).fill(FillMode.REFLECT).build(),
                Augmentation.builder().shear(20).fill(FillMode.CONSTANT, 0.3).build(),
                Augmentation.builder().crop(4).build(),
                Augmentation.builder().brightness(0.3, 1.8).build(),
                Augmentation.builder().contrast(0.2, 2.5).build(),
                Augmentation.builder().noise(0.2).build(),
                Augmentation.builder().erasing(new RandomErasing(1, 0.02, 0.4, 0.3, 3.3, 0.5)).build(),
                Augmentation.elastic(34, 4),
                Augmentation.caseStudy(),
                Augmentation.builder().horizontalFlip(0.5).verticalFlip(0.5).rotation(45).shift(Shift.pixels(3, 2))
                        .zoom(0.8, 1.2).shear(15).crop(2).elastic(20, 3).brightness(0.5, 1.5).contrast(0.5, 1.5)
                        .noise(0.05).erasing(RandomErasing.defaults()).fill(FillMode.REFLECT).build());
    }

    @Test
    void zeroRangesAreTheIdentityBitForBit() {
        Augmentation identity = Augmentation.builder().rotation(0).shift(0).zoom(1, 1).shear(0).crop(0)
                .horizontalFlip(0).verticalFlip(0).elastic(0, 4).brightness(1, 1).noise(0).build();
        for (DType dtype : DType.values()) {
            Matrix x = digits(dtype, 32, 3);
            Matrix y = x.copy();
            identity.apply(y, new Rng(9));
            assertTrue(x.contentEquals(y), dtype + ": rotation 0, shift 0, zoom 1, α = 0 must change nothing");
        }
    }

    @Test
    void flippingTwiceIsTheIdentity() {
        Augmentation flip = Augmentation.builder().horizontalFlip(1).verticalFlip(1).build();
        Matrix x = digits(DType.F32, 16, 4);
        Matrix y = x.copy();
        flip.apply(y, new Rng(1));
        assertFalse(x.contentEquals(y));
        assertEquals(x.get(0, 5 * 28 + 7), y.get(0, (27 - 5) * 28 + (27 - 7)));
        flip.apply(y, new Rng(2));
        assertTrue(x.contentEquals(y));
    }

    @Test
    void shapesArePreservedAndValuesStayInRange() {
        for (Augmentation aug : everyTransform()) {
            for (DType dtype : DType.values()) {
                Matrix x = digits(dtype, 40, 5);
                aug.apply(x, new Rng(11));
                assertEquals("40×784", x.shape(), aug.describe());
                for (int i = 0; i < x.size(); i++) {
                    double v = x.get(i);
                    assertTrue(v >= 0 && v <= 1, aug.describe() + ": value " + v + " at " + i);
                }
            }
        }
    }

    @Test
    void sameSeedSameBatchesDifferentSeedsDiffer() {
        for (Augmentation aug : everyTransform()) {
            Matrix a = digits(DType.F32, 50, 6);
            Matrix b = a.copy();
            Matrix c = a.copy();
            Rng r1 = new Rng(123);
            Rng r2 = new Rng(123);
            for (int batch = 0; batch < 3; batch++) {
                aug.apply(a, r1);
                aug.apply(b, r2);
                assertTrue(a.contentEquals(b), aug.describe() + ": batch " + batch);
            }
            aug.apply(c, new Rng(124));
            aug.apply(c, new Rng(125));
            aug.apply(c, new Rng(126));
            assertFalse(a.contentEquals(c), aug.describe());
        }
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalResults() {
        for (Augmentation aug : everyTransform()) {
            for (DType dtype : DType.values()) {
                Matrix one = digits(dtype, 129, 7); // not a multiple of the block size
                Matrix two = one.copy();
                Matrix three = one.copy();
                Rng r1 = new Rng(5);
                Rng r2 = new Rng(5);
                Rng r3 = new Rng(5);
                aug.withThreads(1).apply(one, r1);
                aug.withThreads(2).apply(two, r2);
                aug.withThreads(3).apply(three, r3);
                assertTrue(one.contentEquals(two), aug.describe() + " " + dtype);
                assertTrue(one.contentEquals(three), aug.describe() + " " + dtype);
                assertEquals(r1.nextLong(), r2.nextLong(), "the generator advances the same");
            }
        }
    }

    @Test
    void theGeneratorAdvancesByOneValuePerRow() {
        Rng used = new Rng(77);
        Augmentation.caseStudy().apply(digits(DType.F32, 10, 1), used);
        Rng expected = new Rng(77);
        for (int i = 0; i < 10; i++) {
            expected.nextLong();
        }
        assertEquals(expected.nextLong(), used.nextLong());
    }

    @Test
    void applyToImageMatchesTheBatchRow() {
        Augmentation aug = Augmentation.builder().rotation(20).elastic(34, 4).noise(0.1).build();
        Matrix x = digits(DType.F64, 3, 8);
        double[] row = new double[784];
        for (int j = 0; j < 784; j++) {
            row[j] = x.get(2, j);
        }
        Rng rng = new Rng(42);
        Rng seeds = new Rng(42);
        seeds.nextLong();
        seeds.nextLong();
        long seed2 = seeds.nextLong();
        aug.apply(x, rng);
        aug.applyToImage(row, 28, 28, seed2);
        for (int j = 0; j < 784; j++) {
            assertEquals(x.get(2, j), row[j], 0.0);
        }
    }

    @Test
    void nonSquareImagesWithAnExplicitSize() {
        Augmentation aug = Augmentation.builder().imageSize(2, 3).horizontalFlip(1).build();
        Matrix x = Matrix.of(DType.F64, 1, 6, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
        aug.apply(x, new Rng(1));
        assertArrayEquals(new double[] {0.3, 0.2, 0.1, 0.6, 0.5, 0.4}, x.toDoubleArray(), 0.0);
    }

    @Test
    void pixelTransformsFollowTheirFormulas() {
        double[] img = {0.0, 0.2, 0.4, 0.6};
        double[] b = img.clone();
        new Brightness(0.5, 0.5).apply(b, 2, 2, new Rng(1));
        assertArrayEquals(new double[] {0.0, 0.1, 0.2, 0.3}, b, 1e-15);
        double[] c = img.clone();
        new Contrast(2, 2).apply(c, 2, 2, new Rng(1)); // mean 0.3: 0.3 + 2·(x − 0.3)
        assertArrayEquals(new double[] {-0.3, 0.1, 0.5, 0.9}, c, 1e-15);
        double[] e = new double[100];
        java.util.Arrays.fill(e, 1.0);
        new RandomErasing(1, 0.1, 0.1, 1, 1, 0.25).apply(e, 10, 10, new Rng(3));
        long erased = java.util.Arrays.stream(e).filter(v -> v == 0.25).count();
        assertEquals(9, erased, "area 10 % of 100 with aspect 1: a round(√10) = 3 × 3 square");
        double[] none = img.clone();
        new RandomErasing(0, 0.1, 0.3, 0.3, 3.3, 0).apply(none, 2, 2, new Rng(3));
        assertArrayEquals(img, none, 0.0);
        double[] noisy = new double[20000];
        new GaussianPixelNoise(0.1).apply(noisy, 100, 200, new Rng(4));
        double mean = java.util.Arrays.stream(noisy).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(noisy).map(v -> (v - mean) * (v - mean)).average().orElseThrow());
        assertEquals(0, mean, 0.003);
        assertEquals(0.1, sd, 0.003);
    }

    @Test
    void theCaseStudyAugmentationChangesImagesButKeepsInk() {
        Matrix x = digits(DType.F32, 64, 9);
        Matrix y = x.copy();
        Augmentation.caseStudy().apply(y, new Rng(3));
        assertNotEquals(0, difference(x, y));
        double inkBefore = dev.regula.core.Ops.sum(x);
        double inkAfter = dev.regula.core.Ops.sum(y);
        assertEquals(inkBefore, inkAfter, 0.2 * inkBefore, "zoom 0.9-1.1 changes the ink by at most ~20 %");
        assertEquals("zoom 0.9-1.1, rotation ±10°, shift ±10%, fill nearest", Augmentation.caseStudy().describe(),
                "listed in the order they compose");
    }

    private static double difference(Matrix a, Matrix b) {
        double d = 0;
        for (int i = 0; i < a.size(); i++) {
            d += Math.abs(a.get(i) - b.get(i));
        }
        return d;
    }
}
