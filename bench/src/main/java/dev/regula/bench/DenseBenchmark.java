package dev.regula.bench;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A Dense layer of the case-study MLP, forward ({@code Z = X·W + b}) and forward + backward
 * ({@code dW += Xᵀ·dZ}, {@code db += Σ dZ}, {@code dX = dZ·Wᵀ}), batch 128, F32 and F64.
 *
 * <p>{@code layer} is {@code dense-first}, Dense(784→500) as the first layer (its backward skips
 * dX, as in the MLP), or {@code dense-hidden}, Dense(500→500) with dX; see {@link LayerProblem}.
 * The secondary result {@code gflop} is the rate in <b>GFLOP/s</b>, counting 2·m·nIn·nOut per
 * forward and 4·m·nIn·nOut per backward (2·m·nIn·nOut for the first layer). Example:
 * <pre>
 * java -jar bench/target/benchmarks.jar DenseBenchmark -p dtype=F32 -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Thread)
public class DenseBenchmark {
    @Param({"dense-first", "dense-hidden"})
    public String layer;
    @Param({"F32", "F64"})
    public String dtype;
    @Param({"128"})
    public int batch;

    LayerProblem problem;

    @Setup
    public void setup() {
        problem = new LayerProblem(layer, DType.parse(dtype), batch, 42);
    }

    @Benchmark
    public Matrix forward(Counters.Gflop flops) {
        flops.add(problem.forwardFlops);
        return problem.forward();
    }

    @Benchmark
    public Matrix forwardBackward(Counters.Gflop flops) {
        flops.add(problem.forwardFlops + problem.backwardFlops);
        return problem.forwardBackward();
    }
}
