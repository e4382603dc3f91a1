package dev.regula.conformance;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison every conformance test makes: Regula's tensor against PyTorch's, with the
 * relative error
 * <pre>
 * err = max_i |regula_i − torch_i| / max_i |torch_i|
 * </pre>
 * (the largest difference measured against the tensor's scale, so that an element that is
 * nearly 0 by cancellation does not need more digits than the arithmetic has), and
 * {@code err ≤ 1e-12} in F64, {@code ≤ 1e-5} in F32. A reference that is all zeros must be matched
 * exactly. A failure names the case, the tensor, where the largest difference is and its size.
 * The largest error seen per dtype is kept for the summary each test class prints.
 */
final class Compare {
    static final double F64_TOLERANCE = 1e-12;
    static final double F32_TOLERANCE = 1e-5;
    /** {@code -Dconformance.verbose=true} prints every comparison's error. */
    private static final boolean VERBOSE = Boolean.getBoolean("conformance.verbose");
    private static final Map<DType, Double> WORST = new EnumMap<>(DType.class);
    private static final Map<DType, String> WORST_WHERE = new EnumMap<>(DType.class);

    private Compare() {}

    static double tolerance(DType dtype) {
        return dtype == DType.F64 ? F64_TOLERANCE : F32_TOLERANCE;
    }

    /** Asserts that {@code actual} (Regula) equals {@code expected} (torch) within the dtype's tolerance. */
    static void close(Fixture f, String tensor, Matrix expected, Matrix actual) {
        close(f, tensor, expected, actual, tolerance(f.dtype));
    }

    static void close(Fixture f, String tensor, Matrix expected, Matrix actual, double tolerance) {
        if (expected.rows() != actual.rows() || expected.cols() != actual.cols()) {
            throw new AssertionError(f + ", " + tensor + ": torch's shape is " + expected.shape()
                    + ", Regula's " + actual.shape());
        }
        double scale = 0, worst = -1;
        int at = 0;
        for (int i = 0; i < expected.size(); i++) {
            scale = Math.max(scale, Math.abs(expected.get(i)));
            double d = Math.abs(actual.get(i) - expected.get(i));
            if (!(d <= worst)) {     // NaN counts as the worst
                worst = d;
                at = i;
            }
        }
        double err = scale == 0 ? (worst == 0 ? 0 : Double.POSITIVE_INFINITY) : worst / scale;
        if (Double.isNaN(worst)) {
            err = Double.NaN;
        }
        if (VERBOSE) {
            System.out.printf(Locale.ROOT, "%-18s %s  %-45s %.2e%n", f.caseName, f.dtype, tensor, err);
        }
        if (tolerance == tolerance(f.dtype)) {   // the summary is about the stated tolerances only
            record(f, tensor, err);
        }
        if (!(err <= tolerance)) {
            int r = at / expected.cols(), c = at % expected.cols();
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s, tensor %s: relative error %.3e > %.0e; largest difference %.3e at [%d, %d]"
                            + " (Regula %.17g, torch %.17g; max |torch| = %.6g)",
                    f, tensor, err, tolerance, worst, r, c, actual.get(at), expected.get(at), scale));
        }
    }

    /** For a scalar (a loss, a penalty's value). */
    static void close(Fixture f, String tensor, double expected, double actual) {
        close(f, tensor, Matrix.of(DType.F64, 1, 1, expected), Matrix.of(DType.F64, 1, 1, actual), tolerance(f.dtype));
    }

    private static synchronized void record(Fixture f, String tensor, double err) {
        Double prev = WORST.get(f.dtype);
        if (prev == null || err > prev || Double.isNaN(err)) {
            WORST.put(f.dtype, err);
            WORST_WHERE.put(f.dtype, f.caseName + "/" + tensor);
        }
    }

    /** "F64 worst 3.1e-15 (dense/dx), F32 ..." for the test log. */
    static synchronized String summary() {
        StringBuilder sb = new StringBuilder("conformance: largest relative error so far");
        for (Map.Entry<DType, Double> e : WORST.entrySet()) {
            sb.append(String.format(Locale.ROOT, "; %s %.2e (%s)", e.getKey(), e.getValue(), WORST_WHERE.get(e.getKey())));
        }
        return sb.toString();
    }
}
