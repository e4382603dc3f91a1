package dev.regula.bench;

import dev.regula.core.DType;
import dev.regula.core.gemm.TwoThreads;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Bytes allocated and time per training step of a case-study preset, against the baseline's in
 * the same JVM: for the JIT's failures to keep vectors in registers (on JDK 17 they box vectors,
 * and every boxed store allocates), which differ from one JVM to the next. Run it in several
 * fresh JVMs; {@code regula bench} reports the bytes for the baseline's step only.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -XX:+UseParallelGC -cp bench/target/benchmarks.jar \
 *     dev.regula.bench.StepAllocation batchnorm F32
 * </pre>
 *
 * <p>It trains both models {@value #WARMUP_STEPS} steps in turn (the JIT compiles them as
 * training does), then {@value #ROUNDS} rounds of {@value #STEPS} steps of each, and prints one
 * line: the fastest round's milliseconds per step of the preset and of the baseline, their ratio,
 * and the bytes per step of the last round on the calling thread and on the GEMM's helper thread
 * (which runs half of the two-thread passes). Exit code 2 for bad arguments, with one line saying
 * which.
 */
public final class StepAllocation {
    static final int WARMUP_STEPS = 3000;
    static final int ROUNDS = 10;
    static final int STEPS = 100;

    private StepAllocation() {}

    public static void main(String[] args) {
        String result;
        try {
            result = measure(args, WARMUP_STEPS, ROUNDS, STEPS);
        } catch (IllegalArgumentException e) {
            System.err.println("StepAllocation: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println(result);
    }

    /** Measures as {@link #main} does, with other step counts (tests use fewer). */
    static String measure(String[] args, int warmupSteps, int rounds, int steps) {
        if (args.length != 2) {
            throw new IllegalArgumentException("expected 2 arguments, PRESET DTYPE (say: batchnorm F32), received "
                    + args.length);
        }
        String preset = args[0];
        DType dtype = DType.parse(args[1]);
        TrainingStepProblem p = new TrainingStepProblem(preset, dtype, 128, 128);
        TrainingStepProblem baseline = new TrainingStepProblem("baseline", dtype, 128, 128);
        for (int i = 0; i < warmupSteps; i++) {
            p.step();
            baseline.step();
        }
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        bean.setThreadAllocatedMemoryEnabled(true);
        long me = Thread.currentThread().getId();
        long helper = helperThreadId();
        double fastest = Double.MAX_VALUE, fastestBaseline = Double.MAX_VALUE;
        long bytes = 0, helperBytes = 0;
        for (int r = 0; r < rounds; r++) {
            long b0 = bean.getThreadAllocatedBytes(me);
            long h0 = helper < 0 ? 0 : bean.getThreadAllocatedBytes(helper);
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                p.step();
            }
            long t1 = System.nanoTime();
            bytes = (bean.getThreadAllocatedBytes(me) - b0) / steps;
            helperBytes = helper < 0 ? 0 : (bean.getThreadAllocatedBytes(helper) - h0) / steps;
            for (int i = 0; i < steps; i++) {
                baseline.step();
            }
            long t2 = System.nanoTime();
            fastest = Math.min(fastest, (t1 - t0) * 1e-6 / steps);
            fastestBaseline = Math.min(fastestBaseline, (t2 - t1) * 1e-6 / steps);
        }
        return String.format(Locale.ROOT, "%s %s: %.2f ms per step, baseline %.2f (ratio %.3f); %d bytes per step"
                        + " on the calling thread, %d on the GEMM helper; Java %s",
                preset, dtype, fastest, fastestBaseline, fastest / fastestBaseline, bytes, helperBytes,
                System.getProperty("java.vm.version"));
    }

    /** The id of the GEMM's helper thread, or −1 when it has not started (one thread). */
    private static long helperThreadId() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(TwoThreads.HELPER_THREAD_NAME)) {
                return t.getId();
            }
        }
        return -1;
    }
}
