package dev.regula.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a command's images come from, the same two options for {@code train}, {@code predict},
 * {@code augment}, {@code casestudy} and {@code tune} (a picocli mixin): {@code --data} for the
 * user's own files, else MNIST from {@code --cache-dir} (fetched there on first use).
 */
final class DataOptions {
    @Option(names = "--data", paramLabel = "PATH",
            description = "Your own data instead of the cached MNIST: a directory of the four MNIST IDX files,"
                    + " a Kaggle-style CSV (label,pixel0..), or a directory with train.csv (filename,label) and PNG images")
    Path data;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "The MNIST cache (default: $REGULA_CACHE_DIR, else the user cache directory)")
    Path cacheDir;
}
