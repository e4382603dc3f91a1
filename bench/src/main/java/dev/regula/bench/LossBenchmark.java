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
 * Softmax cross-entropy, fused through log-sum-exp, forward and backward on the MLP's output,
 * 128 × 10, F32 and F64 (see {@link LossProblem}). The secondary result {@code images} is the
 * rate in rows (examples) per second. Example:
 * <pre>
 * java -jar bench/target/benchmarks.jar LossBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Thread)
public class LossBenchmark {
    @Param({"F32", "F64"})
    public String dtype;
    @Param({"128"})
    public int batch;

    LossProblem problem;

    @Setup
    public void setup() {
        problem = new LossProblem(DType.parse(dtype), batch, 10, 42);
    }

    @Benchmark
    public Matrix softmaxCrossEntropy(Counters.Images images) {
        images.add(problem.m);
        return problem.forwardBackward();
    }
}
