package dev.regula.bench;

import java.util.Arrays;

/**
 * Plain timed loops for quick rates without JMH ({@link GemmRates}, {@link QuickBench}): run a
 * workload for a warm-up, then count its calls in timed windows and take the median window.
 * JMH is the careful measurement; this gives figures in seconds.
 */
final class Timing {
    private Timing() {}

    /** Something to time: one call does a fixed amount of work and returns it (flops, images, ...). */
    @FunctionalInterface
    interface Workload {
        double run();
    }

    /**
     * Work per second of {@code workload}: the median of 5 windows that together last
     * {@code seconds}, after at least {@code warmup} seconds, continued (up to 5 s) while the rate
     * still rises by more than 3 % from one quarter second to the next, which is the JIT still
     * compiling. The median, because on a shared 2-core machine a window now and then loses its
     * second core.
     */
    static double rate(Workload workload, double warmup, double seconds) {
        runFor(workload, warmup);
        double last = windowRate(workload, 0.25);
        for (int i = 0; i < 20; i++) {
            double next = windowRate(workload, 0.25);
            if (next < last * 1.03) {
                break;
            }
            last = next;
        }
        double[] windows = new double[5];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = windowRate(workload, seconds / windows.length);
        }
        Arrays.sort(windows);
        return windows[windows.length / 2];
    }

    private static double windowRate(Workload workload, double seconds) {
        long start = System.nanoTime();
        double work = runFor(workload, seconds);
        return work / ((System.nanoTime() - start) * 1e-9);
    }

    /** Calls the workload until {@code seconds} have passed (at least once); returns the work done. */
    static double runFor(Workload workload, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        double work = 0;
        do {
            work += workload.run();
        } while (System.nanoTime() < end);
        return work;
    }
}
