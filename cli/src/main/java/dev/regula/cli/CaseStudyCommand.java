package dev.regula.cli;

import dev.regula.experiments.casestudy.CaseStudy;
import dev.regula.core.DType;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code regula casestudy}: the seeds' comparison of regularization techniques, over several
 * seeds, with DIR/results.json, DIR/report.md and charts (see {@link CaseStudy}).
 */
@Command(name = "casestudy", mixinStandardHelpOptions = true,
        description = "Train every case-study config with several seeds; write DIR/results.json (after every run), "
                + "DIR/report.md and PNG charts.")
final class CaseStudyCommand implements Callable<Integer> {
    @Option(names = "--configs", paramLabel = "A,B,..",
            description = "Configs to run, or all (default: baseline, l2, l1, dropout, dropout_aug, early_stop, batchnorm, best;"
                    + " with --quick, these and record)")
    String configs;

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds per config, 128, 129, ... (default: 3; 1 with --quick)")
    Integer seeds;

    @Option(names = "--epochs", paramLabel = "N",
            description = "Epochs for every config (default: each preset's own: 10, best's 30 and record's 150; 3 with --quick)")
    Integer epochs;

    @Option(names = "--out", defaultValue = "out/casestudy", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--fit-on", paramLabel = "train|train+validation",
            description = "Fit every config on the training split (default) or on the training and validation splits"
                    + " together, all 60,000 MNIST images (training.fit_on); the validation figures are then on seen images")
    String fitOn;

    @Option(names = "--quick", description = "A smoke run in under 3 minutes: 1 seed, 3 epochs, 10,000 train and 5,000 validation images")
    boolean quick;

    @Option(names = "--resume", description = "Keep the runs already in DIR/results.json and run only the missing ones")
    boolean resume;

    @Option(names = "--dtype", defaultValue = "f32", paramLabel = "f32|f64", description = "Element type (default: ${DEFAULT-VALUE})")
    String dtype;

    @Mixin
    DataOptions dataOptions;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        CaseStudy.Settings s = new CaseStudy.Settings(CaseStudy.parseConfigs(configs, quick), seeds, epochs, out,
                quick, DType.parse(dtype), resume, dataOptions.data, dataOptions.cacheDir, command(), fitOn);
        long start = System.nanoTime();
        new CaseStudy(s, System.out).run();
        System.out.printf(java.util.Locale.ROOT, "Case study done in %.1f s; see %s%n", (System.nanoTime() - start) / 1e9,
                out.resolve("report.md"));
        return 0;
    }

    private String command() {
        StringBuilder sb = new StringBuilder("regula casestudy");
        if (configs != null) sb.append(" --configs ").append(configs);
        if (seeds != null) sb.append(" --seeds ").append(seeds);
        if (epochs != null) sb.append(" --epochs ").append(epochs);
        if (fitOn != null) sb.append(" --fit-on ").append(fitOn);
        if (quick) sb.append(" --quick");
        if (resume) sb.append(" --resume");
        if (!dtype.equals("f32")) sb.append(" --dtype ").append(dtype);
        if (!out.equals(Path.of("out/casestudy"))) sb.append(" --out ").append(out);
        if (dataOptions.data != null) sb.append(" --data ").append(dataOptions.data.getFileName());
        return sb.toString();
    }
}
