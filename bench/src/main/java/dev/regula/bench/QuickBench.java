package dev.regula.bench;

import dev.regula.core.DType;
import dev.regula.core.gemm.Gemm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code regula bench}: the JMH suite's benchmarks as one quick table, without JMH. Every row is
 * timed in a JVM of its own, as JMH forks: a row's rate does not depend on the rows that ran
 * before it or on their order (on JDK 17 a method's call-site profile, polluted by another dtype
 * or another layer, once made the F64 training step 7× slower than it is alone). Each row is run
 * in {@code forks} fresh JVMs (default {@value #DEFAULT_FORKS}), one after the other for all rows
 * and then again, so that a slow moment of this shared machine touches one repetition of many rows
 * rather than every repetition of one; the table gives the median over the forks and the spread
 * (half the range min–max, as ± % of the median). Within a fork, a row is timed by
 * {@link Timing#rate}: a warm-up, then the median of 5 windows.
 *
 * <p>A fork is the same java command as this one ({@code ProcessHandle}'s command, this JVM's
 * input arguments, such as {@code --add-modules jdk.incubator.vector} and the heap settings, and
 * its class path), with the main class {@code QuickBench --fork ROW}; it prints one line
 * {@code RESULT <rate> <GFLOP/s>} (and, for the F32 training step, {@code ALLOCATED <bytes>} and
 * one {@code PART <name>=<ms>} line per part of the step, {@link TrainingStepProblem#timedStep},
 * for the step breakdown).
 *
 * <p>The GEMM-bound rows (GEMM, Dense, the training step) also give their share of the machine's
 * peak, measured in the same run: the two-thread vector GEMM on 1024×1024×1024 F32, in a fork of
 * its own at the start of every round; the peak is the median over the rounds. The memory
 * bandwidth row is STREAM's triad ({@link MemoryBandwidth}), the roofline's other roof.
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
 *   <li>softmax cross-entropy 128×10: 128 images; ReLU, dropout, batch norm and Gaussian noise on 128×500:
 *       10⁹ elements (Gelem);</li>
 *   <li>memory bandwidth: GB/s of the triad.</li>
 * </ul>
 * {@code --plot DIR} also writes the roofline and the step breakdown ({@link BenchCharts}).
 * Usage (the {@code regula bench} command passes the same options):
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.regula.bench.QuickBench \
 *      [--quick | --full] [--seconds S] [--warmup S] [--forks N] [--plot DIR]
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
    /** Steps timed part by part for the step breakdown ({@link TrainingStepProblem#timedStep}). */
    static final int PART_STEPS = 200;
    public static final int DEFAULT_FORKS = 3;
    static final String PEAK_SHAPE = "1024x1024x1024";
    static final String PEAK = "peak";
    static final String STEP_F32 = "training step, baseline MLP, batch 128 F32";

    /** How long to time each row (seconds), whether to add the F64 rows, forks per row, where to plot. */
    public record Options(double warmup, double seconds, boolean f64Rows, int forks, Path plotDir) {
        public static Options quick() {
            return new Options(1.0, 1.0, false, DEFAULT_FORKS, null);
        }

        public static Options full() {
            return new Options(1.0, 2.0, true, DEFAULT_FORKS, null);
        }

        public Options withForks(int n) {
            return new Options(warmup, seconds, f64Rows, n, plotDir);
        }

        public Options withPlotDir(Path dir) {
            return new Options(warmup, seconds, f64Rows, forks, dir);
        }
    }

    /** What one call of a row's workload costs: flops and bytes moved (for the roofline), or NaN. */
    record Cost(double flops, double bytes) {
        static final Cost NONE = new Cost(Double.NaN, Double.NaN);

        double intensity() {
            return flops / bytes;
        }
    }

    /** Measures a row in the current JVM: {rate, GFLOP/s or NaN}. */
    @FunctionalInterface
    interface Measure {
        double[] run(Options options, PrintStream out);
    }

    /** A row of the table, how to measure it, and its cost per unit of its rate. */
    record Spec(String name, String unit, boolean gemmBound, Cost costPerUnit, Measure measure) {}

    /** A measured row: the fork's rates and GFLOP/s. */
    record Row(Spec spec, double[] rates, double[] gflops) {
        double rate() {
            return median(rates);
        }

        double gflop() {
            return median(gflops);
        }

        double spread() {
            double[] s = rates.clone();
            Arrays.sort(s);
            return (s[s.length - 1] - s[0]) / 2 / median(s);
        }
    }

    private QuickBench() {}

    public static void main(String[] args) {
        Options o = Options.quick();
        String fork = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick": o = Options.quick(); break;
                case "--full": o = Options.full(); break;
                case "--seconds": o = new Options(o.warmup(), Double.parseDouble(args[++i]), o.f64Rows(), o.forks(), o.plotDir()); break;
                case "--warmup": o = new Options(Double.parseDouble(args[++i]), o.seconds(), o.f64Rows(), o.forks(), o.plotDir()); break;
                case "--forks": o = o.withForks(Integer.parseInt(args[++i])); break;
                case "--plot": o = o.withPlotDir(Path.of(args[++i])); break;
                case "--fork": fork = args[++i]; break;
                default:
                    System.err.println("Unknown option " + args[i] + "; see the javadoc of QuickBench");
                    System.exit(2);
            }
        }
        if (fork != null) {
            runFork(o, fork, System.out);
        } else {
            run(o, System.out);
        }
    }

    /** Every row, in table order (the peak is not a row: it is printed above the table). */
    static Map<String, Spec> specs(Options options) {
        Map<String, Spec> specs = new LinkedHashMap<>();
        put(specs, new Spec(PEAK, "GFLOP/s", false, Cost.NONE,
                (o, out) -> gemm("vector", PEAK_SHAPE, "F32", o)));
        for (String shape : List.of("128x784x500", "128x500x500")) {
            List<String> kernels = new ArrayList<>(List.of("naive", "ejml", "vector1", "vector"));
            for (String kernel : kernels) {
                put(specs, gemmSpec(kernel, shape, "F32"));
            }
            if (options.f64Rows()) {
                put(specs, gemmSpec("vector", shape, "F64"));
            }
        }
        for (DType dtype : dtypes(options)) {
            for (String layer : List.of("dense-first", "dense-hidden")) {
                String shape = layer.equals("dense-first") ? "Dense(784→500)" : "Dense(500→500)";
                int nIn = layer.equals("dense-first") ? 784 : 500;
                double s = dtype == DType.F32 ? 4 : 8;
                double fwdBytes = s * (128.0 * nIn + (double) nIn * 500 + 128.0 * 500 + 500);
                double bwdBytes = s * (128.0 * nIn + 128.0 * 500 + (double) nIn * 500)
                        * (layer.equals("dense-first") ? 1 : 2);
                double fwdFlops = 2.0 * 128 * nIn * 500;
                double bwdFlops = (layer.equals("dense-first") ? 2.0 : 4.0) * 128 * nIn * 500;
                put(specs, new Spec(shape + " forward " + dtype, "GFLOP/s", true,
                        new Cost(1, fwdBytes / fwdFlops),
                        (o, out) -> flops(new LayerProblem(layer, dtype, 128, 42), true, o)));
                put(specs, new Spec(shape + " fwd+bwd" + (layer.equals("dense-first") ? " (no dX)" : "") + " " + dtype,
                        "GFLOP/s", true, new Cost(1, (fwdBytes + bwdBytes) / (fwdFlops + bwdFlops)),
                        (o, out) -> flops(new LayerProblem(layer, dtype, 128, 42), false, o)));
            }
        }
        for (DType dtype : List.of(DType.F32, DType.F64)) {
            String name = "training step, baseline MLP, batch 128 " + dtype;
            put(specs, new Spec(name, "images/s", true, stepCostPerImage(dtype),
                    (o, out) -> step(dtype, dtype == DType.F32, o, out)));
        }
        for (DType dtype : dtypes(options)) {
            double s = dtype == DType.F32 ? 4 : 8;
            // per image: 10 logits and 10 targets read, 10 gradients written; ≈ 6 flops per logit
            put(specs, new Spec("softmax cross-entropy 128×10 fwd+bwd " + dtype, "images/s", false,
                    new Cost(60, 30 * s), (o, out) -> loss(dtype, o)));
            // per element: flops and bytes of the pass as written (read x, write y; backward reads
            // the cached input or mask and dY, writes dX); batch norm ≈ 16 flops, 8 passes over memory
            put(specs, elementSpec("ReLU forward 128×500 " + dtype, "relu", dtype, true, new Cost(1, 2 * s)));
            put(specs, elementSpec("ReLU backward 128×500 " + dtype, "relu", dtype, false, new Cost(1, 3 * s)));
            put(specs, elementSpec("dropout forward 128×500 " + dtype, "dropout", dtype, true, new Cost(1, 3 * s)));
            put(specs, elementSpec("dropout backward 128×500 " + dtype, "dropout", dtype, false, new Cost(1, 3 * s)));
            put(specs, elementSpec("batch norm fwd+bwd 128×500 " + dtype, "batchnorm", dtype, null, new Cost(16, 8 * s)));
            // Gaussian noise: ≈ 40 flops per element (half a Box-Muller pair: two SplitMix64 outputs, a
            // logarithm, a square root, a sine or cosine); reads x, writes y and the noise, and the
            // standard normals (doubles) once each way
            put(specs, elementSpec("Gaussian noise forward 128×500 " + dtype, "noise", dtype, true, new Cost(40, 3 * s + 16)));
        }
        put(specs, new Spec("memory bandwidth, triad 3×64 MiB, 2 threads", "GB/s", false, Cost.NONE, (o, out) -> {
            MemoryBandwidth triad = new MemoryBandwidth();
            return new double[] {Timing.rate(triad::triad, o.warmup(), o.seconds()) * 1e-9, Double.NaN};
        }));
        return specs;
    }

    private static void put(Map<String, Spec> specs, Spec spec) {
        specs.put(spec.name(), spec);
    }

    private static Spec gemmSpec(String kernel, String shape, String dtype) {
        int[] mkn = Arrays.stream(shape.split("x")).mapToInt(Integer::parseInt).toArray();
        double s = dtype.equals("F32") ? 4 : 8;
        double bytes = s * ((double) mkn[0] * mkn[1] + (double) mkn[1] * mkn[2] + (double) mkn[0] * mkn[2]);
        return new Spec("GEMM " + shape.replace('x', '×') + " A·B " + dtype + " " + kernel, "GFLOP/s", true,
                new Cost(1, bytes / (2.0 * mkn[0] * mkn[1] * mkn[2])), (o, out) -> gemm(kernel, shape, dtype, o));
    }

    /** The GEMMs' minimal traffic per image of a training step: every Dense layer's operands once per product. */
    private static Cost stepCostPerImage(DType dtype) {
        double s = dtype == DType.F32 ? 4 : 8;
        int[] widths = {784, 500, 500, 500, 500, 500, 10};
        double flops = 0;
        double bytes = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            double m = 128, k = widths[l], n = widths[l + 1];
            int products = l == 0 ? 2 : 3;   // forward, dW, and dX after the first layer
            flops += products * 2 * m * k * n;
            bytes += products * s * (m * k + k * n + m * n);
        }
        return new Cost(flops / 128, bytes / 128);
    }

    private static Spec elementSpec(String name, String layer, DType dtype, Boolean forward, Cost cost) {
        return new Spec(name, "Gelem/s", false, cost, (o, out) -> {
            LayerProblem p = new LayerProblem(layer, dtype, 128, 42);
            long elements = p.elements();
            Timing.Workload w = forward == null ? () -> { p.forwardBackward(); return elements; }
                    : forward ? () -> { p.forward(); return elements; } : () -> { p.backward(); return elements; };
            return new double[] {Timing.rate(w, o.warmup(), o.seconds()) * 1e-9, Double.NaN};
        });
    }

    private static double[] gemm(String kernel, String shape, String dtype, Options o) {
        double gflops = GemmRates.rate(new GemmProblem(kernel, shape, "NN", dtype, 42), o.warmup(), o.seconds());
        return new double[] {gflops, gflops};
    }

    private static double[] flops(LayerProblem p, boolean forwardOnly, Options o) {
        long flops = forwardOnly ? p.forwardFlops : p.forwardFlops + p.backwardFlops;
        Timing.Workload w = forwardOnly ? () -> { p.forward(); return flops; } : () -> { p.forwardBackward(); return flops; };
        double gflops = Timing.rate(w, o.warmup(), o.seconds()) * 1e-9;
        return new double[] {gflops, gflops};
    }

    private static double[] step(DType dtype, boolean allocation, Options o, PrintStream out) {
        TrainingStepProblem p = new TrainingStepProblem("baseline", dtype, 128, 128);
        for (int i = 0; i < WARMUP_STEPS; i++) {   // a step is long: warm up by count, so the JIT has compiled it
            p.step();
        }
        double images = Timing.rate(() -> { p.step(); return p.batch; }, o.warmup(), o.seconds());
        if (allocation) {
            out.println("ALLOCATED " + allocatedPerStep(p));
            long[] nanos = new long[p.parts().size()];
            for (int i = 0; i < PART_STEPS; i++) {
                p.timedStep(nanos);
            }
            for (int k = 0; k < nanos.length; k++) {
                out.printf(Locale.ROOT, "PART %s=%s%n", p.parts().get(k), Double.toString(nanos[k] * 1e-6 / PART_STEPS));
            }
        }
        return new double[] {images, images * p.flops / p.batch * 1e-9};
    }

    private static double[] loss(DType dtype, Options o) {
        LossProblem loss = new LossProblem(dtype, 128, 10, 42);
        return new double[] {Timing.rate(() -> { loss.forwardBackward(); return loss.m; }, o.warmup(), o.seconds()),
                Double.NaN};
    }

    /** In a forked JVM: measures one row and prints {@code RESULT rate gflops}. */
    static void runFork(Options options, String name, PrintStream out) {
        requireVector();
        Spec spec = specs(options).get(name);
        if (spec == null) {
            throw new IllegalArgumentException("Invalid row: expected one of " + specs(options).keySet()
                    + ", received: " + name);
        }
        double[] result = spec.measure().run(options, out);
        out.printf(Locale.ROOT, "RESULT %s %s%n", Double.toString(result[0]), Double.toString(result[1]));
        out.flush();
    }

    /** Times every row, each in its own JVMs, and prints the table to {@code out}. */
    public static void run(Options options, PrintStream out) {
        requireVector();
        if (options.forks() < 1 || options.forks() > 20) {
            throw new IllegalArgumentException("Invalid value for forks: expected 1 to 20, received: " + options.forks());
        }
        long start = System.nanoTime();
        Map<String, Spec> specs = specs(options);
        out.printf(Locale.ROOT, "regula bench (%s): %d processors, Java %s, load average %.2f; every row in %d fresh JVM(s)%n",
                options.f64Rows() ? "full" : "quick", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"), loadAverage(), options.forks());
        out.print("timing ");
        out.flush();
        Map<String, double[][]> results = new LinkedHashMap<>();
        for (String name : specs.keySet()) {
            results.put(name, new double[2][options.forks()]);
        }
        long[] allocated = new long[options.forks()];
        Map<String, double[]> parts = new LinkedHashMap<>();   // the F32 step's parts, ms per fork
        for (int f = 0; f < options.forks(); f++) {
            for (String name : specs.keySet()) {
                List<String> lines = fork(options, name);
                double[] r = parse(lines, name);
                results.get(name)[0][f] = r[0];
                results.get(name)[1][f] = r[1];
                if (name.equals(STEP_F32)) {
                    allocated[f] = lines.stream().filter(l -> l.startsWith("ALLOCATED ")).findFirst()
                            .map(l -> Long.parseLong(l.substring(10).trim())).orElse(-1L);
                    for (String l : lines) {
                        if (l.startsWith("PART ")) {
                            int eq = l.lastIndexOf('=');
                            parts.computeIfAbsent(l.substring(5, eq), k -> new double[options.forks()])[f] =
                                    Double.parseDouble(l.substring(eq + 1).trim());
                        }
                    }
                }
                out.print('.');
                out.flush();
            }
        }
        out.println();
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, double[][]> e : results.entrySet()) {
            rows.add(new Row(specs.get(e.getKey()), e.getValue()[0], e.getValue()[1]));
        }
        if (options.plotDir() != null) {
            out.println("wrote " + writeForks(options.plotDir(), rows));
        }
        Row peakRow = rows.remove(0);
        double peak = peakRow.rate();
        double[] peaks = peakRow.rates().clone();
        Arrays.sort(peaks);
        out.printf(Locale.ROOT, "peak: vector GEMM %s F32, 2 threads: %.1f GFLOP/s (median of %d forks, %.1f to %.1f)%n",
                PEAK_SHAPE, peak, peaks.length, peaks[0], peaks[peaks.length - 1]);
        out.printf(Locale.ROOT, "%-52s %12s %-9s %9s %7s %8s%n", "benchmark", "rate", "unit", "GFLOP/s", "% peak", "spread");
        double imagesF32 = Double.NaN;
        for (Row r : rows) {
            double g = r.gflop();
            String flops = Double.isNaN(g) ? "" : String.format(Locale.ROOT, "%9.1f", g);
            String share = Double.isNaN(g) ? "" : String.format(Locale.ROOT, "%6.1f%%", 100 * g / peak);
            out.printf(Locale.ROOT, "%-52s %12s %-9s %9s %7s %7s%n", r.spec().name(), format(r.rate()), r.spec().unit(),
                    flops, share, String.format(Locale.ROOT, "±%.1f%%", 100 * r.spread()));
            if (r.spec().name().equals(STEP_F32)) {
                imagesF32 = r.rate();
            }
        }
        out.printf(Locale.ROOT, "(rate: median of %d forks; spread: half the range between the fastest and the slowest fork)%n",
                options.forks());
        out.printf(Locale.ROOT, "training alone at that rate: %.2f s per epoch of 42,000 images (F32; validation not included)%n",
                42_000 / imagesF32);
        long bytesPerStep = Arrays.stream(allocated).min().orElse(-1);
        out.println(bytesPerStep < 0 ? "bytes allocated per training step: not measurable (the JVM's ThreadMXBean"
                + " does not report allocation)"
                : String.format(Locale.ROOT, "bytes allocated per training step (F32, steady state, calling thread,"
                        + " the fewest of %d windows of %d steps): %d", ALLOCATION_WINDOWS, ALLOCATION_STEPS, bytesPerStep));
        if (options.plotDir() != null) {
            Map<String, Double> stepParts = new LinkedHashMap<>();
            parts.forEach((part, ms) -> stepParts.put(part, median(ms)));
            for (Path p : BenchCharts.write(options.plotDir(), rows, peak, stepParts)) {
                out.println("wrote " + p);
            }
        }
        out.printf(Locale.ROOT, "(%.0f s; load average %.2f at the end: other processes lower the rates,"
                + " compare rows within one run)%n", (System.nanoTime() - start) / 1e9, loadAverage());
    }

    /** Runs {@code QuickBench --fork name} in a new JVM with this JVM's command, flags and class path. */
    private static List<String> fork(Options o, String name) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-javaagent")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), QuickBench.class.getName(),
                o.f64Rows() ? "--full" : "--quick",   // first: it resets the times given after it
                "--warmup", Double.toString(o.warmup()), "--seconds", Double.toString(o.seconds()), "--fork", name));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Thread stopFork = new Thread(p::destroy);   // Ctrl-C or kill of regula bench ends its fork too
            Runtime.getRuntime().addShutdownHook(stopFork);
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            }
            int code = p.waitFor();
            Runtime.getRuntime().removeShutdownHook(stopFork);
            if (code != 0) {
                throw new IllegalStateException("the forked JVM for row '" + name + "' exited with " + code + ": " + lines);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM for row '" + name + "': " + cmd.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing row '" + name + "'", e);
        }
    }

    private static double[] parse(List<String> lines, String name) {
        for (String line : lines) {
            if (line.startsWith("RESULT ")) {
                String[] f = line.trim().split(" ");
                return new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])};
            }
        }
        throw new IllegalStateException("the forked JVM for row '" + name + "' printed no RESULT line: " + lines);
    }

    /**
     * {@code DIR/forks.csv}: every fork's figures, one line per row and fork (row, unit, fork
     * number, rate, GFLOP/s or empty), the peak first: the data the table's medians and spreads
     * come from.
     */
    static Path writeForks(Path dir, List<Row> rows) {
        StringBuilder sb = new StringBuilder("row,unit,fork,rate,gflops\n");
        for (Row r : rows) {
            for (int f = 0; f < r.rates().length; f++) {
                double g = r.gflops()[f];
                sb.append('"').append(r.spec().name()).append("\",").append(r.spec().unit()).append(',').append(f + 1)
                        .append(',').append(r.rates()[f]).append(',').append(Double.isNaN(g) ? "" : Double.toString(g))
                        .append('\n');
            }
        }
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("forks.csv");
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("forks.csv") + ": " + e.getMessage(), e);
        }
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static void requireVector() {
        if (!Gemm.isVectorAvailable()) {
            throw new IllegalStateException("regula bench needs the jdk.incubator.vector module:"
                    + " run java with --add-modules jdk.incubator.vector (the ./regula launcher does)");
        }
    }

    /** Three significant digits or more: 6.20e-04, 0.264, 19.3, 29,039. */
    private static String format(double rate) {
        return String.format(Locale.ROOT, rate < 0.01 ? "%.2e" : rate < 10 ? "%.3f" : rate < 1000 ? "%.1f" : "%,.0f", rate);
    }

    private static List<DType> dtypes(Options options) {
        return options.f64Rows() ? List.of(DType.F32, DType.F64) : List.of(DType.F32);
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
