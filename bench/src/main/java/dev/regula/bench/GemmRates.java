package dev.regula.bench;

import dev.regula.core.gemm.Gemm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A quick table of GEMM rates in GFLOP/s, without JMH: for each shape, variant, dtype and kernel,
 * run the product for {@code --warmup} seconds or more (so that the JIT has compiled it), then
 * count the calls made in {@code --seconds} seconds. Rate = calls · 2·m·n·k / elapsed, the median
 * of 5 windows (see {@link Timing#rate}). JMH ({@link GemmBenchmark}) is the careful measurement; this
 * is for figures in a minute.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.regula.bench.GemmRates \
 *      [--kernels naive,ejml,vector1,vector] [--variants NN,TN,NT] [--dtypes F32,F64]
 *      [--seconds 1] [--warmup 1] [shape ...]
 * </pre>
 * Shapes are {@code m x k x n} (op(A) m×k times op(B) k×n); the default is the MLP's
 * {@code 128x784x500 128x500x500 128x500x10} and {@code 1024x1024x1024}. The naive kernel is
 * skipped (shown as "-") above {@value #NAIVE_MAX_FLOPS} flops per call.
 */
public final class GemmRates {
    static final double NAIVE_MAX_FLOPS = 2.0 * 128 * 784 * 500;

    private GemmRates() {}

    public static void main(String[] args) {
        List<String> kernels = List.of("naive", "ejml", "vector1", "vector");
        List<String> variants = List.of("NN");
        List<String> dtypes = List.of("F32", "F64");
        double seconds = 1, warmup = 1;
        List<String> shapes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--kernels": kernels = split(args[++i]); break;
                case "--variants": variants = split(args[++i]); break;
                case "--dtypes": dtypes = split(args[++i]); break;
                case "--seconds": seconds = Double.parseDouble(args[++i]); break;
                case "--warmup": warmup = Double.parseDouble(args[++i]); break;
                default:
                    if (arg.startsWith("-")) {
                        System.err.println("Unknown option " + arg + "; see the javadoc of GemmRates");
                        System.exit(2);
                    }
                    shapes.add(arg);
            }
        }
        if (shapes.isEmpty()) {
            shapes = List.of("128x784x500", "128x500x500", "128x500x10", "1024x1024x1024");
        }
        if (!Gemm.isVectorAvailable() && kernels.stream().anyMatch(k -> k.startsWith("vector"))) {
            System.err.println("The vector kernels need the jdk.incubator.vector module:"
                    + " run java with --add-modules jdk.incubator.vector");
            System.exit(2);
        }

        System.out.printf(Locale.ROOT, "GFLOP/s (2mnk / time), %d processors, %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-16s %-4s %-4s", "m x k x n", "op", "type"));
        for (String kernel : kernels) header.append(String.format(Locale.ROOT, " %9s", kernel));
        System.out.println(header);
        for (String shape : shapes) {
            for (String variant : variants) {
                for (String dtype : dtypes) {
                    StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-16s %-4s %-4s", shape, variant, dtype));
                    for (String kernel : kernels) {
                        GemmProblem problem = new GemmProblem(kernel, shape, variant, dtype, 42);
                        if (kernel.equals("naive") && problem.flops() > NAIVE_MAX_FLOPS) {
                            row.append(String.format(Locale.ROOT, " %9s", "-"));
                            continue;
                        }
                        row.append(String.format(Locale.ROOT, " %9.1f", rate(problem, warmup, seconds)));
                    }
                    System.out.println(row);
                }
            }
        }
    }

    /**
     * GFLOP/s of {@code problem}, by {@link Timing#rate}: the median of 5 windows after the
     * warm-up, once the JIT has stopped speeding it up.
     */
    static double rate(GemmProblem problem, double warmup, double seconds) {
        double flopsPerSecond = Timing.rate(problem::run, warmup, seconds);
        if (Double.isNaN(problem.checksum())) { // use the result, and catch a broken kernel
            throw new IllegalStateException(problem.kernelName + " produced NaN");
        }
        return flopsPerSecond * 1e-9;
    }

    private static List<String> split(String list) {
        return Arrays.asList(list.split(","));
    }
}
