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
 * ReLU forward ({@code Y = max(X, 0)}) and backward ({@code dX = dY ⊙ [X > 0]}) on the MLP's
 * hidden activations, 128 × 500, F32 and F64. The secondary result {@code gelem} is the rate in
 * 10⁹ elements per second (one element = one entry of the 128 × 500 matrix). Example:
 * <pre>
 * java -jar bench/target/benchmarks.jar ActivationBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Thread)
public class ActivationBenchmark {
    @Param({"F32", "F64"})
    public String dtype;
    @Param({"128"})
    public int batch;

    LayerProblem relu;

    @Setup
    public void setup() {
        relu = new LayerProblem("relu", DType.parse(dtype), batch, 42);
    }

    @Benchmark
    public Matrix reluForward(Counters.Gelem elements) {
        elements.add(relu.elements());
        return relu.forward();
    }

    @Benchmark
    public Matrix reluBackward(Counters.Gelem elements) {
        elements.add(relu.elements());
        return relu.backward();
    }
}
