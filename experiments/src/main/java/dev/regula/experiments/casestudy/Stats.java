package dev.regula.experiments.casestudy;

/**
 * The statistics of the case study: mean, sample standard deviation and Welch's two-sample
 * t-test, written out so that a reader can check each step.
 *
 * <pre>
 * mean  x̄ = Σxᵢ / n
 * std   s = √( Σ(xᵢ − x̄)² / (n − 1) )            (the sample standard deviation; 0 when n = 1)
 * Welch t = (x̄₁ − x̄₂) / √(s₁²/n₁ + s₂²/n₂)
 *       ν = (s₁²/n₁ + s₂²/n₂)² / ( (s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1) )   (Welch–Satterthwaite)
 *       p = P(|T_ν| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, 1/2)                        (two-sided)
 * </pre>
 * where I is the regularized incomplete beta function, evaluated with its continued fraction
 * (the modified Lentz method).
 */
public final class Stats {
    private Stats() {}

    /** The result of a two-sided Welch test: the statistic t, the degrees of freedom ν, and p. */
    public record Welch(double t, double df, double p) {}

    public static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return x.length == 0 ? Double.NaN : s / x.length;
    }

    /** The sample standard deviation (n − 1 in the denominator); 0 for a single value. */
    public static double std(double[] x) {
        if (x.length < 2) {
            return x.length == 0 ? Double.NaN : 0;
        }
        double m = mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (x.length - 1));
    }

    /**
     * Welch's two-sided t-test of equal means, or null when it cannot be computed (fewer than two
     * values in a sample, or both samples without spread).
     */
    public static Welch welch(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return null;
        }
        double va = variance(a) / a.length;      // s₁²/n₁
        double vb = variance(b) / b.length;      // s₂²/n₂
        double se2 = va + vb;
        if (se2 == 0) {
            return null;
        }
        double t = (mean(a) - mean(b)) / Math.sqrt(se2);
        double df = se2 * se2 / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        return new Welch(t, df, twoSidedP(t, df));
    }

    /** P(|T| ≥ |t|) for Student's t with {@code df} degrees of freedom. */
    public static double twoSidedP(double t, double df) {
        double x = df / (df + t * t);
        return regularizedBeta(x, df / 2, 0.5);
    }

    private static double variance(double[] x) {
        double s = std(x);
        return s * s;
    }

    /** I_x(a, b), the regularized incomplete beta function, for 0 ≤ x ≤ 1 and a, b &gt; 0. */
    public static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        // The front factor x^a (1−x)^b / (a·B(a, b)), through log-gamma.
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        // The continued fraction converges fast for x < (a+1)/(a+b+2); otherwise use I_x(a,b) = 1 − I_{1−x}(b,a).
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaFraction(x, a, b) / a;
        }
        return 1 - front * betaFraction(1 - x, b, a) / b;
    }

    /** The continued fraction of I_x(a, b), by the modified Lentz method. */
    private static double betaFraction(double x, double a, double b) {
        final double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        double h = d;
        for (int m = 1; m <= 300; m++) {
            int m2 = 2 * m;
            // even step: d_{2m} = m(b−m)x / ((a+2m−1)(a+2m))
            double num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + num * d;
            c = 1 + num / c;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = Math.abs(c) < tiny ? tiny : c;
            h *= d * c;
            // odd step: d_{2m+1} = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1))
            num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + num * d;
            c = 1 + num / c;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = Math.abs(c) < tiny ? tiny : c;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-15) {
                break;
            }
        }
        return h;
    }

    /** ln Γ(x) for x &gt; 0, by the Lanczos approximation (g = 7, 9 coefficients). */
    static double logGamma(double x) {
        final double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        if (x < 0.5) {       // reflection: Γ(x)Γ(1−x) = π / sin(πx)
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double sum = c[0];
        for (int i = 1; i < 9; i++) {
            sum += c[i] / (x + i);
        }
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
