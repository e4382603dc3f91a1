package dev.regula.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Construction, element access, conversion, reshaping and formatting of {@link Matrix}. */
class MatrixTest {

    @ParameterizedTest
    @EnumSource(DType.class)
    void ofStoresValuesRowMajor(DType dtype) {
        Matrix m = Matrix.of(dtype, 2, 3, 1, 2, 3, 4, 5, 6);
        assertEquals(dtype, m.dtype());
        assertEquals(2, m.rows());
        assertEquals(3, m.cols());
        assertEquals(6, m.size());
        assertEquals("2×3", m.shape());
        assertEquals(3.0, m.get(0, 2));
        assertEquals(4.0, m.get(1, 0));
        assertEquals(6.0, m.get(1, 2));
        // Element (r, c) is at index r·cols + c.
        assertEquals(m.get(1, 1), m.get(1 * 3 + 1));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, m.toDoubleArray());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void fromRowsEqualsOf(DType dtype) {
        Matrix a = Matrix.fromRows(dtype, new double[][] {{1, 2, 3}, {4, 5, 6}});
        Matrix b = Matrix.of(dtype, 2, 3, 1, 2, 3, 4, 5, 6);
        assertTrue(a.contentEquals(b));
    }

    @Test
    void fromRowsRejectsRaggedRows() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Matrix.fromRows(DType.F64, new double[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().contains("row 1 has 1"), e.getMessage());
    }

    @Test
    void ofRejectsTheWrongNumberOfValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Matrix.of(DType.F64, 2, 3, 1, 2, 3, 4, 5));
        assertTrue(e.getMessage().contains("2×3"), e.getMessage());
        assertTrue(e.getMessage().contains("6"), e.getMessage());
        assertTrue(e.getMessage().contains("received 5"), e.getMessage());
    }

    @Test
    void zerosRejectsNegativeDimensions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Matrix.zeros(DType.F32, -1, 3));
        assertTrue(e.getMessage().contains("rows"), e.getMessage());
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void setThenGet(DType dtype) {
        Matrix m = Matrix.zeros(dtype, 2, 2);
        m.set(1, 0, -2.5);
        assertEquals(-2.5, m.get(1, 0));
        assertEquals(0.0, m.get(0, 0));
        assertEquals(-2.5, m.get(2), "row-major index of (1, 0) in a 2×2 matrix is 2");
    }

    @Test
    void f32RoundsToTheNearestFloat() {
        Matrix f = Matrix.of(DType.F32, 1, 2, 0.1, 1.0 / 3);
        assertEquals((double) 0.1f, f.get(0));
        assertEquals((double) (float) (1.0 / 3), f.get(1));
        assertTrue(f.get(0) != 0.1, "0.1 is not a float; F32 must not keep the double");
        Matrix d = Matrix.of(DType.F64, 1, 2, 0.1, 1.0 / 3);
        assertEquals(0.1, d.get(0));
        assertEquals(1.0 / 3, d.get(1));
    }

    @Test
    void indexOutOfBoundsNamesTheIndexAndTheShape() {
        Matrix m = Matrix.zeros(DType.F64, 2, 3);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> m.get(2, 0));
        assertTrue(e.getMessage().contains("(2, 0)"), e.getMessage());
        assertTrue(e.getMessage().contains("2×3"), e.getMessage());
        // A column past the end must not wrap around into the next row.
        IndexOutOfBoundsException e2 = assertThrows(IndexOutOfBoundsException.class, () -> m.set(0, 3, 1));
        assertTrue(e2.getMessage().contains("(0, 3)"), e2.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> m.get(-1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> m.get(0, -1));
    }

    @Test
    void toConvertsBetweenDTypes() {
        Matrix d = Matrix.of(DType.F64, 1, 3, 0.1, -2.0, 1e-3);
        Matrix f = d.to(DType.F32);
        assertEquals(DType.F32, f.dtype());
        assertEquals("1×3", f.shape());
        assertEquals((double) 0.1f, f.get(0));
        assertEquals(-2.0, f.get(1));
        assertEquals((double) 1e-3f, f.get(2));
        // F32 → F64 is exact.
        Matrix back = f.to(DType.F64);
        assertEquals(DType.F64, back.dtype());
        assertArrayEquals(f.toDoubleArray(), back.toDoubleArray());
        // to(same dtype) is a copy, not the same object.
        Matrix same = d.to(DType.F64);
        assertNotSame(d, same);
        assertTrue(d.contentEquals(same));
        same.set(0, 42);
        assertEquals(0.1, d.get(0), "to(same dtype) must copy");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void reshapeToASmallerShapeKeepsTheBackingArray(DType dtype) {
        Matrix m = Matrix.of(dtype, 2, 3, 1, 2, 3, 4, 5, 6);
        Object before = backing(m);
        m.reshape(1, 2);
        assertEquals("1×2", m.shape());
        assertSame(before, backing(m), "reshape to a smaller shape must not allocate");
        m.reshape(2, 3);
        assertSame(before, backing(m), "reshape back to the original size must not allocate");
        m.reshape(4, 4);
        assertEquals(16, m.size());
        assertTrue(java.lang.reflect.Array.getLength(backing(m)) >= 16);
    }

    @Test
    void reshapeRejectsNegativeDimensions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Matrix.zeros(DType.F64, 2, 2).reshape(2, -3));
        assertTrue(e.getMessage().contains("cols"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void copyFromReshapesAndCopies(DType dtype) {
        Matrix src = Matrix.of(dtype, 2, 2, 1, 2, 3, 4);
        Matrix dst = Matrix.zeros(dtype, 1, 3);
        dst.copyFrom(src);
        assertEquals("2×2", dst.shape());
        assertTrue(dst.contentEquals(src));
        src.set(0, 99);
        assertEquals(1.0, dst.get(0), "copyFrom must copy, not share");
    }

    @Test
    void copyFromRejectsADTypeMismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Matrix.zeros(DType.F32, 1, 1).copyFrom(Matrix.zeros(DType.F64, 1, 1)));
        assertTrue(e.getMessage().contains("F32") && e.getMessage().contains("F64"), e.getMessage());
    }

    @Test
    void copyIsDeep() {
        Matrix a = Matrix.of(DType.F64, 1, 2, 1, 2);
        Matrix b = a.copy();
        b.set(0, 5);
        assertEquals(1.0, a.get(0));
        assertEquals(5.0, b.get(0));
    }

    @Test
    void contentEqualsComparesDTypeShapeAndBits() {
        Matrix a = Matrix.of(DType.F64, 2, 3, 1, 2, 3, 4, 5, 6);
        assertTrue(a.contentEquals(Matrix.of(DType.F64, 2, 3, 1, 2, 3, 4, 5, 6)));
        assertFalse(a.contentEquals(Matrix.of(DType.F64, 3, 2, 1, 2, 3, 4, 5, 6)), "different shape");
        assertFalse(a.contentEquals(Matrix.of(DType.F32, 2, 3, 1, 2, 3, 4, 5, 6)), "different dtype");
        assertFalse(a.contentEquals(Matrix.of(DType.F64, 2, 3, 1, 2, 3, 4, 5, Math.nextUp(6.0))), "one ulp");
        assertFalse(a.contentEquals(null));
        // Bit-identical, not numerically equal: 0.0 and -0.0 differ, NaN equals NaN.
        assertFalse(Matrix.of(DType.F64, 1, 1, 0.0).contentEquals(Matrix.of(DType.F64, 1, 1, -0.0)));
        assertTrue(Matrix.of(DType.F32, 1, 1, Double.NaN).contentEquals(Matrix.of(DType.F32, 1, 1, Double.NaN)));
    }

    @Test
    void fillSetsEveryElement() {
        Matrix m = Matrix.zeros(DType.F32, 2, 2).fill(0.5);
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5}, m.toDoubleArray());
    }

    @Test
    void formatPrintsOneRowPerLine() {
        Matrix m = Matrix.of(DType.F64, 2, 2, 1, -2.5, 0.125, 10);
        assertEquals("[[  1.00,  -2.50]\n [  0.13,  10.00]]", m.format(2));
        assertEquals("[[  1.0]]", Matrix.of(DType.F32, 1, 1, 1).format(1));
        assertEquals("[]", Matrix.zeros(DType.F64, 0, 3).format(2));
    }

    @Test
    void wrongDTypeAccessorsThrow() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Matrix.zeros(DType.F64, 1, 1).f32());
        assertTrue(e.getMessage().contains("F64"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Matrix.zeros(DType.F32, 1, 1).doubles());
    }

    @Test
    void wrapSharesStorage() {
        org.ejml.data.DMatrixRMaj d = new org.ejml.data.DMatrixRMaj(2, 2);
        Matrix m = Matrix.wrap(d);
        m.set(1, 1, 7);
        assertEquals(7.0, d.get(1, 1));
        assertSame(d, m.f64());
        assertEquals("Matrix(F64, 2×2)", m.toString());
    }

    @Test
    void dtypeParsesNamesAndRejectsOthers() {
        assertEquals(DType.F32, DType.parse("f32"));
        assertEquals(DType.F32, DType.parse("Float32"));
        assertEquals(DType.F64, DType.parse(" F64 "));
        assertEquals(DType.F64, DType.parse("double"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.parse("f16"));
        assertTrue(e.getMessage().contains("dtype") && e.getMessage().contains("f16"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DType.parse(null));
    }

    @Test
    void parameterChecksItsGradientBuffer() {
        Parameter p = new Parameter("w", Matrix.of(DType.F64, 1, 2, 1, 2));
        assertEquals("1×2", p.grad().shape());
        assertArrayEquals(new double[2], p.grad().toDoubleArray());
        assertTrue(p.trainable());
        p.grad().fill(3);
        p.zeroGrad();
        assertArrayEquals(new double[2], p.grad().toDoubleArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Parameter("w", Matrix.zeros(DType.F64, 1, 2), Matrix.zeros(DType.F64, 2, 1)));
        assertTrue(e.getMessage().contains("1×2") && e.getMessage().contains("2×1"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Parameter("w", Matrix.zeros(DType.F64, 1, 2), Matrix.zeros(DType.F32, 1, 2)));
    }

    private static Object backing(Matrix m) {
        return m.dtype() == DType.F32 ? m.floats() : m.doubles();
    }
}
