package dev.regula.cli;

import dev.regula.bench.QuickBench;
import dev.regula.core.OutputPaths;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code regula bench}: a quick table of rates (GEMM, Dense, the training step, the loss, ReLU,
 * dropout, batch norm, Gaussian noise) with the GEMM-bound rows as a percentage of the peak measured in the same
 * run, and the bytes a training step allocates; see {@link QuickBench}. The careful measurements
 * are the JMH benchmarks ({@code java -jar bench/target/benchmarks.jar}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time the engine's kernels and a training step without JMH, every row in fresh JVMs,",
                "and print one table (rates, %% of the in-run GEMM peak, spread over the JVMs, bytes allocated per step).",
                "Timings on a busy machine are lower: compare rows within one run."})
final class BenchCommand implements Callable<Integer> {

    static final class Length {
        @Option(names = "--quick", description = "F32 rows, 1 s each after a 1 s warm-up (the default)")
        boolean quick;

        @Option(names = "--full", description = "F32 and F64 rows, 2 s each after a 1 s warm-up")
        boolean full;
    }

    @ArgGroup(exclusive = true)
    Length length;

    @Option(names = "--seconds", paramLabel = "S", description = "Seconds of timing per row (after the warm-up)")
    Double seconds;

    @Option(names = "--warmup", paramLabel = "S", description = "Seconds of warm-up per row")
    Double warmup;

    @Option(names = "--forks", paramLabel = "N",
            description = "Fresh JVMs per row (1 to 20; default ${DEFAULT-VALUE}): the table gives their median and spread")
    int forks = QuickBench.DEFAULT_FORKS;

    @Option(names = "--plot", paramLabel = "DIR",
            description = "Also write roofline.png, step_breakdown.png and forks.csv (every fork's figures) into DIR")
    Path plot;

    @Override
    public Integer call() {
        QuickBench.Options o = length != null && length.full ? QuickBench.Options.full() : QuickBench.Options.quick();
        if (seconds != null) {
            if (!(seconds > 0) || seconds > 60) {
                throw new IllegalArgumentException("Invalid value for --seconds: expected a number in (0, 60], received: " + seconds);
            }
            o = new QuickBench.Options(o.warmup(), seconds, o.f64Rows(), o.forks(), o.plotDir());
        }
        if (warmup != null) {
            if (!(warmup >= 0) || warmup > 60) {
                throw new IllegalArgumentException("Invalid value for --warmup: expected a number in [0, 60], received: " + warmup);
            }
            o = new QuickBench.Options(warmup, o.seconds(), o.f64Rows(), o.forks(), o.plotDir());
        }
        if (forks < 1 || forks > 20) {
            throw new IllegalArgumentException("Invalid value for --forks: expected a whole number from 1 to 20, received: " + forks);
        }
        if (plot != null) {
            OutputPaths.requireWritableDirectory("--plot", plot);  // before minutes of timing
        }
        o = o.withForks(forks).withPlotDir(plot);
        QuickBench.run(o, System.out);
        return 0;
    }
}
