package dev.regula.experiments.casestudy;

/**
 * The statistics of the case study: mean, sample standard deviation, Welch's two-sample t-test,
 * and the paired comparison of two configs over the seeds they share, written out so that a
 * reader can check each step.
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
 *
 * <p>Paired ({@link #paired}): with the same seed, two configs start from the same initial
 * weights and see the same batches (Sequential's seeding), so the per-seed differences
 * dᵢ = aᵢ − bᵢ cancel much of the seed-to-seed noise that Welch's test has to carry:
 * <pre>
 * d̄ = Σdᵢ / n,   s_d = √( Σ(dᵢ − d̄)² / (n − 1) ),   SE = s_d / √n
 * t = d̄ / SE,   ν = n − 1,   p = P(|T_ν| ≥ |t|)                          (paired t-test, two-sided)
 * 95 % CI (t):          d̄ ± t_{0.975, ν} · SE
 * 95 % CI (bootstrap):  the 2.5 % and 97.5 % percentiles of the means of B resamples of the n
 *                       differences drawn with replacement (percentile bootstrap, seeded)
 * detectable effect:    δ₈₀ = (t_{0.975, ν} + t_{0.80, ν}) · SE
 * </pre>
 * δ₈₀ is the smallest true mean difference that a two-sided paired t-test at α = 0.05 finds with
 * about 80 % power when the differences have the observed SD: the usual normal-theory
 * approximation with the z quantiles replaced by t quantiles (it neglects the noncentrality of the
 * t distribution, so it is a little optimistic for very few seeds).
 */
public final class Stats {
    private Stats() {}

    /** The number of bootstrap resamples of the case study's paired comparisons. */
    public static final int BOOTSTRAP_RESAMPLES = 10_000;
    /** The seed of the bootstrap's generator (so that a report is reproducible). */
    public static final long BOOTSTRAP_SEED = 15;

    /**
     * A paired comparison of a against b over n shared seeds: the mean difference d̄ = mean(a − b),
     * the SD of the differences, the paired t statistic with ν = n − 1 and its two-sided p, the 95 %
     * confidence interval by the t distribution and by the bootstrap, and the smallest effect
     * detectable with 80 % power at α = 0.05 ({@code detectable}). t and p are NaN when every
     * difference is the same (s_d = 0: the t-test is undefined).
     */
    public record Paired(int n, double meanDiff, double sdDiff, double t, double df, double p, double tLow,
                         double tHigh, double bootLow, double bootHigh, double detectable) {}

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

    /**
     * The paired comparison of a against b ({@code a[i]} and {@code b[i]} from the same seed), with
     * {@link #BOOTSTRAP_RESAMPLES} bootstrap resamples drawn from {@code new Rng(BOOTSTRAP_SEED)}.
     *
     * @return the comparison, or null with fewer than two pairs
     * @throws IllegalArgumentException when a and b differ in length
     */
    public static Paired paired(double[] a, double[] b) {
        return paired(a, b, BOOTSTRAP_RESAMPLES, new dev.regula.core.Rng(BOOTSTRAP_SEED));
    }

    /**
     * The paired comparison with {@code resamples} bootstrap resamples drawn from {@code rng}.
     *
     * @param a         one config's values, one per seed. Not modified.
     * @param b         the other config's values for the same seeds, in the same order. Not modified.
     * @param resamples the number of bootstrap resamples, &ge; 1
     * @param rng       the bootstrap's generator. Modified (it is drawn from).
     * @return the comparison, or null with fewer than two pairs
     */
    public static Paired paired(double[] a, double[] b, int resamples, dev.regula.core.Rng rng) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("Invalid paired samples: expected one value of each per seed, received "
                    + a.length + " and " + b.length + " values");
        }
        int n = a.length;
        if (n < 2) {
            return null;
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = a[i] - b[i];                                // dᵢ = aᵢ − bᵢ
        }
        double mean = mean(d);
        double sd = std(d);
        double se = sd / Math.sqrt(n);                         // SE = s_d / √n
        double df = n - 1;
        double t = se == 0 ? Double.NaN : mean / se;
        double p = se == 0 ? Double.NaN : twoSidedP(t, df);
        double t975 = tQuantile(0.975, df);
        double[] boot = bootstrapPercentiles(d, resamples, rng, 0.025, 0.975);
        double detectable = (t975 + tQuantile(0.80, df)) * se;
        return new Paired(n, mean, sd, t, df, p, mean - t975 * se, mean + t975 * se, boot[0], boot[1], detectable);
    }

    /**
     * Percentiles of the bootstrap distribution of the mean of {@code d}: {@code resamples} times,
     * draw n values of d with replacement ({@link dev.regula.core.Rng#nextInt}, n draws per
     * resample) and take their mean; sort the B means; the q-percentile is the mean of rank
     * ⌊q·B⌋ (0-based) clamped to [0, B − 1], e.g. ranks 250 and 9,750 of 10,000 for q = 0.025 and
     * 0.975.
     *
     * @param d         the values. Not modified.
     * @param resamples B, &ge; 1
     * @param rng       the generator. Modified.
     * @param qs        the percentiles wanted, each in [0, 1]
     * @return one value per q
     */
    public static double[] bootstrapPercentiles(double[] d, int resamples, dev.regula.core.Rng rng, double... qs) {
        if (resamples < 1) {
            throw new IllegalArgumentException("Invalid value for resamples: expected an integer >= 1, received: " + resamples);
        }
        double[] means = bootstrapMeans(d, resamples, rng);
        java.util.Arrays.sort(means);
        double[] out = new double[qs.length];
        for (int i = 0; i < qs.length; i++) {
            int rank = (int) Math.floor(qs[i] * resamples);
            out[i] = means[Math.max(0, Math.min(resamples - 1, rank))];
        }
        return out;
    }

    /** The means of {@code resamples} resamples of d with replacement, in draw order. */
    static double[] bootstrapMeans(double[] d, int resamples, dev.regula.core.Rng rng) {
        int n = d.length;
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += d[rng.nextInt(n)];
            }
            means[r] = sum / n;
        }
        return means;
    }

    /**
     * The q-quantile of Student's t with {@code df} degrees of freedom, t such that P(T ≤ t) = q,
     * for 0 &lt; q &lt; 1: solved by bisection on P(T ≤ t) = 1 − p(t)/2 (t ≥ 0), p being
     * {@link #twoSidedP}, to the precision of a double; by symmetry for q &lt; 0.5.
     */
    public static double tQuantile(double q, double df) {
        if (!(q > 0 && q < 1) || !(df > 0)) {
            throw new IllegalArgumentException("Invalid t quantile: expected 0 < q < 1 and df > 0, received q=" + q
                    + ", df=" + df);
        }
        if (q < 0.5) {
            return -tQuantile(1 - q, df);
        }
        double target = 2 * (1 - q);                           // the two-sided p at the quantile
        double lo = 0;
        double hi = 1;
        while (twoSidedP(hi, df) > target) {
            lo = hi;
            hi *= 2;
        }
        for (int i = 0; i < 200 && hi - lo > Math.ulp(hi); i++) {
            double mid = 0.5 * (lo + hi);
            if (twoSidedP(mid, df) > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
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
