// ---- helpers (given) -------------------------------------------------------------------------
double[][] zeros(int rows, int cols) {
    return new double[rows][cols];
}

/** A·B: (m, k)·(k, n) → (m, n). */
double[][] matmul(double[][] A, double[][] B) {
    if (A[0].length != B.length) {
        throw new IllegalArgumentException("matmul: (" + A.length + "×" + A[0].length + ")·(" + B.length + "×" + B[0].length
                + ") does not fit: " + A[0].length + " ≠ " + B.length);
    }
    double[][] C = new double[A.length][B[0].length];
    for (int i = 0; i < A.length; i++)
        for (int k = 0; k < B.length; k++)
            for (int j = 0; j < B[0].length; j++)
                C[i][j] += A[i][k] * B[k][j];
    return C;
}

/** Aᵀ: (m, n) → (n, m). */
double[][] transpose(double[][] A) {
    double[][] T = new double[A[0].length][A.length];
    for (int i = 0; i < A.length; i++)
        for (int j = 0; j < A[0].length; j++)
            T[j][i] = A[i][j];
    return T;
}

/** The matrix as text, one row per line (for printing while you work). */
String show(double[][] A) {
    StringBuilder sb = new StringBuilder();
    for (double[] row : A) sb.append(java.util.Arrays.toString(row)).append('\n');
    return sb.toString();
}
// ------------------------------------------------------------------------------------------------
