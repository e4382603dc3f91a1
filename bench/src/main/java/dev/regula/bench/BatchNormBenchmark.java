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
 * Batch normalization of 500 features over a batch of 128, F32 and F64: the training forward
 * (batch statistics, x̂, {@code Y = γ·x̂ + β}, running statistics) alone and followed by the
 * backward (dγ, dβ and dX). The secondary result {@code gelem} is the rate in 10⁹ elements of the
 * 128 × 500 activation per second. Example:
 * <pre>
 * java -jar bench/target/benchmarks.jar BatchNormBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Thread)
public class BatchNormBenchmark {
    @Param({"F32", "F64"})
    public String dtype;
    @Param({"128"})
    public int batch;

    LayerProblem batchNorm;

    @Setup
    public void setup() {
        batchNorm = new LayerProblem("batchnorm", DType.parse(dtype), batch, 42);
    }

    @Benchmark
    public Matrix forward(Counters.Gelem elements) {
        elements.add(batchNorm.elements());
        return batchNorm.forward();
    }

    @Benchmark
    public Matrix forwardBackward(Counters.Gelem elements) {
        elements.add(batchNorm.elements());
        return batchNorm.forwardBackward();
    }
}
