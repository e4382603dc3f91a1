package dev.regula.bench;

import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.data.augment.Augmentation;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of the augmentation pipeline on 28 × 28 F32 images, in images per second: one
 * invocation transforms a batch of {@value #BATCH} images in place, and
 * {@code @OperationsPerInvocation(BATCH)} makes the reported throughput (ops/s) read as
 * <b>images/s</b>.
 *
 * <p>Parameters: {@code transform} is one of {@link AugmentationRates}'s names ({@code affine} is
 * the seeds' case-study pipeline, {@code elastic} Simard's α = 34, σ = 4); {@code threads} is 1
 * or 2. The forks add the {@code jdk.incubator.vector} module, which elastic distortion's small
 * smoothing GEMMs use (as training does). Example:
 * <pre>
 * java -jar bench/target/benchmarks.jar AugmentationBenchmark -p transform=affine,elastic \
 *      -f 1 -wi 3 -i 5 -w 1 -r 1
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx1g"})
public class AugmentationBenchmark {
    /** Images per invocation: the case study's batch size. */
    public static final int BATCH = 128;

    /** A seeded batch and the augmentation under test. */
    @State(Scope.Thread)
    public static class Problem {
        @Param({"hflip", "rotation", "shift", "zoom", "shear", "crop", "brightness", "contrast", "noise",
                "erasing", "affine", "elastic", "affine+elastic"})
        public String transform;
        @Param({"1", "2"})
        public int threads;

        Augmentation augmentation;
        Matrix batch;
        Rng rng;

        @Setup
        public void setup() {
            augmentation = AugmentationRates.augmentation(transform, threads);
            batch = AugmentationRates.digits(BATCH, 42);
            rng = new Rng(7);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void augment(Problem p) {
        p.augmentation.apply(p.batch, p.rng);
    }
}
