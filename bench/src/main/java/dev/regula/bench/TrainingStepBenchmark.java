package dev.regula.bench;

import dev.regula.core.DType;
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
 * A full {@code Sequential.trainStep} of the seeds' MLP (784-500×5-10, ReLU, softmax
 * cross-entropy, Adam), batch 128, F32 and F64, as {@code RunSpec.preset(preset).model(...)}
 * builds it (see {@link TrainingStepProblem}).
 *
 * <p>Units: the primary score is steps per second, so {@code -prof gc}'s
 * {@code gc.alloc.rate.norm} is the bytes allocated per step. The secondary results are
 * {@code images} = steps/s × batch, in <b>images/s</b>, and {@code gflop} = steps/s × the GEMM flops
 * of a step (7.598 MFLOP per image for the baseline), in <b>GFLOP/s</b>. An epoch of 42,000 images
 * takes about 42,000 / images/s seconds plus the validation pass. Example:
 * <pre>
 * java -jar bench/target/benchmarks.jar TrainingStepBenchmark -p dtype=F32 -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Thread)
public class TrainingStepBenchmark {
    @Param({"baseline"})
    public String preset;
    @Param({"F32", "F64"})
    public String dtype;
    @Param({"128"})
    public int batch;

    TrainingStepProblem problem;

    @Setup
    public void setup() {
        problem = new TrainingStepProblem(preset, DType.parse(dtype), batch, 128);
    }

    @Benchmark
    public double trainStep(Counters.Images images, Counters.Gflop flops) {
        images.add(problem.batch);
        flops.add(problem.flops);
        return problem.step();
    }
}
