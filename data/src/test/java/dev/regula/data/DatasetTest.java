package dev.regula.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatasetTest {
    private static final IdxImages PIXELS = new IdxImages(2, 1, 3,
            new byte[] {0, (byte) 255, 51, (byte) 128, 1, (byte) 254});

    @ParameterizedTest
    @EnumSource(DType.class)
    void scalesPixelsToZeroOne(DType dtype) {
        Dataset d = Dataset.fromIdx(PIXELS, new int[] {3, 9}, 10, dtype, "pixels");
        Matrix x = d.x();
        assertEquals(dtype, x.dtype());
        assertEquals("2×3", x.shape());
        assertEquals(0.0, x.get(0, 0));
        assertEquals(1.0, x.get(0, 1));
        // value / 255 rounded once to the dtype: 51/255 = 0.2
        double expected = dtype == DType.F32 ? (float) 0.2 : 0.2;
        assertEquals(expected, x.get(0, 2));
        assertEquals(dtype == DType.F32 ? (float) (128 / 255.0) : 128 / 255.0, x.get(1, 0));
        assertEquals(2, d.size());
        assertEquals(3, d.features());
        assertEquals(3, d.label(0));
        assertEquals(9, d.label(1));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void buildsOneHotTargetsOnce(DType dtype) {
        Dataset d = Dataset.fromIdx(PIXELS, new int[] {3, 0}, 4, dtype, "pixels");
        Matrix y = d.oneHot();
        assertEquals(dtype, y.dtype());
        assertEquals("2×4", y.shape());
        assertArrayEquals(new double[] {0, 0, 0, 1, 1, 0, 0, 0}, y.toDoubleArray());
        assertSame(y, d.oneHot());
    }

    @Test
    void rejectsALabelCountThatDiffersFromTheImageCount() {
        DataException e = assertThrows(DataException.class, () -> Dataset.fromIdx(
                PIXELS, new int[] {1}, 10, DType.F32, "train-images-idx3-ubyte, train-labels-idx1-ubyte"));
        assertTrue(e.getMessage().startsWith("train-images-idx3-ubyte, train-labels-idx1-ubyte: "), e.getMessage());
        assertTrue(e.getMessage().contains("(2 images), found 1 labels"), e.getMessage());
    }

    @Test
    void rejectsALabelOutOfRange() {
        DataException e = assertThrows(DataException.class,
                () -> Dataset.fromIdx(PIXELS, new int[] {1, 10}, 10, DType.F32, "digits"));
        assertTrue(e.getMessage().contains("digits: expected labels in [0, 10), found 10 at index 1"), e.getMessage());
    }

    @Test
    void rejectsANonFiniteValueNamingTheRow() {
        Matrix x = Matrix.of(DType.F64, 3, 2, 0, 1, 0.5, 0.5, 1, Double.NaN);
        DataException e = assertThrows(DataException.class, () -> new Dataset("csv", x, new int[] {0, 1, 1}, 2));
        assertTrue(e.getMessage().contains("csv: expected finite values, found NaN in row 2"), e.getMessage());

        Matrix inf = Matrix.of(DType.F32, 2, 1, Double.POSITIVE_INFINITY, 0);
        e = assertThrows(DataException.class, () -> new Dataset("csv", inf, new int[] {0, 1}, 2));
        assertTrue(e.getMessage().contains("Infinity in row 0"), e.getMessage());
    }

    @Test
    void rejectsRowsWithoutLabels() {
        Matrix x = Matrix.zeros(DType.F32, 3, 2);
        DataException e = assertThrows(DataException.class, () -> new Dataset("d", x, new int[] {0, 1}, 2));
        assertTrue(e.getMessage().contains("(3 rows), found 2 labels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dataset("d", x, new int[] {0, 1, 0}, 0));
    }

    @Test
    void sliceCopiesRows() {
        Dataset d = Dataset.fromIdx(TestData.images(10, 2, 2), TestData.labels(10, 10, 0), 10, DType.F32, "d");
        Dataset s = d.slice(3, 7);
        assertEquals(4, s.size());
        assertEquals("d[3:7]", s.name());
        assertArrayEquals(new int[] {3, 4, 5, 6}, s.labels());
        for (int c = 0; c < 4; c++) {
            assertEquals(d.x().get(3, c), s.x().get(0, c));
            assertEquals(d.x().get(6, c), s.x().get(3, c));
        }
        s.x().set(0, 0, 42);
        assertEquals((7 * 3) / 255f, d.x().get(3, 0), 1e-7, "the slice is a copy");
        assertEquals(0, d.slice(5, 5).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.slice(4, 11));
        assertTrue(e.getMessage().contains("[4, 11)") && e.getMessage().contains("<= 10"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void concatAppendsRowsAndLabels(DType dtype) {
        Dataset a = new Dataset("a", Matrix.of(dtype, 2, 2, 1, 2, 3, 4), new int[] {0, 1}, 3);
        Dataset b = new Dataset("b", Matrix.of(dtype, 1, 2, 5, 6), new int[] {2}, 3);
        Dataset ab = a.concat("a+b", b);
        assertEquals("a+b", ab.name());
        assertEquals(dtype, ab.dtype());
        assertArrayEquals(new int[] {0, 1, 2}, ab.labels());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, ab.x().toDoubleArray());
        ab.x().set(0, 0, 42);
        assertEquals(1, a.x().get(0, 0), "the result is a copy");
        DataException e = assertThrows(DataException.class,
                () -> a.concat("bad", new Dataset("c", Matrix.zeros(dtype, 1, 3), new int[] {0}, 3)));
        assertTrue(e.getMessage().contains("same dtype, features and classes"), e.getMessage());
    }

    @Test
    void labelsAreCopied() {
        int[] labels = {1, 2};
        Dataset d = new Dataset("d", Matrix.zeros(DType.F32, 2, 1), labels, 3);
        labels[0] = 0;
        d.labels()[1] = 0;
        assertArrayEquals(new int[] {1, 2}, d.labels());
    }
}
