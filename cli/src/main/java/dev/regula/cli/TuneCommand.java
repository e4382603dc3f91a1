package dev.regula.cli;

import dev.regula.experiments.casestudy.Tune;
import dev.regula.core.DType;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code regula tune}: a grid search over L2 λ, L1 λ or the dropout rate on top of the baseline. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Grid search: train baseline + PARAM for each value and seed; write DIR/tune-PARAM.md, .json and .png "
                + "(validation accuracy against the value).")
final class TuneCommand implements Callable<Integer> {
    @Option(names = "--param", required = true, paramLabel = "l2|l1|dropout-rate", description = "The hyperparameter")
    String param;

    @Option(names = "--values", required = true, paramLabel = "V1,V2,..", description = "Its values, e.g. 1e-5,1e-4,1e-3")
    String values;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N", description = "Seeds per value (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: 10; 3 with --quick)")
    Integer epochs;

    @Option(names = "--quick", description = "10,000 train and 5,000 validation images, 3 epochs, 1 seed unless --seeds is given")
    boolean quick;

    @Option(names = "--out", defaultValue = "out/tune", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--dtype", defaultValue = "f32", paramLabel = "f32|f64", description = "Element type (default: ${DEFAULT-VALUE})")
    String dtype;

    @Mixin
    DataOptions dataOptions;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        int n = epochs != null ? epochs : quick ? 3 : 10;
        boolean seedsGiven = spec != null && spec.commandLine().getParseResult().hasMatchedOption("--seeds");
        int s = quick && !seedsGiven ? 1 : seeds;
        Tune.Settings settings = new Tune.Settings(param, Tune.parseValues(values), s, n, quick, out, DType.parse(dtype), dataOptions.data, dataOptions.cacheDir);
        Tune.run(settings, System.out);
        return 0;
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;
}
