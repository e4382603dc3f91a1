package dev.regula.cli;

import dev.regula.data.MnistFetcher;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code regula fetch mnist}: downloads, verifies and caches the four MNIST IDX files. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = "Download a dataset into the cache and verify its SHA-256 checksums (only 'mnist' for now).")
final class FetchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATASET", description = "The dataset to fetch: mnist")
    String dataset;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where to keep the files (default: $REGULA_CACHE_DIR, else the user cache directory)")
    Path cacheDir;

    @Override
    public Integer call() {
        if (!dataset.equals("mnist")) {
            throw new IllegalArgumentException("Unknown dataset: expected mnist, received: " + dataset);
        }
        Path dir = MnistFetcher.fetch(cacheDir != null ? cacheDir : MnistFetcher.defaultCacheDir(), System.out);
        System.out.println("MNIST is ready in " + dir);
        return 0;
    }
}
