package dev.regula.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The F32 kernels of {@link Ops}: Vector API twins of the {@link OpsF32} loops that the JIT does
 * not vectorize: ReLU (a
 * data-dependent select per element), the bias broadcast and the column sums (the JIT cannot rule
 * out that the row vector and the matrix share an array, so it keeps {@code z[row + j] += b[j]}
 * scalar), the penalty passes and reductions, and the scaled element-wise product of dropout.
 *
 * <p>Same results as the loops of {@link OpsF32}, bit for bit ({@code OpsKernelF32Test}, and
 * {@code FastPathsTest} through {@link Ops}): every element goes through
 * the same float operations in the same order (no fused multiply-add, no reassociation; a column
 * sum still adds the rows in order). Measured on the MLP's 128×500 F32 (L2-resident) on this
 * machine: the bias broadcast ≈ 5 µs instead of ≈ 17-25 µs, the column sums the same.
 *
 * <p>Called by {@link Ops} instead of the loops when {@link Kernels#fastF32()}, i.e. when the
 * {@code jdk.incubator.vector} module is present and {@code regula.kernels} is not
 * {@code readable}; only {@link #partialSums()} is also asked for without the kernels (the
 * loops use the same P), and the class is never loaded without the module.
 */
final class OpsKernelF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Doubles in a vector of the preferred shape: half as many lanes as {@link #S}. */
    private static final VectorSpecies<Double> D = S.withLanes(double.class);

    private OpsKernelF32() {}

    /** y = max(x, 0). */
    static void relu(float[] x, float[] y, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, i).max(0f).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = Math.max(x[i], 0f);
        }
    }

    /** dx = x &gt; 0 ? dy : 0. */
    static void reluBackward(float[] x, float[] dy, float[] dx, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            VectorMask<Float> positive = FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, dy, i), positive).intoArray(dx, i);
        }
        for (; i < n; i++) {
            dx[i] = x[i] > 0 ? dy[i] : 0f;
        }
    }

    /** z[i, :] += b for every row i of the m × cols matrix z. */
    static void addRowVector(float[] z, float[] b, int m, int cols) {
        int bound = S.loopBound(cols);
        for (int i = 0; i < m; i++) {
            int row = i * cols;
            int j = 0;
            for (; j < bound; j += S.length()) {
                FloatVector.fromArray(S, z, row + j).add(FloatVector.fromArray(S, b, j)).intoArray(z, row + j);
            }
            for (; j < cols; j++) {
                z[row + j] += b[j];
            }
        }
    }

    /** out[j] += x[i, j] for every row i in order, i.e. out += the column sums of x (m × cols). */
    static void sumRowsAdd(float[] x, float[] out, int m, int cols) {
        int bound = S.loopBound(cols);
        int j = 0;
        for (; j < bound; j += S.length()) {          // a vector of columns, the rows added in order
            FloatVector sum = FloatVector.fromArray(S, out, j);
            for (int i = 0; i < m; i++) {
                sum = sum.add(FloatVector.fromArray(S, x, i * cols + j));
            }
            sum.intoArray(out, j);
        }
        for (; j < cols; j++) {
            float sum = out[j];
            for (int i = 0; i < m; i++) {
                sum += x[i * cols + j];
            }
            out[j] = sum;
        }
    }

    /**
     * The number P of partial sums of the F32 reductions ({@link OpsF32#partialSums()}): two
     * preferred float vectors' worth, 2·L (32 with AVX-512). A block of P elements is two float
     * vectors, each widened into two double vectors, so four independent chains of additions keep
     * the adder busy.
     */
    static int partialSums() {
        return 2 * S.length();
    }

    /**
     * Σ x² as {@link OpsF32#partialSums()} defines it: over the full blocks of P = 2·L elements,
     * element i goes into partial sum i mod P (accumulator {@code s[q]} holds partial sums
     * q·H … (q+1)·H − 1 in its H = L/2 lanes); then the fold, {@code t = (s0 + s1) + (s2 + s3)}
     * lane by lane and the H lanes of t pairwise; then the tail in order.
     *
     * <p>Written for C2 in JDK 17, which boxes vectors (a heap array per operation, ten times
     * slower) unless every Vector API call chain is inlined down to its intrinsic: every vector
     * has the preferred shape (a 128-bit float vector beside the 512-bit ones of the other passes
     * spoiled the shared call sites' profiles), and the widening is written out here, not in a
     * helper, because the chain under {@code convertShape} is deep and C2 stops inlining at 15
     * levels; and no vector is passed to a method C2 might not inline.
     */
    static double sumSquares(float[] x, int n) {
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
        int half = S.length();
        int i = 0;
        for (int bound = n - n % (2 * half); i < bound; i += 2 * half) {
            FloatVector x0 = FloatVector.fromArray(S, x, i);
            FloatVector x1 = FloatVector.fromArray(S, x, i + half);
            DoubleVector d0 = (DoubleVector) x0.convertShape(VectorOperators.F2D, D, 0);   // exact
            DoubleVector d1 = (DoubleVector) x0.convertShape(VectorOperators.F2D, D, 1);
            DoubleVector d2 = (DoubleVector) x1.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector d3 = (DoubleVector) x1.convertShape(VectorOperators.F2D, D, 1);
            s0 = s0.add(d0.mul(d0));                         // partial[i % P] += (double) x[i]·x[i]
            s1 = s1.add(d1.mul(d1));
            s2 = s2.add(d2.mul(d2));
            s3 = s3.add(d3.mul(d3));
        }
        DoubleVector t = s0.add(s1).add(s2.add(s3));         // the fold, written here (see the javadoc)
        double sum = D.length() == 8
                ? ((t.lane(0) + t.lane(1)) + (t.lane(2) + t.lane(3))) + ((t.lane(4) + t.lane(5)) + (t.lane(6) + t.lane(7)))
                : tree(t, 0, D.length());
        for (; i < n; i++) {                                 // the tail, in order
            sum += (double) x[i] * x[i];
        }
        return sum;
    }

    /** {@code y += a·x} in float and returns Σ x² as {@link #sumSquares}, in one pass. */
    static double sumSquaresAddScaled(float[] x, float a, float[] y, int n) {
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
        int half = S.length();
        int i = 0;
        for (int bound = n - n % (2 * half); i < bound; i += 2 * half) {
            FloatVector x0 = FloatVector.fromArray(S, x, i);
            FloatVector x1 = FloatVector.fromArray(S, x, i + half);
            DoubleVector d0 = (DoubleVector) x0.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector d1 = (DoubleVector) x0.convertShape(VectorOperators.F2D, D, 1);
            DoubleVector d2 = (DoubleVector) x1.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector d3 = (DoubleVector) x1.convertShape(VectorOperators.F2D, D, 1);
            s0 = s0.add(d0.mul(d0));
            s1 = s1.add(d1.mul(d1));
            s2 = s2.add(d2.mul(d2));
            s3 = s3.add(d3.mul(d3));
            FloatVector.fromArray(S, y, i).add(x0.mul(a)).intoArray(y, i);               // y += a·x
            FloatVector.fromArray(S, y, i + half).add(x1.mul(a)).intoArray(y, i + half);
        }
        DoubleVector t = s0.add(s1).add(s2.add(s3));         // the fold, written here (see the javadoc)
        double sum = D.length() == 8
                ? ((t.lane(0) + t.lane(1)) + (t.lane(2) + t.lane(3))) + ((t.lane(4) + t.lane(5)) + (t.lane(6) + t.lane(7)))
                : tree(t, 0, D.length());
        for (; i < n; i++) {
            sum += (double) x[i] * x[i];
            y[i] += a * x[i];
        }
        return sum;
    }

    /** Σ |x| with the partial sums of {@link #sumSquares}. */
    static double sumAbs(float[] x, int n) {
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
        int half = S.length();
        int i = 0;
        for (int bound = n - n % (2 * half); i < bound; i += 2 * half) {
            FloatVector x0 = FloatVector.fromArray(S, x, i).abs();
            FloatVector x1 = FloatVector.fromArray(S, x, i + half).abs();
            s0 = s0.add(x0.convertShape(VectorOperators.F2D, D, 0));   // partial[i % P] += |x[i]|
            s1 = s1.add(x0.convertShape(VectorOperators.F2D, D, 1));
            s2 = s2.add(x1.convertShape(VectorOperators.F2D, D, 0));
            s3 = s3.add(x1.convertShape(VectorOperators.F2D, D, 1));
        }
        DoubleVector t = s0.add(s1).add(s2.add(s3));         // the fold, written here (see the javadoc)
        double sum = D.length() == 8
                ? ((t.lane(0) + t.lane(1)) + (t.lane(2) + t.lane(3))) + ((t.lane(4) + t.lane(5)) + (t.lane(6) + t.lane(7)))
                : tree(t, 0, D.length());
        for (; i < n; i++) {
            sum += Math.abs(x[i]);
        }
        return sum;
    }

    /**
     * {@code y += a·sign(x)} in float, with {@link Math#signum(float)}'s sign (±1, or x itself when
     * x is ±0 or NaN), and returns Σ |x| as {@link #sumAbs}, in one pass.
     */
    static double sumAbsAddScaledSign(float[] x, float a, float[] y, int n) {
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
        int half = S.length();
        int i = 0;
        for (int bound = n - n % (2 * half); i < bound; i += 2 * half) {
            FloatVector x0 = FloatVector.fromArray(S, x, i);
            FloatVector x1 = FloatVector.fromArray(S, x, i + half);
            FloatVector a0 = x0.abs();
            FloatVector a1 = x1.abs();
            s0 = s0.add(a0.convertShape(VectorOperators.F2D, D, 0));
            s1 = s1.add(a0.convertShape(VectorOperators.F2D, D, 1));
            s2 = s2.add(a1.convertShape(VectorOperators.F2D, D, 0));
            s3 = s3.add(a1.convertShape(VectorOperators.F2D, D, 1));
            // sign(x): 1 where x > 0, −1 where x < 0, x itself (±0, NaN) elsewhere; y += a·sign(x)
            FloatVector g0 = x0.blend(1f, x0.compare(VectorOperators.GT, 0f)).blend(-1f, x0.compare(VectorOperators.LT, 0f));
            FloatVector g1 = x1.blend(1f, x1.compare(VectorOperators.GT, 0f)).blend(-1f, x1.compare(VectorOperators.LT, 0f));
            FloatVector.fromArray(S, y, i).add(g0.mul(a)).intoArray(y, i);
            FloatVector.fromArray(S, y, i + half).add(g1.mul(a)).intoArray(y, i + half);
        }
        DoubleVector t = s0.add(s1).add(s2.add(s3));         // the fold, written here (see the javadoc)
        double sum = D.length() == 8
                ? ((t.lane(0) + t.lane(1)) + (t.lane(2) + t.lane(3))) + ((t.lane(4) + t.lane(5)) + (t.lane(6) + t.lane(7)))
                : tree(t, 0, D.length());
        for (; i < n; i++) {
            sum += Math.abs(x[i]);
            y[i] += a * Math.signum(x[i]);
        }
        return sum;
    }

    /**
     * The pairwise sum of lanes [from, from + count) of t, count a power of 2: the last step of
     * the fold for vector widths other than 512 bits (with 8 double lanes the loops write it out,
     * because a vector passed to a call C2 does not inline is boxed).
     */
    private static double tree(DoubleVector t, int from, int count) {
        return count == 1 ? t.lane(from) : tree(t, from, count / 2) + tree(t, from + count / 2, count / 2);
    }

    /** c = (a ⊙ b)·s, float multiplications in that order. */
    static void elementMultScaled(float[] a, float[] b, float s, float[] c, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, i).mul(FloatVector.fromArray(S, b, i)).mul(s).intoArray(c, i);
        }
        for (; i < n; i++) {
            c[i] = a[i] * b[i] * s;
        }
    }
}
