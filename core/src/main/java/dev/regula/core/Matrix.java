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

    /**
     * A rows × cols matrix of zeros.
     *
     * @param dtype the element type
     * @param rows number of rows (examples), ≥ 0
     * @param cols number of columns (features), ≥ 0
     * @return a new matrix
     */
    public static Matrix zeros(DType dtype, int rows, int cols) {
        Checks.nonNegative("rows", rows);
        Checks.nonNegative("cols", cols);
        return dtype == DType.F32
                ? new Matrix(new FMatrixRMaj(rows, cols), null)
                : new Matrix(null, new DMatrixRMaj(rows, cols));
    }

    /**
     * A rows × cols matrix holding {@code values} in row-major order.
     *
     * @param dtype the element type; F32 rounds each value to the nearest float
     * @param rows number of rows
     * @param cols number of columns
     * @param values exactly rows·cols values, row by row. Not modified.
     * @return a new matrix
     */
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

    /**
     * A matrix from a rectangular array of rows.
     *
     * @param dtype the element type; F32 rounds each value to the nearest float
     * @param rows one array per row, all of the same length. Not modified.
     * @return a new rows.length × rows[0].length matrix (0×0 for no rows)
     */
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

    /**
     * Wraps (does not copy) an EJML float matrix.
     *
     * @param m the storage, shared with the result
     * @return an F32 matrix backed by m
     */
    public static Matrix wrap(FMatrixRMaj m) {
        return new Matrix(m, null);
    }

    /**
     * Wraps (does not copy) an EJML double matrix.
     *
     * @param m the storage, shared with the result
     * @return an F64 matrix backed by m
     */
    public static Matrix wrap(DMatrixRMaj m) {
        return new Matrix(null, m);
    }

    /** @return the element type */
    public DType dtype() {
        return dtype;
    }

    /** @return the number of rows (examples, in a batch) */
    public int rows() {
        return dtype == DType.F32 ? f32.numRows : f64.numRows;
    }

    /** @return the number of columns (features, in a batch) */
    public int cols() {
        return dtype == DType.F32 ? f32.numCols : f64.numCols;
    }

    /** @return the number of elements, rows × cols */
    public int size() {
        return rows() * cols();
    }

    /** @return the shape as {@code "rows×cols"}, for messages */
    public String shape() {
        return rows() + "×" + cols();
    }

    /**
     * The EJML storage of an F32 matrix (shared, not a copy).
     *
     * @return the backing {@link FMatrixRMaj}
     * @throws IllegalStateException if this matrix is F64
     */
    public FMatrixRMaj f32() {
        if (f32 == null) {
            throw new IllegalStateException("This matrix is F64; f32() needs an F32 matrix");
        }
        return f32;
    }

    /**
     * The EJML storage of an F64 matrix (shared, not a copy).
     *
     * @return the backing {@link DMatrixRMaj}
     * @throws IllegalStateException if this matrix is F32
     */
    public DMatrixRMaj f64() {
        if (f64 == null) {
            throw new IllegalStateException("This matrix is F32; f64() needs an F64 matrix");
        }
        return f64;
    }

    /**
     * The backing array of an F32 matrix (shared, not a copy).
     *
     * @return the row-major elements; may be longer than {@link #size()}
     * @throws IllegalStateException if this matrix is F64
     */
    public float[] floats() {
        return f32().data;
    }

    /**
     * The backing array of an F64 matrix (shared, not a copy).
     *
     * @return the row-major elements; may be longer than {@link #size()}
     * @throws IllegalStateException if this matrix is F32
     */
    public double[] doubles() {
        return f64().data;
    }

    /**
     * The element at (r, c), bounds-checked.
     *
     * @param r row, 0 ≤ r &lt; rows
     * @param c column, 0 ≤ c &lt; cols
     * @return the element, widened to double
     */
    public double get(int r, int c) {
        checkIndex(r, c);
        return get(r * cols() + c);
    }

    /**
     * Sets the element at (r, c), bounds-checked; F32 rounds to the nearest float.
     *
     * @param r row, 0 ≤ r &lt; rows
     * @param c column, 0 ≤ c &lt; cols
     * @param v the new value
     */
    public void set(int r, int c, double v) {
        checkIndex(r, c);
        set(r * cols() + c, v);
    }

    /**
     * The element at row-major index {@code i} (not checked against {@link #size()}).
     *
     * @param i index {@code r * cols + c}
     * @return the element, widened to double
     */
    public double get(int i) {
        return dtype == DType.F32 ? f32.data[i] : f64.data[i];
    }

    /**
     * Sets the element at row-major index {@code i} (not checked against {@link #size()}); F32
     * rounds to the nearest float.
     *
     * @param i index {@code r * cols + c}
     * @param v the new value
     */
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
     *
     * @param rows the new number of rows, ≥ 0
     * @param cols the new number of columns, ≥ 0
     * @return this matrix
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

    /**
     * Sets every element to {@code v}.
     *
     * @param v the value; F32 rounds it to the nearest float
     * @return this matrix
     */
    public Matrix fill(double v) {
        if (dtype == DType.F32) {
            java.util.Arrays.fill(f32.data, 0, size(), (float) v);
        } else {
            java.util.Arrays.fill(f64.data, 0, size(), v);
        }
        return this;
    }

    /** @return a deep copy with the same dtype and shape */
    public Matrix copy() {
        return dtype == DType.F32 ? new Matrix(f32.copy(), null) : new Matrix(null, f64.copy());
    }

    /**
     * A copy converted to {@code target}; F64 → F32 rounds to nearest.
     *
     * @param target the dtype of the copy
     * @return a new matrix (a plain copy when the dtype is already target)
     */
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

    /**
     * Copies {@code src} into this matrix, reshaping this one to src's shape; dtypes must match.
     *
     * @param src the matrix to copy. Not modified.
     * @return this matrix
     */
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

    /** @return the elements as a new row-major double array of length {@link #size()} */
    public double[] toDoubleArray() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /**
     * Exact equality of contents.
     *
     * @param o the other matrix, may be null
     * @return true when both have the same dtype, shape and bit-identical elements
     */
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
     *
     * @param digits decimals per element
     * @return the rows as {@code [[a, b],\n [c, d]]} ({@code []} for no rows)
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
