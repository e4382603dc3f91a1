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

    /** A warm-up window lasts at least this long... */
    static final double WARMUP_WINDOW_SECONDS = 0.25;
    /** ... and holds at least this many calls, so that one slow call is not a window. */
    static final int WARMUP_WINDOW_CALLS = 10;
    /** The warm-up ends when a window is no more than this much faster than the one before. */
    static final double STILL_RISING = 1.03;
    /** The warm-up gives up waiting for the JIT after this long (the rate is then still timed). */
    static final double MAX_WARMUP_SECONDS = 60;

    /**
     * Work per second of {@code workload}: the median of 5 windows that together last
     * {@code seconds}, after a warm-up. The warm-up runs at least {@code warmup} seconds, then
     * windows of at least {@value #WARMUP_WINDOW_SECONDS} s and {@value #WARMUP_WINDOW_CALLS} calls
     * each, for as long as a window is more than 3 % faster than the one before: that is the JIT
     * still compiling, or while the JIT has compiled anything during the window (its total
     * compilation time moved; up to {@value #MAX_WARMUP_SECONDS} s in all;
     * {@code -Dregula.bench.debug=true} prints each window). Counting calls matters for the
     * Vector API kernels: until C2 has compiled them they run the API's Java fallback, hundreds of
     * times slower, so that a window of a quarter second held one call or none, and a batch-norm
     * row was once timed at 0.0003 Gelem/s, all of it before compilation. The median, because on
     * a shared 2-core machine a window now and then loses its second core.
     */
    static double rate(Workload workload, double warmup, double seconds) {
        long start = System.nanoTime();
        runFor(workload, warmup);
        double last = warmupWindowRate(workload);
        while ((System.nanoTime() - start) * 1e-9 < MAX_WARMUP_SECONDS) {
            long compiling = compilationMillis();
            double next = warmupWindowRate(workload);
            boolean jitIdle = compilationMillis() == compiling;
            if (Boolean.getBoolean("regula.bench.debug")) {
                System.err.printf("warm-up window: %.4g/s, JIT %s%n", next, jitIdle ? "idle" : "compiling");
            }
            if (jitIdle && next < last * STILL_RISING) {
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

    /** The rate over at least {@value #WARMUP_WINDOW_SECONDS} s and {@value #WARMUP_WINDOW_CALLS} calls. */
    private static double warmupWindowRate(Workload workload) {
        long start = System.nanoTime();
        long end = start + (long) (WARMUP_WINDOW_SECONDS * 1e9);
        double work = 0;
        int calls = 0;
        do {
            work += workload.run();
            calls++;
        } while (calls < WARMUP_WINDOW_CALLS || System.nanoTime() < end);
        return work / ((System.nanoTime() - start) * 1e-9);
    }

    /** The JIT's total compilation time so far (ms), or −1 when the JVM does not say. */
    private static long compilationMillis() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
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
