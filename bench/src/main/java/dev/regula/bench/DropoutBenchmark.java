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
 * Inverted dropout with keepProb 0.75 (Keras's rate 0.25, the case study's), 128 × 500, F32 and
 * F64: the training forward (draw the mask D, {@code Y = X ⊙ D / keepProb}) and the backward
 * ({@code dX = dY ⊙ D / keepProb}). The forward draws the mask as {@link
 * dev.regula.regularization.Dropout} does: one key per forward, and SplitMix64's output p for
 * that key gives units 2p and 2p + 1 (a 32-bit uniform integer each, kept when below
 * {@code round(keepProb·2³²)}, compared without a branch); in F32 a vector of pairs at a time,
 * with the multiplication in the same pass (DropoutKernelF32), in F64 by the scalar loop. The
 * secondary result {@code gelem} is the rate in 10⁹ elements per second.
 * Example:
 * <pre>
 * java -jar bench/target/benchmarks.jar DropoutBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Thread)
public class DropoutBenchmark {
    @Param({"F32", "F64"})
    public String dtype;
    @Param({"128"})
    public int batch;

    LayerProblem dropout;

    @Setup
    public void setup() {
        dropout = new LayerProblem("dropout", DType.parse(dtype), batch, 42);
    }

    @Benchmark
    public Matrix forward(Counters.Gelem elements) {
        elements.add(dropout.elements());
        return dropout.forward();
    }

    @Benchmark
    public Matrix backward(Counters.Gelem elements) {
        elements.add(dropout.elements());
        return dropout.backward();
    }
}
