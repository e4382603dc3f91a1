package dev.regula.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Checks analytic gradients against central differences, in F64.
 *
 * <p>For each checked element θᵢ of each parameter:
 * <pre>
 *   numeric  = (J(θᵢ + ε) − J(θᵢ − ε)) / 2ε
 *   relError = |analytic − numeric| / max(|analytic|, |numeric|, floor)
 * </pre>
 * The absolute {@code floor} keeps gradients that are zero or tiny from being judged on rounding
 * noise alone: below it the test is effectively absolute, {@code |analytic − numeric| ≤ tol·floor}.
 * An element passes when {@code relError ≤ tolerance}.
 *
 * <p>How to use it (the order matters): {@code computeGradients} must zero the gradients, run the
 * forward pass in a deterministic way (reset any RNG, e.g. a dropout mask, per call) and the
 * backward pass, leaving ∂J/∂θ in each {@link Parameter#grad()}; {@code loss} must return J for the
 * current parameter values, again deterministically. The checker perturbs {@link Parameter#value()}
 * in place and restores it exactly.
 */
public final class GradientCheck {
    /** The default step ε of the central difference, 1e-5 (near the best for F64; see docs/gradient-check.md). */
    public static final double DEFAULT_EPSILON = 1e-5;
    /** The default largest relative error that passes, 1e-7 (the figure docs/gradient-check.md states). */
    public static final double DEFAULT_TOLERANCE = 1e-7;
    /** The default absolute floor of the relative error's denominator, 1e-4. */
    public static final double DEFAULT_FLOOR = 1e-4;
    /** The default number of checked elements per parameter, 200. */
    public static final int DEFAULT_MAX_PER_PARAMETER = 200;

    private final double epsilon;
    private final double tolerance;
    private final double floor;
    private final int maxPerParameter;

    /** A checker with the defaults. */
    public GradientCheck() {
        this(DEFAULT_EPSILON, DEFAULT_TOLERANCE, DEFAULT_FLOOR, DEFAULT_MAX_PER_PARAMETER);
    }

    /**
     * @param epsilon         the step ε of the central difference, > 0
     * @param tolerance       the largest relative error that passes, > 0
     * @param floor           the absolute floor of the denominator, > 0
     * @param maxPerParameter how many elements of each parameter to check (an evenly spaced,
     *                        deterministic subset when the parameter is larger), > 0
     */
    public GradientCheck(double epsilon, double tolerance, double floor, int maxPerParameter) {
        this.epsilon = Checks.positive("epsilon", epsilon);
        this.tolerance = Checks.positive("tolerance", tolerance);
        this.floor = Checks.positive("floor", floor);
        this.maxPerParameter = Checks.positive("maxPerParameter", maxPerParameter);
    }

    /** One checked element. */
    public record Entry(String parameter, int row, int col, double analytic, double numeric, double relError) {}

    /** The worst element of each parameter, and all entries. */
    public record Report(List<Entry> entries, double tolerance) {
        /**
         * The largest relative error.
         *
         * @return the largest over all entries, 0 when nothing was checked
         */
        public double maxRelError() {
            return entries.stream().mapToDouble(Entry::relError).max().orElse(0);
        }

        /**
         * Whether every checked element passed.
         *
         * @return true when {@link #maxRelError()} ≤ the tolerance
         */
        public boolean passed() {
            return maxRelError() <= tolerance;
        }

        /**
         * The worst entry of one parameter.
         *
         * @param parameter the parameter's name
         * @return its entry with the largest relative error (a NaN error counts as the largest), or
         *         null when it was not checked
         */
        public Entry worst(String parameter) {
            Entry w = null;
            for (Entry e : entries) {
                // !(a <= b) rather than a > b, so that a NaN error counts as the worst
                if (e.parameter().equals(parameter) && (w == null || !(e.relError() <= w.relError()))) {
                    w = e;
                }
            }
            return w;
        }

        /**
         * The report as a table.
         *
         * @return one line per parameter with its worst element, then the verdict
         */
        public String format() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-22s %9s %16s %16s %10s  %s%n",
                    "parameter", "element", "analytic", "numeric", "rel.error", "ok"));
            List<String> seen = new ArrayList<>();
            for (Entry e : entries) {
                if (seen.contains(e.parameter())) {
                    continue;
                }
                seen.add(e.parameter());
                Entry w = worst(e.parameter());
                sb.append(String.format(Locale.ROOT, "%-22s %9s %16.9e %16.9e %10.2e  %s%n",
                        w.parameter(), "(" + w.row() + "," + w.col() + ")", w.analytic(), w.numeric(),
                        w.relError(), w.relError() <= tolerance ? "yes" : "NO"));
            }
            sb.append(String.format(Locale.ROOT, "max relative error %.2e (tolerance %.0e): %s",
                    maxRelError(), tolerance, passed() ? "PASSED" : "FAILED"));
            return sb.toString();
        }
    }

    /**
     * Checks every parameter in {@code parameters}.
     *
     * @param parameters       the parameters to check, F64; values are perturbed and restored exactly
     * @param loss             J for the current values, deterministic
     * @param computeGradients zeroes the gradients and runs forward and backward, leaving ∂J/∂θ in
     *                         each {@link Parameter#grad()}
     * @return one entry per checked element
     * @throws IllegalArgumentException if a parameter is not F64
     */
    public Report check(List<Parameter> parameters, DoubleSupplier loss, Runnable computeGradients) {
        for (Parameter p : parameters) {
            if (p.value().dtype() != DType.F64) {
                throw new IllegalArgumentException("Gradient checks run in F64, but parameter "
                        + p.name() + " is " + p.value().dtype());
            }
        }
        computeGradients.run();
        List<Matrix> analytic = new ArrayList<>();
        for (Parameter p : parameters) {
            analytic.add(p.grad().copy());
        }
        List<Entry> entries = new ArrayList<>();
        for (int pi = 0; pi < parameters.size(); pi++) {
            Parameter p = parameters.get(pi);
            double[] theta = p.value().doubles();
            int n = p.value().size();
            int count = Math.min(n, maxPerParameter);
            for (int s = 0; s < count; s++) {
                int i = (int) ((long) s * n / count);
                double saved = theta[i];
                theta[i] = saved + epsilon;
                double plus = loss.getAsDouble();
                theta[i] = saved - epsilon;
                double minus = loss.getAsDouble();
                theta[i] = saved;
                double numeric = (plus - minus) / (2 * epsilon);
                double a = analytic.get(pi).get(i);
                double rel = Math.abs(a - numeric) / Math.max(Math.max(Math.abs(a), Math.abs(numeric)), floor);
                int cols = p.value().cols();
                entries.add(new Entry(p.name(), i / cols, i % cols, a, numeric, rel));
            }
        }
        return new Report(List.copyOf(entries), tolerance);
    }
}
