package dev.regula.core;

import dev.regula.core.gemm.Gemm;
import dev.regula.core.gemm.GemmKernel;

/**
 * The operations layers are written against, for both dtypes.
 *
 * <p>Contract, as EJML's {@code CommonOps_DDRM}: the javadoc gives the formula; inputs are "Not
 * modified", the output is "Modified"; every shape and dtype is checked here, once, with a message
 * naming both shapes; an output must not alias an input unless the method says it may. Each method
 * dispatches on the dtype to {@link OpsF32} or {@link OpsF64}, whose plain loops on the backing
 * arrays define the ops; for the F32 loops the JIT does not vectorize it runs their Vector API
 * twins in {@link OpsKernelF32} instead when {@link Kernels#fastF32()}, with the same bits.
 *
 * <p>Shapes: rows are examples, so a batch is (m × features) and a bias is a (1 × n) row vector.
 */
public final class Ops {
    private Ops() {}

    // ---------------------------------------------------------------- GEMM

    /**
     * {@code C = A·B}.
     *
     * @param a A, m×k. Not modified.
     * @param b B, k×n, same dtype. Not modified.
     * @param c C, Modified: reshaped to m×n and overwritten. Must not alias A or B.
     */
    public static void mult(Matrix a, Matrix b, Matrix c) {
        gemm(false, false, a, b, c, false);
    }

    /**
     * {@code C = Aᵀ·B}.
     *
     * @param a A, k×m. Not modified.
     * @param b B, k×n, same dtype. Not modified.
     * @param c C, Modified: reshaped to m×n and overwritten. Must not alias A or B.
     */
    public static void multTransA(Matrix a, Matrix b, Matrix c) {
        gemm(true, false, a, b, c, false);
    }

    /**
     * {@code C = A·Bᵀ}.
     *
     * @param a A, m×k. Not modified.
     * @param b B, n×k, same dtype. Not modified.
     * @param c C, Modified: reshaped to m×n and overwritten. Must not alias A or B.
     */
    public static void multTransB(Matrix a, Matrix b, Matrix c) {
        gemm(false, true, a, b, c, false);
    }

    /**
     * {@code C += Aᵀ·B}: the accumulating form a layer's backward uses for {@code dW += Xᵀ·dZ}.
     *
     * @param a A, k×m. Not modified.
     * @param b B, k×n, same dtype. Not modified.
     * @param c C, m×n (must already have that shape). Modified: the product is added to it. Must
     *          not alias A or B.
     */
    public static void multAddTransA(Matrix a, Matrix b, Matrix c) {
        gemm(true, false, a, b, c, true);
    }

    /**
     * {@code C = op(A)·op(B)} or, when {@code accumulate}, {@code C += op(A)·op(B)}, with the
     * kernel chosen by {@link Gemm#auto()}. A and B: Not modified. C: Modified; reshaped to m×n
     * unless accumulating, in which case it must already be m×n.
     *
     * @param transA whether to use Aᵀ in place of A
     * @param transB whether to use Bᵀ in place of B
     * @param a A, m×k (k×m when transA). Not modified.
     * @param b B, k×n (n×k when transB), same dtype. Not modified.
     * @param c C. Modified. Must not alias A or B.
     * @param accumulate add into C ({@code C +=}) instead of overwriting it
     */
    public static void gemm(boolean transA, boolean transB, Matrix a, Matrix b, Matrix c, boolean accumulate) {
        gemm(Gemm.auto(), transA, transB, a, b, c, accumulate);
    }

    /**
     * {@link #gemm(boolean, boolean, Matrix, Matrix, Matrix, boolean)} with an explicit kernel.
     *
     * @param kernel the GEMM kernel to run (e.g. {@link dev.regula.core.gemm.NaiveGemm} as the oracle)
     * @param transA whether to use Aᵀ in place of A
     * @param transB whether to use Bᵀ in place of B
     * @param a A, m×k (k×m when transA). Not modified.
     * @param b B, k×n (n×k when transB), same dtype. Not modified.
     * @param c C. Modified: reshaped to m×n, or must already be m×n when accumulating. Must not
     *          alias A or B.
     * @param accumulate add into C ({@code C +=}) instead of overwriting it
     */
    public static void gemm(GemmKernel kernel, boolean transA, boolean transB,
                            Matrix a, Matrix b, Matrix c, boolean accumulate) {
        Checks.sameDType("A", a, "B", b);
        Checks.sameDType("A", a, "C", c);
        Checks.notAliased("A", a, "C", c);
        Checks.notAliased("B", b, "C", c);
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb) {
            throw new IllegalArgumentException("Shape mismatch in " + (transA ? "Aᵀ" : "A") + "·"
                    + (transB ? "Bᵀ" : "B") + ": A is " + a.shape() + " and B is " + b.shape()
                    + "; inner dimensions " + k + " and " + kb + " differ");
        }
        if (accumulate) {
            Checks.shape("C", c, m, n);
        } else {
            c.reshape(m, n);
        }
        if (a.dtype() == DType.F32) {
            kernel.gemm(transA, transB, m, n, k, a.floats(), b.floats(), c.floats(), accumulate);
        } else {
            kernel.gemm(transA, transB, m, n, k, a.doubles(), b.doubles(), c.doubles(), accumulate);
        }
    }

    // ---------------------------------------------------------------- broadcast and reductions

    /**
     * {@code Z[i, :] += b[0, :]} for every row i: adds a bias row to every example.
     *
     * @param z Z, m×n. Modified.
     * @param b b, 1×n, same dtype. Not modified.
     */
    public static void addRowVector(Matrix z, Matrix b) {
        Checks.sameDType("Z", z, "b", b);
        Checks.shape("b", b, 1, z.cols());
        if (z.dtype() == DType.F32 && Kernels.fastF32()) {   // the loop of OpsF32.addRowVector, vectorized: same bits
            OpsKernelF32.addRowVector(z.floats(), b.floats(), z.rows(), z.cols());
        } else if (z.dtype() == DType.F32) {
            OpsF32.addRowVector(z.floats(), b.floats(), z.rows(), z.cols());
        } else {
            OpsF64.addRowVector(z.doubles(), b.doubles(), z.rows(), z.cols());
        }
    }

    /**
     * {@code out[0, j] += Σ_i X[i, j]}: column sums added into a 1×n row ({@code db += Σ_rows dZ}).
     *
     * @param x X, m×n. Not modified.
     * @param out 1×n, same dtype. Modified: the sums are added to it.
     */
    public static void sumRowsAdd(Matrix x, Matrix out) {
        Checks.sameDType("X", x, "out", out);
        Checks.shape("out", out, 1, x.cols());
        if (x.dtype() == DType.F32 && Kernels.fastF32()) {   // the loop of OpsF32.sumRowsAdd, vectorized: same bits
            OpsKernelF32.sumRowsAdd(x.floats(), out.floats(), x.rows(), x.cols());
        } else if (x.dtype() == DType.F32) {
            OpsF32.sumRowsAdd(x.floats(), out.floats(), x.rows(), x.cols());
        } else {
            OpsF64.sumRowsAdd(x.doubles(), out.doubles(), x.rows(), x.cols());
        }
    }

    /**
     * {@code Σ x}, accumulated in double.
     *
     * @param x any shape. Not modified.
     * @return the sum of all elements
     */
    public static double sum(Matrix x) {
        return x.dtype() == DType.F32 ? OpsF32.sum(x.floats(), x.size()) : OpsF64.sum(x.doubles(), x.size());
    }

    /**
     * {@code Σ x²}, accumulated in double. F64: in index order. F32: each square is exact in
     * double and the terms are added in P interleaved double partial sums, folded in a fixed
     * order, then the last n mod P terms (P = 32 with AVX-512, 16 with AVX2; see {@code OpsF32.partialSums}):
     * the Vector API path and the scalar loop give the same bits, the result never depends on
     * timing, and the rounding error is that of double sums of about n/P terms.
     *
     * @param x any shape. Not modified.
     * @return the sum of the squares of all elements
     */
    public static double sumSquares(Matrix x) {
        if (x.dtype() == DType.F32 && Kernels.fastF32()) {   // the loop of OpsF32.sumSquares, vectorized: same bits
            return OpsKernelF32.sumSquares(x.floats(), x.size());
        }
        return x.dtype() == DType.F32
                ? OpsF32.sumSquares(x.floats(), x.size()) : OpsF64.sumSquares(x.doubles(), x.size());
    }

    /**
     * {@code Σ |x|}, accumulated in double, in the order {@link #sumSquares} describes for each dtype.
     *
     * @param x any shape. Not modified.
     * @return the sum of the absolute values of all elements
     */
    public static double sumAbs(Matrix x) {
        if (x.dtype() == DType.F32 && Kernels.fastF32()) {   // the loop of OpsF32.sumAbs, vectorized: same bits
            return OpsKernelF32.sumAbs(x.floats(), x.size());
        }
        return x.dtype() == DType.F32 ? OpsF32.sumAbs(x.floats(), x.size()) : OpsF64.sumAbs(x.doubles(), x.size());
    }

    /**
     * {@code Y += alpha·X} and returns {@code Σ x²}, in one pass over X: the value and the
     * gradient of an L2 penalty ({@code alpha = 2λ}) at once. The sum is exactly
     * {@link #sumSquares}(X); Y ends exactly as after {@link #addScaled}(X, alpha, Y).
     *
     * @param x X. Not modified.
     * @param alpha the scale of X added to Y
     * @param y Y, same shape and dtype. Modified. Must not alias X.
     * @return {@code Σ x²}, accumulated in double
     */
    public static double sumSquaresAddScaled(Matrix x, double alpha, Matrix y) {
        same("X", x, "Y", y);
        Checks.notAliased("X", x, "Y", y);
        if (x.dtype() == DType.F32 && Kernels.fastF32()) {   // the loop of OpsF32.sumSquaresAddScaled, vectorized: same bits
            return OpsKernelF32.sumSquaresAddScaled(x.floats(), (float) alpha, y.floats(), x.size());
        }
        return x.dtype() == DType.F32
                ? OpsF32.sumSquaresAddScaled(x.floats(), (float) alpha, y.floats(), x.size())
                : OpsF64.sumSquaresAddScaled(x.doubles(), alpha, y.doubles(), x.size());
    }

    /**
     * {@code Y += alpha·sign(X)} and returns {@code Σ |x|}, in one pass over X: the value and the
     * (sub)gradient of an L1 penalty ({@code alpha = λ}) at once. sign is {@link Math#signum}:
     * ±1, and 0 at 0 (the subgradient Keras's and PyTorch's autodiff return). The sum is exactly
     * {@link #sumAbs}(X); in F32 the update is {@code y += (float) alpha · signum(x)} in float.
     *
     * @param x X. Not modified.
     * @param alpha the scale of sign(X) added to Y
     * @param y Y, same shape and dtype. Modified. Must not alias X.
     * @return {@code Σ |x|}, accumulated in double
     */
    public static double sumAbsAddScaledSign(Matrix x, double alpha, Matrix y) {
        same("X", x, "Y", y);
        Checks.notAliased("X", x, "Y", y);
        if (x.dtype() == DType.F32 && Kernels.fastF32()) {   // the loop of OpsF32.sumAbsAddScaledSign, vectorized: same bits
            return OpsKernelF32.sumAbsAddScaledSign(x.floats(), (float) alpha, y.floats(), x.size());
        }
        return x.dtype() == DType.F32
                ? OpsF32.sumAbsAddScaledSign(x.floats(), (float) alpha, y.floats(), x.size())
                : OpsF64.sumAbsAddScaledSign(x.doubles(), alpha, y.doubles(), x.size());
    }

    /**
     * Whether every element is finite.
     *
     * @param x any shape. Not modified.
     * @return true when no element is NaN or infinite
     */
    public static boolean allFinite(Matrix x) {
        return x.dtype() == DType.F32
                ? OpsF32.allFinite(x.floats(), x.size()) : OpsF64.allFinite(x.doubles(), x.size());
    }

    /**
     * The number of rows i where {@code argmax(out[i, :]) == argmax(target[i, :])} (first index on
     * ties): the hits of categorical accuracy.
     *
     * @param out the model's output, m×n. Not modified.
     * @param target the one-hot targets, m×n, same dtype. Not modified.
     * @return the number of matching rows, between 0 and m
     */
    public static int countArgmaxMatches(Matrix out, Matrix target) {
        Checks.sameShape("output", out, "target", target);
        Checks.sameDType("output", out, "target", target);
        return out.dtype() == DType.F32
                ? OpsF32.countArgmaxMatches(out.floats(), target.floats(), out.rows(), out.cols())
                : OpsF64.countArgmaxMatches(out.doubles(), target.doubles(), out.rows(), out.cols());
    }

    /**
     * The column of each row's largest value, the first on ties: the predicted classes of a
     * model's outputs (the same argmax as {@link #countArgmaxMatches}).
     *
     * @param m the outputs, m×n. Not modified.
     * @return m column indices
     */
    public static int[] argmaxRows(Matrix m) {
        int[] best = new int[m.rows()];
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 1; j < m.cols(); j++) {
                if (m.get(i, j) > m.get(i, best[i])) {
                    best[i] = j;
                }
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- element-wise

    /**
     * {@code Y += alpha·X}.
     *
     * @param x X. Not modified.
     * @param alpha the scale of X
     * @param y Y, same shape and dtype. Modified.
     */
    public static void addScaled(Matrix x, double alpha, Matrix y) {
        same("X", x, "Y", y);
        if (x.dtype() == DType.F32) {
            OpsF32.addScaled(x.floats(), alpha, y.floats(), x.size());
        } else {
            OpsF64.addScaled(x.doubles(), alpha, y.doubles(), x.size());
        }
    }

    /**
     * {@code C = alpha·A + beta·B}.
     *
     * @param alpha the scale of A
     * @param a A. Not modified (unless it is C).
     * @param beta the scale of B
     * @param b B, same shape and dtype. Not modified (unless it is C).
     * @param c C. Modified (reshaped to A's shape); may alias A or B.
     */
    public static void linear(double alpha, Matrix a, double beta, Matrix b, Matrix c) {
        same("A", a, "B", b);
        Checks.sameDType("A", a, "C", c);
        c.reshape(a.rows(), a.cols());
        if (a.dtype() == DType.F32) {
            OpsF32.linear(alpha, a.floats(), beta, b.floats(), c.floats(), a.size());
        } else {
            OpsF64.linear(alpha, a.doubles(), beta, b.doubles(), c.doubles(), a.size());
        }
    }

    /**
     * {@code C = A ⊙ B} (element-wise product).
     *
     * @param a A. Not modified (unless it is C).
     * @param b B, same shape and dtype. Not modified (unless it is C).
     * @param c C. Modified (reshaped to A's shape); may alias A or B.
     */
    public static void elementMult(Matrix a, Matrix b, Matrix c) {
        same("A", a, "B", b);
        Checks.sameDType("A", a, "C", c);
        c.reshape(a.rows(), a.cols());
        if (a.dtype() == DType.F32) {
            OpsF32.elementMult(a.floats(), b.floats(), c.floats(), a.size());
        } else {
            OpsF64.elementMult(a.doubles(), b.doubles(), c.doubles(), a.size());
        }
    }

    /**
     * {@code C = (A ⊙ B)·alpha}: the element-wise product, then the scale (in F32, float
     * multiplications in that order with alpha rounded to float once; through the Vector API when
     * it is present, same bits). The forward and backward of inverted dropout,
     * {@code Y = X ⊙ D / keepProb}.
     *
     * @param a A. Not modified (unless it is C).
     * @param b B, same shape and dtype. Not modified (unless it is C).
     * @param alpha the scale applied after the product
     * @param c C. Modified (reshaped to A's shape); may alias A or B.
     */
    public static void elementMultScaled(Matrix a, Matrix b, double alpha, Matrix c) {
        same("A", a, "B", b);
        Checks.sameDType("A", a, "C", c);
        c.reshape(a.rows(), a.cols());
        if (a.dtype() == DType.F32 && Kernels.fastF32()) {   // the loop of OpsF32.elementMultScaled, vectorized: same bits
            OpsKernelF32.elementMultScaled(a.floats(), b.floats(), (float) alpha, c.floats(), a.size());
        } else if (a.dtype() == DType.F32) {
            OpsF32.elementMultScaled(a.floats(), b.floats(), (float) alpha, c.floats(), a.size());
        } else {
            OpsF64.elementMultScaled(a.doubles(), b.doubles(), alpha, c.doubles(), a.size());
        }
    }

    // ---------------------------------------------------------------- activations

    /**
     * {@code Y = max(X, 0)}.
     *
     * @param x X, any shape. Not modified (unless it is Y).
     * @param y Y, same dtype. Modified (reshaped to X's shape); may alias X.
     */
    public static void relu(Matrix x, Matrix y) {
        prepare(x, y);
        if (x.dtype() == DType.F32 && Kernels.fastF32()) {   // the loop of OpsF32.relu, vectorized: same bits
            OpsKernelF32.relu(x.floats(), y.floats(), x.size());
        } else if (x.dtype() == DType.F32) {
            OpsF32.relu(x.floats(), y.floats(), x.size());
        } else {
            OpsF64.relu(x.doubles(), y.doubles(), x.size());
        }
    }

    /**
     * {@code dX = dY ⊙ [X > 0]} (the subgradient at 0 is taken as 0).
     *
     * @param x X, the ReLU's input. Not modified.
     * @param dy dY = ∂J/∂Y, same shape and dtype. Not modified (unless it is dX).
     * @param dx dX = ∂J/∂X. Modified (reshaped to X's shape, overwritten); may alias dY.
     */
    public static void reluBackward(Matrix x, Matrix dy, Matrix dx) {
        same("X", x, "dY", dy);
        prepare(x, dx);
        if (x.dtype() == DType.F32 && Kernels.fastF32()) {   // the loop of OpsF32.reluBackward, vectorized: same bits
            OpsKernelF32.reluBackward(x.floats(), dy.floats(), dx.floats(), x.size());
        } else if (x.dtype() == DType.F32) {
            OpsF32.reluBackward(x.floats(), dy.floats(), dx.floats(), x.size());
        } else {
            OpsF64.reluBackward(x.doubles(), dy.doubles(), dx.doubles(), x.size());
        }
    }

    /**
     * {@code Y = 1 / (1 + e^(−X))}, evaluated without overflow.
     *
     * @param x X, any shape. Not modified.
     * @param y Y, same dtype. Modified (reshaped to X's shape).
     */
    public static void sigmoid(Matrix x, Matrix y) {
        prepare(x, y);
        if (x.dtype() == DType.F32) {
            OpsF32.sigmoid(x.floats(), y.floats(), x.size());
        } else {
            OpsF64.sigmoid(x.doubles(), y.doubles(), x.size());
        }
    }

    /**
     * {@code dX = dY ⊙ Y ⊙ (1 − Y)}, from the sigmoid's output Y.
     *
     * @param y Y, the sigmoid's output. Not modified.
     * @param dy dY = ∂J/∂Y, same shape and dtype. Not modified.
     * @param dx dX = ∂J/∂X. Modified (reshaped to Y's shape, overwritten).
     */
    public static void sigmoidBackward(Matrix y, Matrix dy, Matrix dx) {
        same("Y", y, "dY", dy);
        prepare(y, dx);
        if (y.dtype() == DType.F32) {
            OpsF32.sigmoidBackward(y.floats(), dy.floats(), dx.floats(), y.size());
        } else {
            OpsF64.sigmoidBackward(y.doubles(), dy.doubles(), dx.doubles(), y.size());
        }
    }

    /**
     * {@code Y = tanh(X)}.
     *
     * @param x X, any shape. Not modified.
     * @param y Y, same dtype. Modified (reshaped to X's shape).
     */
    public static void tanh(Matrix x, Matrix y) {
        prepare(x, y);
        if (x.dtype() == DType.F32) {
            OpsF32.tanh(x.floats(), y.floats(), x.size());
        } else {
            OpsF64.tanh(x.doubles(), y.doubles(), x.size());
        }
    }

    /**
     * {@code dX = dY ⊙ (1 − Y²)}, from tanh's output Y.
     *
     * @param y Y, tanh's output. Not modified.
     * @param dy dY = ∂J/∂Y, same shape and dtype. Not modified.
     * @param dx dX = ∂J/∂X. Modified (reshaped to Y's shape, overwritten).
     */
    public static void tanhBackward(Matrix y, Matrix dy, Matrix dx) {
        same("Y", y, "dY", dy);
        prepare(y, dx);
        if (y.dtype() == DType.F32) {
            OpsF32.tanhBackward(y.floats(), dy.floats(), dx.floats(), y.size());
        } else {
            OpsF64.tanhBackward(y.doubles(), dy.doubles(), dx.doubles(), y.size());
        }
    }

    /**
     * Row-wise softmax {@code Y[i, j] = e^(X[i, j] − max_j X[i, :]) / Σ_j e^(X[i, j] − max)}; the
     * row maximum is subtracted so that exp never overflows.
     *
     * @param x X, m×n. Not modified.
     * @param y Y, same dtype. Modified (reshaped to m×n); each row sums to 1.
     */
    public static void softmaxRows(Matrix x, Matrix y) {
        prepare(x, y);
        if (x.dtype() == DType.F32) {
            OpsF32.softmaxRows(x.floats(), y.floats(), x.rows(), x.cols());
        } else {
            OpsF64.softmaxRows(x.doubles(), y.doubles(), x.rows(), x.cols());
        }
    }

    /**
     * Backward of the row-wise softmax: {@code dX[i, :] = Y[i, :] ⊙ (dY[i, :] − ⟨dY[i, :], Y[i, :]⟩)}
     * (the Jacobian {@code diag(y) − y·yᵀ} applied to dY).
     *
     * @param y Y, the softmax's output, m×n. Not modified.
     * @param dy dY = ∂J/∂Y, m×n, same dtype. Not modified.
     * @param dx dX = ∂J/∂X. Modified (reshaped to m×n, overwritten).
     */
    public static void softmaxBackward(Matrix y, Matrix dy, Matrix dx) {
        same("Y", y, "dY", dy);
        prepare(y, dx);
        if (y.dtype() == DType.F32) {
            OpsF32.softmaxBackward(y.floats(), dy.floats(), dx.floats(), y.rows(), y.cols());
        } else {
            OpsF64.softmaxBackward(y.doubles(), dy.doubles(), dx.doubles(), y.rows(), y.cols());
        }
    }

    /**
     * Softmax cross-entropy summed over the rows, fused through log-sum-exp:
     * {@code log p[i, j] = Z[i, j] − (max_i + log Σ_j e^(Z[i, j] − max_i))} and
     * {@code J = −Σ_i Σ_j T[i, j]·log p[i, j]}, with {@code P = softmax(Z)} written to probs.
     * Terms with {@code T = 0} are skipped, so a confident wrong prediction is finite.
     *
     * @param logits Z, m×n. Not modified.
     * @param target T, m×n (one-hot or a distribution per row). Not modified.
     * @param probs  P, Modified (reshaped to m×n).
     * @return the sum over rows (divide by m for the mean)
     */
    public static double softmaxCrossEntropy(Matrix logits, Matrix target, Matrix probs) {
        same("logits", logits, "target", target);
        prepare(logits, probs);
        return logits.dtype() == DType.F32
                ? OpsF32.softmaxCrossEntropy(logits.floats(), target.floats(), probs.floats(),
                        logits.rows(), logits.cols())
                : OpsF64.softmaxCrossEntropy(logits.doubles(), target.doubles(), probs.doubles(),
                        logits.rows(), logits.cols());
    }

    // ---------------------------------------------------------------- rows

    /**
     * Copies rows {@code index[from..to)} of {@code src} into rows {@code 0..to-from} of dst:
     * the gather that builds a shuffled mini-batch.
     *
     * @param src the rows to gather from. Not modified.
     * @param index row numbers of src. Not modified.
     * @param from first position in index (inclusive)
     * @param to last position in index (exclusive)
     * @param dst Modified: reshaped to (to−from)×cols and overwritten. Must not alias src.
     */
    public static void gatherRows(Matrix src, int[] index, int from, int to, Matrix dst) {
        Checks.sameDType("src", src, "dst", dst);
        Checks.notAliased("src", src, "dst", dst);
        if (from < 0 || to > index.length || from > to) {
            throw new IllegalArgumentException("Invalid row range [" + from + ", " + to
                    + ") for an index of length " + index.length);
        }
        dst.reshape(to - from, src.cols());
        for (int r = from; r < to; r++) {
            if (index[r] < 0 || index[r] >= src.rows()) {
                throw new IndexOutOfBoundsException("Row " + index[r] + " is outside a " + src.shape() + " matrix");
            }
        }
        if (src.dtype() == DType.F32) {
            OpsF32.gatherRows(src.floats(), src.cols(), index, from, to, dst.floats());
        } else {
            OpsF64.gatherRows(src.doubles(), src.cols(), index, from, to, dst.doubles());
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void same(String nameA, Matrix a, String nameB, Matrix b) {
        Checks.sameDType(nameA, a, nameB, b);
        Checks.sameShape(nameA, a, nameB, b);
    }

    private static void prepare(Matrix in, Matrix out) {
        Checks.sameDType("input", in, "output", out);
        out.reshape(in.rows(), in.cols());
    }
}
