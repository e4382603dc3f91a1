package dev.regula.experiments.casestudy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * The statistics against values computed independently: SciPy 1.17
 * {@code scipy.stats.ttest_ind(a, b, equal_var=False)} and Student's t table.
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
}
