package dev.regula.docs;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import java.util.function.ToDoubleFunction;

/**
 * The formulas of the chapters computed "by hand": plain loops over F64 matrices, one formula per
 * method, each returning a new matrix. The walkthroughs compare these against what the engine's
 * layers, losses and optimizers compute, so a reader sees both the formula and that the engine
 * follows it. Rows are examples, as everywhere in Regula.
 *
 * <p>Nothing here is fast or clever, on purpose: the engine's {@code Ops} are the fast path.
 */
final class Hand {
    private Hand() {}

    /** {@code C = A·B}: {@code C[i, j] = Σ_k A[i, k]·B[k, j]}. */
    static Matrix mult(Matrix a, Matrix b) {
        Matrix c = Matrix.zeros(DType.F64, a.rows(), b.cols());
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < b.cols(); j++) {
                double s = 0;
                for (int k = 0; k < a.cols(); k++) {
                    s += a.get(i, k) * b.get(k, j);
                }
                c.set(i, j, s);
            }
        }
        return c;
    }

    /** {@code Aᵀ}. */
    static Matrix transpose(Matrix a) {
        Matrix t = Matrix.zeros(DType.F64, a.cols(), a.rows());
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                t.set(j, i, a.get(i, j));
            }
        }
        return t;
    }

    /** {@code Z[i, :] = A[i, :] + b[0, :]}: the bias row added to every example. */
    static Matrix addRow(Matrix a, Matrix b) {
        Matrix z = Matrix.zeros(DType.F64, a.rows(), a.cols());
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                z.set(i, j, a.get(i, j) + b.get(0, j));
            }
        }
        return z;
    }

    /** {@code Σ_rows A}: the (1 × n) column sums. */
    static Matrix sumRows(Matrix a) {
        Matrix s = Matrix.zeros(DType.F64, 1, a.cols());
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                s.set(0, j, s.get(0, j) + a.get(i, j));
            }
        }
        return s;
    }

    /** {@code alpha·A + beta·B}. */
    static Matrix linear(double alpha, Matrix a, double beta, Matrix b) {
        Matrix c = Matrix.zeros(DType.F64, a.rows(), a.cols());
        for (int i = 0; i < a.size(); i++) {
            c.set(i, alpha * a.get(i) + beta * b.get(i));
        }
        return c;
    }

    /** {@code alpha·A}. */
    static Matrix scale(double alpha, Matrix a) {
        Matrix c = Matrix.zeros(DType.F64, a.rows(), a.cols());
        for (int i = 0; i < a.size(); i++) {
            c.set(i, alpha * a.get(i));
        }
        return c;
    }

    /** {@code A ⊙ B}, element by element. */
    static Matrix hadamard(Matrix a, Matrix b) {
        Matrix c = Matrix.zeros(DType.F64, a.rows(), a.cols());
        for (int i = 0; i < a.size(); i++) {
            c.set(i, a.get(i) * b.get(i));
        }
        return c;
    }

    /** {@code max(Z, 0)}. */
    static Matrix relu(Matrix z) {
        Matrix a = Matrix.zeros(DType.F64, z.rows(), z.cols());
        for (int i = 0; i < z.size(); i++) {
            a.set(i, Math.max(z.get(i), 0));
        }
        return a;
    }

    /** {@code [Z > 0]}: 1 where Z is positive, else 0 (ReLU's derivative). */
    static Matrix positive(Matrix z) {
        Matrix a = Matrix.zeros(DType.F64, z.rows(), z.cols());
        for (int i = 0; i < z.size(); i++) {
            a.set(i, z.get(i) > 0 ? 1 : 0);
        }
        return a;
    }

    /** {@code σ(Z) = 1 / (1 + e^(−Z))}. */
    static Matrix sigmoid(Matrix z) {
        Matrix a = Matrix.zeros(DType.F64, z.rows(), z.cols());
        for (int i = 0; i < z.size(); i++) {
            a.set(i, 1 / (1 + Math.exp(-z.get(i))));
        }
        return a;
    }

    /** {@code sign(W)}, with sign(0) = 0. */
    static Matrix sign(Matrix w) {
        Matrix s = Matrix.zeros(DType.F64, w.rows(), w.cols());
        for (int i = 0; i < w.size(); i++) {
            s.set(i, Math.signum(w.get(i)));
        }
        return s;
    }

    /** The (m × 1) row maxima. */
    static Matrix rowMax(Matrix z) {
        Matrix mx = Matrix.zeros(DType.F64, z.rows(), 1);
        for (int i = 0; i < z.rows(); i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < z.cols(); j++) {
                best = Math.max(best, z.get(i, j));
            }
            mx.set(i, 0, best);
        }
        return mx;
    }

    /** {@code Z[i, j] − c[i, 0]}: a column subtracted from every column. */
    static Matrix subtractColumn(Matrix z, Matrix c) {
        Matrix d = Matrix.zeros(DType.F64, z.rows(), z.cols());
        for (int i = 0; i < z.rows(); i++) {
            for (int j = 0; j < z.cols(); j++) {
                d.set(i, j, z.get(i, j) - c.get(i, 0));
            }
        }
        return d;
    }

    /** The (m × 1) log-sum-exp of each row: {@code max + log Σ_j e^(Z[i, j] − max)}. */
    static Matrix logSumExp(Matrix z) {
        Matrix mx = rowMax(z);
        Matrix lse = Matrix.zeros(DType.F64, z.rows(), 1);
        for (int i = 0; i < z.rows(); i++) {
            double s = 0;
            for (int j = 0; j < z.cols(); j++) {
                s += Math.exp(z.get(i, j) - mx.get(i, 0));
            }
            lse.set(i, 0, mx.get(i, 0) + Math.log(s));
        }
        return lse;
    }

    /** {@code e^A}, element by element. */
    static Matrix exp(Matrix a) {
        Matrix e = Matrix.zeros(DType.F64, a.rows(), a.cols());
        for (int i = 0; i < a.size(); i++) {
            e.set(i, Math.exp(a.get(i)));
        }
        return e;
    }

    /** {@code Σ A}. */
    static double sum(Matrix a) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.get(i);
        }
        return s;
    }

    /** {@code Σ A²}. */
    static double sumSquares(Matrix a) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.get(i) * a.get(i);
        }
        return s;
    }

    /** {@code Σ |A|}. */
    static double sumAbs(Matrix a) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += Math.abs(a.get(i));
        }
        return s;
    }

    /** The (1 × n) Euclidean norms of the columns: {@code ‖w_j‖ = sqrt(Σ_i W[i, j]²)}. */
    static Matrix columnNorms(Matrix w) {
        Matrix n = Matrix.zeros(DType.F64, 1, w.cols());
        for (int j = 0; j < w.cols(); j++) {
            double s = 0;
            for (int i = 0; i < w.rows(); i++) {
                s += w.get(i, j) * w.get(i, j);
            }
            n.set(0, j, Math.sqrt(s));
        }
        return n;
    }

    /** The (1 × n) column means. */
    static Matrix columnMeans(Matrix x) {
        return scale(1.0 / x.rows(), sumRows(x));
    }

    /** {@code (1/m)·(X − μ)ᵀ(X − μ)}: the biased covariance of the columns. */
    static Matrix covariance(Matrix x) {
        Matrix mu = columnMeans(x);
        Matrix centred = addRow(x, scale(-1, mu));
        return scale(1.0 / x.rows(), mult(transpose(centred), centred));
    }

    /**
     * The central differences {@code (f(A + h·e_k) − f(A − h·e_k)) / 2h} for every element k of
     * {@code a}: the numeric gradient of f at a, of a's shape. {@code a} is not modified (f gets a
     * perturbed copy).
     */
    static Matrix centralDifferences(Matrix a, ToDoubleFunction<Matrix> f, double h) {
        Matrix grad = Matrix.zeros(DType.F64, a.rows(), a.cols());
        Matrix probe = a.copy();
        for (int k = 0; k < a.size(); k++) {
            double saved = probe.get(k);
            probe.set(k, saved + h);
            double plus = f.applyAsDouble(probe);
            probe.set(k, saved - h);
            double minus = f.applyAsDouble(probe);
            probe.set(k, saved);
            grad.set(k, (plus - minus) / (2 * h));
        }
        return grad;
    }

    /** Softmax cross-entropy by hand: {@code −(1/m)·Σ_i Σ_j Y[i, j]·(Z[i, j] − logsumexp(Z[i, :]))}. */
    static double softmaxCrossEntropy(Matrix z, Matrix y) {
        Matrix lse = logSumExp(z);
        double s = 0;
        for (int i = 0; i < z.rows(); i++) {
            for (int j = 0; j < z.cols(); j++) {
                s -= y.get(i, j) * (z.get(i, j) - lse.get(i, 0));
            }
        }
        return s / z.rows();
    }
}
