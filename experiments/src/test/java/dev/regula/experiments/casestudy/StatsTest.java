package dev.regula.experiments.casestudy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.Rng;

import org.junit.jupiter.api.Test;

/**
 * The statistics against values computed independently: SciPy 1.17
 * ({@code scipy.stats.ttest_ind(a, b, equal_var=False)}, {@code ttest_rel(a, b)} and its
 * {@code confidence_interval(0.95)}, {@code t.ppf(q, df)}), Student's t table, the closed forms
 * of the t distribution with 1 and 2 degrees of freedom, and bootstrap distributions enumerated
 * by hand.
 */
class StatsTest {

    @Test
    void meanAndSampleStandardDeviation() {
        double[] x = {2, 4, 4, 4, 5, 5, 7, 9};
        assertEquals(5.0, Stats.mean(x), 1e-15);
        assertEquals(Math.sqrt(32.0 / 7), Stats.std(x), 1e-15);   // Σ(x−x̄)² = 32, n − 1 = 7
        assertEquals(0.0, Stats.std(new double[] {0.97}));
    }

    @Test
    void welchMatchesScipyOnWikipediasExample() {
        double[] a = {27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4};
        double[] b = {27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4};
        Stats.Welch w = Stats.welch(a, b);
        assertEquals(-2.455356398286006, w.t(), 1e-12);
        assertEquals(0.021378001462866992, w.p(), 1e-9);
    }

    @Test
    void welchWithThreeSeedsPerSide() {
        // scipy: statistic −3.4743961448614873, pvalue 0.02548148148148217, df 4.0
        Stats.Welch w = Stats.welch(new double[] {0.974, 0.976, 0.973}, new double[] {0.979, 0.977, 0.980});
        assertEquals(-3.4743961448614873, w.t(), 1e-9);
        assertEquals(4.0, w.df(), 1e-9);
        assertEquals(0.02548148148148217, w.p(), 1e-9);
    }

    @Test
    void studentTableValues() {
        assertEquals(0.05, Stats.twoSidedP(2.776445, 4), 1e-6);     // t₀.₉₇₅ with 4 degrees of freedom
        assertEquals(0.05, Stats.twoSidedP(12.7062, 1), 1e-5);      // with 1 degree of freedom
        assertEquals(1.0, Stats.twoSidedP(0, 3), 1e-15);
    }

    @Test
    void noTestWithoutSpreadOrWithOneSeed() {
        assertNull(Stats.welch(new double[] {0.97}, new double[] {0.98, 0.99}));
        assertNull(Stats.welch(new double[] {0.97, 0.97}, new double[] {0.97, 0.97}));
    }

    @Test
    void tQuantilesMatchClosedFormsTablesAndScipy() {
        // ν = 2: t_q = (2q − 1) / √(2q(1 − q));  ν = 1 (Cauchy): t_q = tan(π(q − ½)).
        assertEquals(0.95 / Math.sqrt(2 * 0.975 * 0.025), Stats.tQuantile(0.975, 2), 1e-9);     // 4.302652729749464
        assertEquals(0.6 / Math.sqrt(2 * 0.8 * 0.2), Stats.tQuantile(0.80, 2), 1e-9);           // 1.0606601717798212
        assertEquals(Math.tan(Math.PI * 0.475), Stats.tQuantile(0.975, 1), 1e-8);               // 12.706204736174694
        assertEquals(2.7764451051977934, Stats.tQuantile(0.975, 4), 1e-9);                     // scipy t.ppf
        assertEquals(2.262157162798205, Stats.tQuantile(0.975, 9), 1e-9);
        assertEquals(0.8834038596855346, Stats.tQuantile(0.80, 9), 1e-9);
        assertEquals(2.0422724563012378, Stats.tQuantile(0.975, 30), 1e-9);
        assertEquals(-2.7764451051977934, Stats.tQuantile(0.025, 4), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Stats.tQuantile(1.0, 3));
        assertThrows(IllegalArgumentException.class, () -> Stats.tQuantile(0.5, 0));
    }

    @Test
    void pairedTestOfThreeSeedsByHandAndScipy() {
        // d = (0.003, 0.003, 0.001): d̄ = 0.007/3, s_d = √(1.3333e-6) = 0.0011547, SE = s_d/√3, t = 3.5 exactly.
        // With ν = 2 the two-sided p has a closed form, 1 − t/√(2 + t²) = 0.0728273500544694 (scipy ttest_rel: same).
        Stats.Paired p = Stats.paired(new double[] {0.975, 0.978, 0.974}, new double[] {0.972, 0.975, 0.973});
        assertEquals(3, p.n());
        assertEquals(0.007 / 3, p.meanDiff(), 1e-15);
        assertEquals(Math.sqrt(4e-6 / 3), p.sdDiff(), 1e-15);
        assertEquals(3.5, p.t(), 1e-9);
        assertEquals(2, p.df());
        assertEquals(1 - 3.5 / Math.sqrt(2 + 3.5 * 3.5), p.p(), 1e-12);
        assertEquals(-0.0005351018198329754, p.tLow(), 1e-12);          // scipy confidence_interval(0.95)
        assertEquals(0.005201768486499646, p.tHigh(), 1e-12);
        // δ₈₀ = (t_{0.975,2} + t_{0.80,2}) · SE
        double se = Math.sqrt(4e-6 / 3) / Math.sqrt(3);
        assertEquals((0.95 / Math.sqrt(0.04875) + 0.6 / Math.sqrt(0.32)) * se, p.detectable(), 1e-12);
        // The bootstrap of three differences: every resample mean lies between the smallest and largest difference.
        assertTrue(p.bootLow() >= 0.001 - 1e-15 && p.bootHigh() <= 0.003 + 1e-15, p.toString());
    }

    @Test
    void pairedTestOfEightSeedsMatchesScipy() {
        double[] a = {97.9, 98.1, 97.6, 98.3, 97.8, 98.0, 98.2, 97.7};
        double[] b = {97.5, 97.9, 97.6, 97.8, 97.4, 97.9, 97.7, 97.6};
        Stats.Paired p = Stats.paired(a, b);
        assertEquals(3.924283374069697, p.t(), 1e-9);
        assertEquals(7, p.df());
        assertEquals(0.005717491802540628, p.p(), 1e-10);
        assertEquals(0.10929543506343414, p.tLow(), 1e-9);
        assertEquals(0.440704564936563, p.tHigh(), 1e-9);
    }

    @Test
    void bootstrapOfTwoDifferencesByHand() {
        // d = (0, 1): a resample of 2 is (0,0), (0,1), (1,0) or (1,1), each with probability 1/4, so its
        // mean is 0, ½ or 1 with probabilities ¼, ½, ¼: the 2.5 % percentile is 0, the median ½, the 97.5 % 1.
        double[] means = Stats.bootstrapMeans(new double[] {0, 1}, 40_000, new Rng(3));
        int[] counts = new int[3];
        for (double m : means) {
            counts[(int) Math.round(2 * m)]++;
        }
        // Binomial SDs: √(40000·¼·¾) ≈ 87 and √(40000·½·½) = 100; allow 5 SDs.
        assertEquals(10_000, counts[0], 435);
        assertEquals(20_000, counts[1], 500);
        assertEquals(10_000, counts[2], 435);
        double[] q = Stats.bootstrapPercentiles(new double[] {0, 1}, 40_000, new Rng(3), 0.025, 0.5, 0.975);
        assertEquals(0.0, q[0]);
        assertEquals(0.5, q[1]);
        assertEquals(1.0, q[2]);
    }

    @Test
    void bootstrapOfThreeDifferencesByHand() {
        // d = (0, 1, 2): the 27 equally likely resamples have sums 0..6 with counts 1, 3, 6, 7, 6, 3, 1,
        // so P(mean = 0) = P(mean = 2) = 1/27 ≈ 3.7 % > 2.5 %: the 95 % percentile interval is [0, 2],
        // and the mean is 1 with probability 7/27.
        double[] means = Stats.bootstrapMeans(new double[] {0, 1, 2}, 27_000, new Rng(4));
        int ones = 0;
        for (double m : means) {
            if (Math.abs(m - 1) < 1e-12) {
                ones++;
            }
        }
        assertEquals(7_000, ones, 5 * Math.sqrt(27_000 * (7 / 27.0) * (20 / 27.0)));
        double[] q = Stats.bootstrapPercentiles(new double[] {0, 1, 2}, Stats.BOOTSTRAP_RESAMPLES, new Rng(4), 0.025, 0.975);
        assertEquals(0.0, q[0]);
        assertEquals(2.0, q[1]);
    }

    @Test
    void pairedEdgeCases() {
        assertNull(Stats.paired(new double[] {0.97}, new double[] {0.96}));
        // Every difference the same: no spread, so no t-test, and both intervals shrink to the difference.
        Stats.Paired same = Stats.paired(new double[] {0.75, 0.5}, new double[] {0.5, 0.25});
        assertEquals(0.25, same.meanDiff());
        assertTrue(Double.isNaN(same.t()) && Double.isNaN(same.p()), same.toString());
        assertEquals(same.meanDiff(), same.tLow(), 1e-15);
        assertEquals(same.meanDiff(), same.bootLow(), 1e-15);
        assertEquals(same.meanDiff(), same.bootHigh(), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Stats.paired(new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("received 2 and 1 values"), e.getMessage());
    }
}
