package dev.regula.core.gemm;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * GEMM through EJML's {@code CommonOps_FDRM}/{@code CommonOps_DDRM} {@code mult*} family: portable,
 * well tested, not vectorized. The fallback when the {@code jdk.incubator.vector} module is absent.
 */
public final class EjmlGemm implements GemmKernel {
    /** The only instance (the kernel has no state). */
    public static final EjmlGemm INSTANCE = new EjmlGemm();

    private EjmlGemm() {}

    @Override
    public String name() {
        return "ejml";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, float[] b, float[] c, boolean accumulate) {
        FMatrixRMaj A = transA ? FMatrixRMaj.wrap(k, m, a) : FMatrixRMaj.wrap(m, k, a);
        FMatrixRMaj B = transB ? FMatrixRMaj.wrap(n, k, b) : FMatrixRMaj.wrap(k, n, b);
        FMatrixRMaj C = FMatrixRMaj.wrap(m, n, c);
        if (k == 0) { // EJML leaves C untouched for an empty inner dimension
            if (!accumulate) {
                java.util.Arrays.fill(c, 0, m * n, 0f);
            }
            return;
        }
        if (accumulate) {
            if (transA && transB) CommonOps_FDRM.multAddTransAB(A, B, C);
            else if (transA) CommonOps_FDRM.multAddTransA(A, B, C);
            else if (transB) CommonOps_FDRM.multAddTransB(A, B, C);
            else CommonOps_FDRM.multAdd(A, B, C);
        } else {
            if (transA && transB) CommonOps_FDRM.multTransAB(A, B, C);
            else if (transA) CommonOps_FDRM.multTransA(A, B, C);
            else if (transB) CommonOps_FDRM.multTransB(A, B, C);
            else CommonOps_FDRM.mult(A, B, C);
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double[] a, double[] b, double[] c, boolean accumulate) {
        DMatrixRMaj A = transA ? DMatrixRMaj.wrap(k, m, a) : DMatrixRMaj.wrap(m, k, a);
        DMatrixRMaj B = transB ? DMatrixRMaj.wrap(n, k, b) : DMatrixRMaj.wrap(k, n, b);
        DMatrixRMaj C = DMatrixRMaj.wrap(m, n, c);
        if (k == 0) {
            if (!accumulate) {
                java.util.Arrays.fill(c, 0, m * n, 0.0);
            }
            return;
        }
        if (accumulate) {
            if (transA && transB) CommonOps_DDRM.multAddTransAB(A, B, C);
            else if (transA) CommonOps_DDRM.multAddTransA(A, B, C);
            else if (transB) CommonOps_DDRM.multAddTransB(A, B, C);
            else CommonOps_DDRM.multAdd(A, B, C);
        } else {
            if (transA && transB) CommonOps_DDRM.multTransAB(A, B, C);
            else if (transA) CommonOps_DDRM.multTransA(A, B, C);
            else if (transB) CommonOps_DDRM.multTransB(A, B, C);
            else CommonOps_DDRM.mult(A, B, C);
        }
    }
}
