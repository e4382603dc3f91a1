package dev.regula.bench;

import dev.regula.core.DType;
import dev.regula.core.gemm.Gemm;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code regula bench}: the JMH suite's benchmarks as one quick table (about a minute), without
 * JMH. Each row is timed by {@link Timing#rate}: a warm-up, then the median of 5 windows. The
 * GEMM-bound rows (GEMM, Dense, the training step) also give their share of the machine's peak,
 * measured in the same run: the best rate of the two-thread vector GEMM on 1024×1024×1024 F32,
 * timed at the start and again at the end (the better of the two is the peak, so that a moment
 * of load on this shared machine does not lower it).
 *
 * <p>The last line is the bytes the calling thread allocates per training step in steady state,
 * from {@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}: the fewest over
 * {@value #ALLOCATION_WINDOWS} windows of {@value #ALLOCATION_STEPS} steps, after the timing (so
 * after warm-up; the fewest, so that a late JIT recompilation does not count). The GEMM's helper
 * thread allocates nothing in steady state (its buffers grow to the largest shape once), so the
 * calling thread's figure is the step's.
 *
 * <p>The rows and what one unit of work is:
 * <ul>
 *   <li>GEMM m×k×n, op(A)·op(B) = A·B: 2·m·n·k flops; kernels naive, ejml, vector1 (one thread)
 *       and vector (two threads), see {@link GemmProblem};</li>
 *   <li>Dense forward and forward + backward, see {@link LayerProblem} for the flop count;</li>
 *   <li>training step of the baseline MLP, batch 128: 128 images, and 7.598 MFLOP per image
 *       ({@link TrainingStepProblem});</li>
 *   <li>softmax cross-entropy 128×10: 128 images; ReLU, dropout and batch norm on 128×500:
 *       10⁹ elements (Gelem).</li>
 * </ul>
 * Usage (the {@code regula bench} command passes the same options):
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.regula.bench.QuickBench \
 *      [--quick | --full] [--seconds S] [--warmup S]
 * </pre>
 * {@code --quick} (the default) times F32 rows for 1 s each after a 1 s warm-up, plus the F64
 * training step; {@code --full} adds the F64 rows and times 2 s after a 1 s warm-up. The training
 * steps are first run {@value #WARMUP_STEPS} times (a step takes milliseconds, and the JIT needs
 * that many to compile it).
 */
public final class QuickBench {
    static final int WARMUP_STEPS = 500;
    static final int ALLOCATION_STEPS = 100;
    static final int ALLOCATION_WINDOWS = 5;
    static final String PEAK_SHAPE = "1024x1024x1024";

    /** How long to time each row (seconds), and whether to add the F64 rows. */
    public record Options(double warmup, double seconds, boolean f64Rows) {
        public static Options quick() {
            return new Options(1.0, 1.0, false);
        }

        public static Options full() {
            return new Options(1.0, 2.0, true);
        }
    }

    /** A row of the table. */
    private record Row(String name, double rate, String unit, double gflops) {}

    private final Options options;
    private final PrintStream out;
    private final List<Row> rows = new ArrayList<>();

    private QuickBench(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        Options o = Options.quick();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick": o = Options.quick(); break;
                case "--full": o = Options.full(); break;
                case "--seconds": o = new Options(o.warmup(), Double.parseDouble(args[++i]), o.f64Rows()); break;
                case "--warmup": o = new Options(Double.parseDouble(args[++i]), o.seconds(), o.f64Rows()); break;
                default:
                    System.err.println("Unknown option " + args[i] + "; see the javadoc of QuickBench");
                    System.exit(2);
            }
        }
        run(o, System.out);
    }

    /** Times every row and prints the table to {@code out}. */
    public static void run(Options options, PrintStream out) {
        new QuickBench(options, out).run();
    }

    private void run() {
        if (!Gemm.isVectorAvailable()) {
            throw new IllegalStateException("regula bench needs the jdk.incubator.vector module:"
                    + " run java with --add-modules jdk.incubator.vector (the ./regula launcher does)");
        }
        long start = System.nanoTime();
        out.printf(Locale.ROOT, "regula bench (%s): %d processors, Java %s, load average %.2f%n",
                options.f64Rows() ? "full" : "quick", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"), loadAverage());
        out.println("timing ...");
        out.flush();
        double peakBefore = gemmRate("vector", PEAK_SHAPE, "F32");

        for (String shape : List.of("128x784x500", "128x500x500")) {
            for (String kernel : List.of("naive", "ejml", "vector1", "vector")) {
                addGemm(kernel, shape, "F32");
            }
            if (options.f64Rows()) {
                addGemm("vector", shape, "F64");
            }
        }
        for (DType dtype : dtypes()) {
            for (String layer : List.of("dense-first", "dense-hidden")) {
                LayerProblem p = new LayerProblem(layer, dtype, 128, 42);
                String shape = layer.equals("dense-first") ? "Dense(784→500)" : "Dense(500→500)";
                addFlops(shape + " forward " + dtype, p::forward, p.forwardFlops);
                addFlops(shape + " fwd+bwd" + (layer.equals("dense-first") ? " (no dX)" : "") + " " + dtype,
                        p::forwardBackward, p.forwardFlops + p.backwardFlops);
            }
        }
        TrainingStepProblem stepF32 = null;
        double imagesF32 = 0;
        for (DType dtype : List.of(DType.F32, DType.F64)) {
            TrainingStepProblem p = new TrainingStepProblem("baseline", dtype, 128, 128);
            for (int i = 0; i < WARMUP_STEPS; i++) {   // a step is long: warm up by count, so the JIT has compiled it
                p.step();
            }
            double images = Timing.rate(() -> { p.step(); return p.batch; }, options.warmup(), options.seconds());
            rows.add(new Row("training step, baseline MLP, batch 128 " + dtype, images, "images/s",
                    images * p.flops / p.batch * 1e-9));
            if (dtype == DType.F32) {
                stepF32 = p;
                imagesF32 = images;
            }
        }
        for (DType dtype : dtypes()) {
            LossProblem loss = new LossProblem(dtype, 128, 10, 42);
            add("softmax cross-entropy 128×10 fwd+bwd " + dtype,
                    Timing.rate(() -> { loss.forwardBackward(); return loss.m; }, options.warmup(), options.seconds()),
                    "images/s");
            LayerProblem relu = new LayerProblem("relu", dtype, 128, 42);
            addElements("ReLU forward 128×500 " + dtype, relu::forward, relu.elements());
            addElements("ReLU backward 128×500 " + dtype, relu::backward, relu.elements());
            LayerProblem dropout = new LayerProblem("dropout", dtype, 128, 42);
            addElements("dropout forward 128×500 " + dtype, dropout::forward, dropout.elements());
            addElements("dropout backward 128×500 " + dtype, dropout::backward, dropout.elements());
            LayerProblem batchNorm = new LayerProblem("batchnorm", dtype, 128, 42);
            addElements("batch norm fwd+bwd 128×500 " + dtype, batchNorm::forwardBackward, batchNorm.elements());
        }
        double peakAfter = gemmRate("vector", PEAK_SHAPE, "F32");
        long bytesPerStep = allocatedPerStep(stepF32);

        double peak = Math.max(peakBefore, peakAfter);
        out.printf(Locale.ROOT, "peak: vector GEMM %s F32, 2 threads: %.1f GFLOP/s (%.1f at the start, %.1f at the end)%n",
                PEAK_SHAPE, peak, peakBefore, peakAfter);
        out.printf(Locale.ROOT, "%-52s %12s %-9s %9s %7s%n", "benchmark", "rate", "unit", "GFLOP/s", "% peak");
        for (Row r : rows) {
            String flops = Double.isNaN(r.gflops) ? "" : String.format(Locale.ROOT, "%9.1f", r.gflops);
            String share = Double.isNaN(r.gflops) ? "" : String.format(Locale.ROOT, "%6.1f%%", 100 * r.gflops / peak);
            out.printf(Locale.ROOT, "%-52s %12s %-9s %9s %7s%n", r.name, format(r.rate), r.unit, flops, share);
        }
        out.printf(Locale.ROOT, "training alone at that rate: %.2f s per epoch of 42,000 images (F32; validation not included)%n",
                42_000 / imagesF32);
        out.println(bytesPerStep < 0 ? "bytes allocated per training step: not measurable (the JVM's ThreadMXBean"
                + " does not report allocation)"
                : String.format(Locale.ROOT, "bytes allocated per training step (F32, steady state, calling thread,"
                        + " the fewest of %d windows of %d steps): %d", ALLOCATION_WINDOWS, ALLOCATION_STEPS, bytesPerStep));
        out.printf(Locale.ROOT, "(%.0f s; load average %.2f at the end: other processes lower the rates,"
                + " compare rows within one run)%n", (System.nanoTime() - start) / 1e9, loadAverage());
    }

    /** Three significant digits or more: 0.264, 19.3, 29,039. */
    private static String format(double rate) {
        return String.format(Locale.ROOT, rate < 10 ? "%.3f" : rate < 1000 ? "%.1f" : "%,.0f", rate);
    }

    private List<DType> dtypes() {
        return options.f64Rows() ? List.of(DType.F32, DType.F64) : List.of(DType.F32);
    }

    private double gemmRate(String kernel, String shape, String dtype) {
        return GemmRates.rate(new GemmProblem(kernel, shape, "NN", dtype, 42), options.warmup(), options.seconds());
    }

    private void addGemm(String kernel, String shape, String dtype) {
        double gflops = gemmRate(kernel, shape, dtype);
        rows.add(new Row("GEMM " + shape.replace('x', '×') + " A·B " + dtype + " " + kernel, gflops, "GFLOP/s", gflops));
    }

    private void addFlops(String name, Runnable call, long flops) {
        double gflops = Timing.rate(() -> { call.run(); return flops; }, options.warmup(), options.seconds()) * 1e-9;
        rows.add(new Row(name, gflops, "GFLOP/s", gflops));
    }

    private void addElements(String name, Runnable call, long elements) {
        add(name, Timing.rate(() -> { call.run(); return elements; }, options.warmup(), options.seconds()) * 1e-9,
                "Gelem/s");
    }

    private void add(String name, double rate, String unit) {
        rows.add(new Row(name, rate, unit, Double.NaN));
    }

    /** The calling thread's bytes allocated per step, or −1 when the JVM cannot say. */
    static long allocatedPerStep(TrainingStepProblem problem) {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean)
                || !bean.isThreadAllocatedMemorySupported()) {
            return -1;
        }
        if (!bean.isThreadAllocatedMemoryEnabled()) {
            bean.setThreadAllocatedMemoryEnabled(true);
        }
        long id = Thread.currentThread().getId();
        long fewest = Long.MAX_VALUE;
        for (int w = 0; w < ALLOCATION_WINDOWS; w++) {
            long before = bean.getThreadAllocatedBytes(id);
            for (int i = 0; i < ALLOCATION_STEPS; i++) {
                problem.step();
            }
            fewest = Math.min(fewest, bean.getThreadAllocatedBytes(id) - before);
        }
        return Math.round(fewest / (double) ALLOCATION_STEPS);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
