package dev.regula.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of the GEMM kernels, in the style of EJML's {@code BenchmarkCommonOps_DDRM}:
 * {@code @Param} shapes, a seeded {@code @Setup}, a preallocated output and one-line benchmarks.
 *
 * <p>Parameters (see {@link GemmProblem}): {@code kernel} is {@code ejml}, {@code vector} (the
 * default thread count, 2 here) or {@code vector1} (one thread); {@code shape} is {@code m x k x n},
 * op(A) m×k times op(B) k×n; {@code variant} is {@code NN} (A·B), {@code TN} (Aᵀ·B) or
 * {@code NT} (A·Bᵀ); {@code dtype} is {@code F32} or {@code F64}.
 *
 * <p>What is reported: besides calls per second, the secondary result {@code gflop} counts
 * 10⁹ flops (2·m·n·k per call) per second, i.e. it is the rate in <b>GFLOP/s</b>.
 *
 * <p>The naive triple loop, the baseline, has its own benchmark {@link #naive} on the MLP's shapes
 * only (at 1024³ one call takes seconds). The pattern {@code GemmBenchmark} runs both;
 * {@code GemmBenchmark.gemm} only the fast kernels. Example, one configuration, quickly:
 * <pre>
 * java -jar bench/target/benchmarks.jar GemmBenchmark.gemm -p kernel=vector -p shape=128x500x500 \
 *      -p variant=NN -p dtype=F32 -f 1 -wi 2 -i 3 -w 1 -r 1
 * </pre>
 * The two-thread kernel needs the machine's second core: other busy processes lower its rate.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class GemmBenchmark {

    /** The fast kernels, on the MLP's shapes and a large square one. */
    @State(Scope.Thread)
    public static class Kernels {
        @Param({"ejml", "vector", "vector1"})
        public String kernel;
        @Param({"128x784x500", "128x500x500", "128x500x10", "1024x1024x1024"})
        public String shape;
        @Param({"NN", "TN", "NT"})
        public String variant;
        @Param({"F32", "F64"})
        public String dtype;

        GemmProblem problem;

        @Setup
        public void setup() {
            problem = new GemmProblem(kernel, shape, variant, dtype, 42);
        }
    }

    /** The naive triple loop, on the MLP's shapes only. */
    @State(Scope.Thread)
    public static class Baseline {
        @Param({"128x784x500", "128x500x500", "128x500x10"})
        public String shape;
        @Param({"NN", "TN", "NT"})
        public String variant;
        @Param({"F32", "F64"})
        public String dtype;

        GemmProblem problem;

        @Setup
        public void setup() {
            problem = new GemmProblem("naive", shape, variant, dtype, 42);
        }
    }

    /** Counts GFLOP done; JMH divides by the time, so the result reads in GFLOP/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double gflop;

        @Setup(Level.Iteration)
        public void reset() {
            gflop = 0;
        }

        void add(long flops) {
            gflop += flops * 1e-9;
        }
    }

    @Benchmark
    public void gemm(Kernels s, Flops flops) {
        flops.add(s.problem.run());
    }

    @Benchmark
    public void naive(Baseline s, Flops flops) {
        flops.add(s.problem.run());
    }
}
