package dev.regula.core;

import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;

/**
 * A dense, row-major matrix of {@link DType#F32} or {@link DType#F64} elements, stored in an EJML
 * {@link FMatrixRMaj} or {@link DMatrixRMaj}.
 *
 * <p>Rows are examples everywhere: a batch X is (m × features), a kernel W is (nIn × nOut). Element
 * (r, c) lives at index {@code r * cols + c} of the backing array. The backing array may be longer
 * than {@code rows * cols} after {@link #reshape} to a smaller shape, which is how buffers are
 * reused for the last, partial mini-batch without allocating.
 *
 * <p>Elements are read and written as {@code double} through {@link #get}/{@link #set} for
 * convenience (tests, printing, the gradient checker); hot paths go through {@link Ops}, which
 * works on the backing arrays directly.
 */
public final class Matrix {
    private final DType dtype;
    private final FMatrixRMaj f32;
    private final DMatrixRMaj f64;

    private Matrix(FMatrixRMaj f32, DMatrixRMaj f64) {
        this.dtype = f32 != null ? DType.F32 : DType.F64;
        this.f32 = f32;
        this.f64 = f64;
    }

    /** A rows × cols matrix of zeros. */
    public static Matrix zeros(DType dtype, int rows, int cols) {
        Checks.nonNegative("rows", rows);
        Checks.nonNegative("cols", cols);
        return dtype == DType.F32
                ? new Matrix(new FMatrixRMaj(rows, cols), null)
                : new Matrix(null, new DMatrixRMaj(rows, cols));
    }

    /** A rows × cols matrix holding {@code values} in row-major order. */
    public static Matrix of(DType dtype, int rows, int cols, double... values) {
        if (values.length != rows * cols) {
            throw new IllegalArgumentException("Invalid values: expected " + rows + "×" + cols
                    + " = " + (rows * cols) + " values, received " + values.length);
        }
        Matrix m = zeros(dtype, rows, cols);
        for (int i = 0; i < values.length; i++) {
            m.set(i, values[i]);
        }
        return m;
    }

    /** A matrix from a rectangular array of rows. */
    public static Matrix fromRows(DType dtype, double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        Matrix m = zeros(dtype, rows.length, cols);
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("Invalid rows: row 0 has " + cols
                        + " values but row " + r + " has " + rows[r].length);
            }
            for (int c = 0; c < cols; c++) {
                m.set(r, c, rows[r][c]);
            }
        }
        return m;
    }

    /** Wraps (does not copy) an EJML float matrix. */
    public static Matrix wrap(FMatrixRMaj m) {
        return new Matrix(m, null);
    }

    /** Wraps (does not copy) an EJML double matrix. */
    public static Matrix wrap(DMatrixRMaj m) {
        return new Matrix(null, m);
    }

    public DType dtype() {
        return dtype;
    }

    public int rows() {
        return dtype == DType.F32 ? f32.numRows : f64.numRows;
    }

    public int cols() {
        return dtype == DType.F32 ? f32.numCols : f64.numCols;
    }

    /** rows × cols. */
    public int size() {
        return rows() * cols();
    }

    /** The shape as {@code "rows×cols"}, for messages. */
    public String shape() {
        return rows() + "×" + cols();
    }

    /** The EJML storage of an F32 matrix. */
    public FMatrixRMaj f32() {
        if (f32 == null) {
            throw new IllegalStateException("This matrix is F64; f32() needs an F32 matrix");
        }
        return f32;
    }

    /** The EJML storage of an F64 matrix. */
    public DMatrixRMaj f64() {
        if (f64 == null) {
            throw new IllegalStateException("This matrix is F32; f64() needs an F64 matrix");
        }
        return f64;
    }

    /** The backing array of an F32 matrix (row-major; may be longer than {@link #size()}). */
    public float[] floats() {
        return f32().data;
    }

    /** The backing array of an F64 matrix (row-major; may be longer than {@link #size()}). */
    public double[] doubles() {
        return f64().data;
    }

    public double get(int r, int c) {
        checkIndex(r, c);
        return get(r * cols() + c);
    }

    public void set(int r, int c, double v) {
        checkIndex(r, c);
        set(r * cols() + c, v);
    }

    /** The element at row-major index {@code i}. */
    public double get(int i) {
        return dtype == DType.F32 ? f32.data[i] : f64.data[i];
    }

    /** Sets the element at row-major index {@code i}; F32 rounds to the nearest float. */
    public void set(int i, double v) {
        if (dtype == DType.F32) {
            f32.data[i] = (float) v;
        } else {
            f64.data[i] = v;
        }
    }

    private void checkIndex(int r, int c) {
        if (r < 0 || r >= rows() || c < 0 || c >= cols()) {
            throw new IndexOutOfBoundsException(
                    "Index (" + r + ", " + c + ") is outside a " + shape() + " matrix");
        }
    }

    /**
     * Changes the shape, keeping the backing array when it is large enough (no allocation). The
     * contents are unspecified afterwards unless the size is unchanged.
     */
    public Matrix reshape(int rows, int cols) {
        Checks.nonNegative("rows", rows);
        Checks.nonNegative("cols", cols);
        if (dtype == DType.F32) {
            f32.reshape(rows, cols);
        } else {
            f64.reshape(rows, cols);
        }
        return this;
    }

    /** Sets every element to {@code v}. */
    public Matrix fill(double v) {
        if (dtype == DType.F32) {
            java.util.Arrays.fill(f32.data, 0, size(), (float) v);
        } else {
            java.util.Arrays.fill(f64.data, 0, size(), v);
        }
        return this;
    }

    /** A deep copy with the same dtype. */
    public Matrix copy() {
        return dtype == DType.F32 ? new Matrix(f32.copy(), null) : new Matrix(null, f64.copy());
    }

    /** A copy converted to {@code target}; F64 → F32 rounds to nearest. */
    public Matrix to(DType target) {
        if (target == dtype) {
            return copy();
        }
        Matrix out = zeros(target, rows(), cols());
        for (int i = 0, n = size(); i < n; i++) {
            out.set(i, get(i));
        }
        return out;
    }

    /** Copies {@code src} into this matrix, reshaping this one to src's shape; dtypes must match. */
    public Matrix copyFrom(Matrix src) {
        Checks.sameDType("this", this, "src", src);
        reshape(src.rows(), src.cols());
        if (dtype == DType.F32) {
            System.arraycopy(src.f32.data, 0, f32.data, 0, size());
        } else {
            System.arraycopy(src.f64.data, 0, f64.data, 0, size());
        }
        return this;
    }

    /** The elements as a new row-major double array of length {@link #size()}. */
    public double[] toDoubleArray() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /** True when both have the same dtype, shape and bit-identical elements. */
    public boolean contentEquals(Matrix o) {
        if (o == null || o.dtype != dtype || o.rows() != rows() || o.cols() != cols()) {
            return false;
        }
        for (int i = 0, n = size(); i < n; i++) {
            if (Double.doubleToLongBits(get(i)) != Double.doubleToLongBits(o.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The matrix printed one row per line with {@code digits} decimals, as the teaching
     * walkthroughs show it.
     */
    public String format(int digits) {
        StringBuilder sb = new StringBuilder();
        String fmt = "%" + (digits + 4) + "." + digits + "f";
        for (int r = 0; r < rows(); r++) {
            sb.append(r == 0 ? "[[" : " [");
            for (int c = 0; c < cols(); c++) {
                if (c > 0) {
                    sb.append(", ");
                }
                sb.append(String.format(Locale.ROOT, fmt, get(r, c)));
            }
            sb.append(r == rows() - 1 ? "]]" : "]\n");
        }
        if (rows() == 0) {
            sb.append("[]");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Matrix(" + dtype + ", " + shape() + ")";
    }
}
