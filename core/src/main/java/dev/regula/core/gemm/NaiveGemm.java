package dev.regula.core.gemm;

/**
 * The textbook triple loop, {@code c[i][j] (+)= Σ_p op(A)[i][p]·op(B)[p][j]}, summed in the order
 * p = 0..k-1. Slow and obviously right: the oracle every other kernel is tested against, and the
 * benchmark baseline (as llm.c keeps {@code matmul_forward_naive}).
 */
public final class NaiveGemm implements GemmKernel {
    /** The only instance (the kernel has no state). */
    public static final NaiveGemm INSTANCE = new NaiveGemm();

    private NaiveGemm() {}

    @Override
    public String name() {
        return "naive";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, float[] b, float[] c, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    float aip = transA ? a[p * m + i] : a[i * k + p];
                    float bpj = transB ? b[j * k + p] : b[p * n + j];
                    sum += aip * bpj;
                }
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double[] a, double[] b, double[] c, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0.0;
                for (int p = 0; p < k; p++) {
                    double aip = transA ? a[p * m + i] : a[i * k + p];
                    double bpj = transB ? b[j * k + p] : b[p * n + j];
                    sum += aip * bpj;
                }
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
        }
    }
}
