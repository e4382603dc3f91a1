package dev.regula.core.gemm;

/**
 * One general matrix multiply, {@code C = op(A)·op(B)} or {@code C += op(A)·op(B)}, on row-major
 * arrays, in both dtypes.
 *
 * <p>Storage, all row-major with the leading dimension implied by the shape:
 * <ul>
 *   <li>{@code a}: m×k (or k×m when {@code transA}, so that op(A) = Aᵀ is m×k);</li>
 *   <li>{@code b}: k×n (or n×k when {@code transB});</li>
 *   <li>{@code c}: m×n. Modified. When {@code accumulate} is false its old contents are ignored.</li>
 * </ul>
 * {@code a} and {@code b} are not modified; {@code c} must not alias either. The three variants
 * the engine uses are A·B (forward), Aᵀ·B (weight gradient Xᵀ·dZ) and A·Bᵀ (input gradient
 * dZ·Wᵀ); a kernel may reject {@code transA && transB}.
 *
 * <p>Implementations: {@link NaiveGemm} (the triple loop, the test oracle), {@link EjmlGemm} and
 * the engine's own Vector API kernel; {@link Gemm#auto()} picks one.
 */
public interface GemmKernel {

    /** @return a short name for reports: "naive", "ejml", "vector" */
    String name();

    /**
     * {@code C = op(A)·op(B)}, or {@code C += op(A)·op(B)} when accumulating, in F32.
     *
     * @param transA op(A) = Aᵀ when true, else A
     * @param transB op(B) = Bᵀ when true, else B
     * @param m rows of op(A) and of C
     * @param n columns of op(B) and of C
     * @param k columns of op(A), rows of op(B)
     * @param a A, m×k (k×m when transA). Not modified.
     * @param b B, k×n (n×k when transB). Not modified.
     * @param c C, m×n. Modified. Must not alias a or b.
     * @param accumulate add into C instead of overwriting it
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float[] a, float[] b, float[] c, boolean accumulate);

    /**
     * {@code C = op(A)·op(B)}, or {@code C += op(A)·op(B)} when accumulating, in F64.
     *
     * @param transA op(A) = Aᵀ when true, else A
     * @param transB op(B) = Bᵀ when true, else B
     * @param m rows of op(A) and of C
     * @param n columns of op(B) and of C
     * @param k columns of op(A), rows of op(B)
     * @param a A, m×k (k×m when transA). Not modified.
     * @param b B, k×n (n×k when transB). Not modified.
     * @param c C, m×n. Modified. Must not alias a or b.
     * @param accumulate add into C instead of overwriting it
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              double[] a, double[] b, double[] c, boolean accumulate);
}
