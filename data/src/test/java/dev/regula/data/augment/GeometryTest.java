package dev.regula.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.Rng;
import org.junit.jupiter.api.Test;

/** The affine map, bilinear resampling and fill modes on small hand-computed images. */
class GeometryTest {

    /** A 4×4 image with all-different values, so any misplaced pixel shows. */
    static final double[] A = {
        0.00, 0.05, 0.10, 0.15,
        0.20, 0.25, 0.30, 0.35,
        0.40, 0.45, 0.50, 0.55,
        0.60, 0.65, 0.70, 0.75,
    };

    static double[] resample(double[] src, int h, int w, Affine forward, FillMode mode, double fill) {
        double[] dst = new double[h * w];
        Resampler.resample(src, h, w, forward.invert(new Affine()), mode, fill, dst);
        return dst;
    }

    @Test
    void rotationBy90DegreesEqualsTheHandRotatedImage() {
        // Counter-clockwise on screen, like numpy's rot90: B[i][j] = A[j][n-1-i].
        double[] expected = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                expected[i * 4 + j] = A[j * 4 + (3 - i)];
            }
        }
        double[] rotated = resample(A, 4, 4, Affine.identity().thenRotate(90, 1.5, 1.5), FillMode.CONSTANT, 0);
        assertArrayEquals(expected, rotated, 0.0, "exact: a quarter turn maps pixel centres onto pixel centres");
        // Odd size: centre pixel stays, and four quarter turns are the identity.
        double[] b = new double[9];
        for (int i = 0; i < 9; i++) b[i] = i / 8.0;
        double[] r = b;
        for (int k = 0; k < 4; k++) {
            r = resample(r, 3, 3, Affine.identity().thenRotate(90, 1, 1), FillMode.CONSTANT, 0);
            assertEquals(b[4], r[4]);
        }
        assertArrayEquals(b, r, 0.0);
        assertArrayEquals(new double[] {2 / 8.0, 5 / 8.0, 8 / 8.0, 1 / 8.0, 4 / 8.0, 7 / 8.0, 0, 3 / 8.0, 6 / 8.0},
                resample(b, 3, 3, Affine.identity().thenRotate(90, 1, 1), FillMode.CONSTANT, 0), 0.0);
    }

    @Test
    void identityMapsReproduceTheImageExactly() {
        double[] out = resample(A, 4, 4, Affine.identity().thenRotate(0, 1.5, 1.5).thenScale(1, 1, 1.5, 1.5)
                .thenShear(0, 1.5, 1.5).thenTranslate(0, 0), FillMode.CONSTANT, 0.9);
        assertArrayEquals(A, out, 0.0);
        assertTrue(Affine.identity().thenRotate(360, 1.5, 1.5).thenScale(1, 1, 1.5, 1.5).isIdentity());
    }

    @Test
    void flippingTwiceIsTheIdentityAndOnceMirrors() {
        double[] once = resample(A, 4, 4, Affine.identity().thenFlipHorizontal(4), FillMode.CONSTANT, 0);
        assertArrayEquals(new double[] {0.15, 0.10, 0.05, 0.00}, java.util.Arrays.copyOf(once, 4), 0.0);
        assertArrayEquals(A, resample(once, 4, 4, Affine.identity().thenFlipHorizontal(4), FillMode.CONSTANT, 0), 0.0);
        double[] v = resample(A, 4, 4, Affine.identity().thenFlipVertical(4), FillMode.CONSTANT, 0);
        assertArrayEquals(new double[] {0.60, 0.65, 0.70, 0.75}, java.util.Arrays.copyOf(v, 4), 0.0);
        assertArrayEquals(A, resample(v, 4, 4, Affine.identity().thenFlipVertical(4), FillMode.CONSTANT, 0), 0.0);
        assertTrue(Affine.identity().thenFlipHorizontal(7).thenFlipHorizontal(7).isIdentity());
    }

    @Test
    void aShiftByOnePixelMovesEveryPixel() {
        double[] right = resample(A, 4, 4, Affine.identity().thenTranslate(1, 0), FillMode.CONSTANT, 0);
        double[] down = resample(A, 4, 4, Affine.identity().thenTranslate(0, 1), FillMode.CONSTANT, 0);
        for (int r = 0; r < 4; r++) {
            assertEquals(0.0, right[r * 4]);
            assertEquals(0.0, down[r]);
            for (int c = 1; c < 4; c++) {
                assertEquals(A[r * 4 + c - 1], right[r * 4 + c], 0.0);
                assertEquals(A[(c - 1) * 4 + r], down[c * 4 + r], 0.0);
            }
        }
    }

    @Test
    void fillModesFollowTheKerasPictures() {
        // Keras: 'reflect' abcddcba|abcd|dcbaabcd, 'wrap' abcdabcd|abcd|abcdabcd, 'nearest' aaaa|abcd|dddd.
        String abcd = "abcd";
        StringBuilder reflect = new StringBuilder();
        StringBuilder wrap = new StringBuilder();
        StringBuilder nearest = new StringBuilder();
        for (int i = -8; i < 12; i++) {
            reflect.append(abcd.charAt(FillMode.REFLECT.index(i, 4)));
            wrap.append(abcd.charAt(FillMode.WRAP.index(i, 4)));
            nearest.append(abcd.charAt(FillMode.NEAREST.index(i, 4)));
        }
        assertEquals("abcddcba" + "abcd" + "dcbaabcd", reflect.toString());
        assertEquals("abcdabcd" + "abcd" + "abcdabcd", wrap.toString());
        assertEquals("aaaaaaaa" + "abcd" + "dddddddd", nearest.toString());
        assertEquals(-1, FillMode.CONSTANT.index(-1, 4));
        assertEquals(2, FillMode.CONSTANT.index(2, 4));
    }

    @Test
    void eachFillModeOnAShiftedThreeByThreeImage() {
        // Rows a b c; move the content 2 pixels right: out(x) = in(x - 2), so x = 0, 1 read in(-2), in(-1).
        double a = 0.1, b = 0.2, c = 0.3;
        double[] img = {a, b, c, a, b, c, a, b, c};
        Affine shift = Affine.identity().thenTranslate(2, 0);
        assertArrayEquals(new double[] {0.9, 0.9, a}, row0(resample(img, 3, 3, shift, FillMode.CONSTANT, 0.9)), 0.0);
        assertArrayEquals(new double[] {a, a, a}, row0(resample(img, 3, 3, shift, FillMode.NEAREST, 0)), 0.0);
        assertArrayEquals(new double[] {b, a, a}, row0(resample(img, 3, 3, shift, FillMode.REFLECT, 0)), 0.0);
        assertArrayEquals(new double[] {b, c, a}, row0(resample(img, 3, 3, shift, FillMode.WRAP, 0)), 0.0);
        // Half a pixel beyond the edge interpolates towards the extended image (grid-constant).
        double[] half = resample(img, 3, 3, Affine.identity().thenTranslate(0.5, 0), FillMode.CONSTANT, 0.9);
        assertEquals((0.9 + a) / 2, half[0], 1e-15);
        assertEquals((a + b) / 2, half[1], 1e-15);
    }

    private static double[] row0(double[] img) {
        return java.util.Arrays.copyOf(img, 3);
    }

    @Test
    void bilinearAtHalfPixelPositionsIsTheAverage() {
        assertEquals((A[0] + A[1]) / 2, Resampler.sample(A, 4, 4, 0.5, 0, FillMode.CONSTANT, 0), 1e-15);
        assertEquals((A[5] + A[9]) / 2, Resampler.sample(A, 4, 4, 1, 1.5, FillMode.CONSTANT, 0), 1e-15);
        assertEquals((A[5] + A[6] + A[9] + A[10]) / 4, Resampler.sample(A, 4, 4, 1.5, 1.5, FillMode.CONSTANT, 0), 1e-15);
        assertEquals(A[10], Resampler.sample(A, 4, 4, 2, 2, FillMode.CONSTANT, 0));
        assertEquals(A[15], Resampler.sample(A, 4, 4, 3, 3, FillMode.CONSTANT, 0.9), "the last pixel, no fill mixed in");
        assertEquals(0.25 * A[0] + 0.75 * A[1], Resampler.sample(A, 4, 4, 0.75, 0, FillMode.CONSTANT, 0), 1e-15);
    }

    @Test
    void inverseUndoesTheMap() {
        Affine f = Affine.identity().thenScale(1.1, 0.9, 13.5, 13.5).thenShear(12, 13.5, 13.5)
                .thenRotate(-7, 13.5, 13.5).thenTranslate(2.5, -1);
        Affine inv = f.invert(new Affine());
        double x = f.mapX(3, 20), y = f.mapY(3, 20);
        assertEquals(3, inv.mapX(x, y), 1e-12);
        assertEquals(20, inv.mapY(x, y), 1e-12);
        assertThrows(IllegalStateException.class, () -> Affine.identity().thenScale(0, 1, 0, 0).invert(new Affine()));
    }

    @Test
    void zoomAboveOneMagnifiesAboutTheCentre() {
        // 5×5 with a single bright pixel one step right of the centre: zoom 2 moves it two steps right.
        double[] img = new double[25];
        img[2 * 5 + 3] = 1;
        double[] out = resample(img, 5, 5, Affine.identity().thenScale(2, 2, 2, 2), FillMode.CONSTANT, 0);
        assertEquals(1.0, out[2 * 5 + 4], 0.0);
        assertEquals(0.5, out[2 * 5 + 3], 0.0);
        assertEquals(0.0, out[2 * 5 + 2], 0.0);
    }

    @Test
    void geometricTransformsDrawAsDocumented() {
        Affine map = new Affine();
        new RandomCrop(0).compose(map, 28, 28, new Rng(1));
        assertTrue(map.isIdentity(), "padding 0 is no crop");
        Rng rng = new Rng(5);
        double expectedShift = new Rng(5).uniform(-0.1, 0.1) * 28;
        Shift.fraction(0.1).compose(map.reset(), 28, 28, rng);
        assertEquals(expectedShift, map.mapX(0, 0), 1e-12);
    }
}
