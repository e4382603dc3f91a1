package dev.regula.cli;

import dev.regula.data.DataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The exit codes of every {@code regula} command, and the one line printed for each failure
 * (the README has the same table):
 * <pre>
 * 0    success
 * 1    failure at run time: a file could not be written (full disk, permissions), the training
 *      diverged (a non-finite loss), out of memory, a bug
 * 2    bad usage or input: an unknown or invalid flag, a missing or malformed data file or
 *      checkpoint, an output path that cannot be written (all found before any training)
 * 130  interrupted (Ctrl-C or SIGTERM): the current batch finished and what was complete was written
 * </pre>
 */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int BAD_INPUT = 2;
    static final int INTERRUPTED = 130;

    private ExitCodes() {}

    /**
     * Names that the engine's checks use for what the command line calls a flag: messages say
     * "Invalid value for Rotation.maxDegrees" where the user typed {@code --rotation}.
     */
    private static final Map<String, String> FLAG_NAMES = Map.ofEntries(
            Map.entry("Rotation.maxDegrees", "--rotation"),
            Map.entry("Shear.maxDegrees", "--shear"),
            Map.entry("HorizontalFlip.probability", "--hflip"),
            Map.entry("VerticalFlip.probability", "--vflip"),
            Map.entry("Zoom.lo", "--zoom LO"),
            Map.entry("Zoom.hi", "--zoom HI"),
            Map.entry("Zoom", "--zoom"),
            Map.entry("Brightness.lo", "--brightness"),
            Map.entry("Brightness.hi", "--brightness"),
            Map.entry("Brightness", "--brightness"),
            Map.entry("Contrast.lo", "--contrast"),
            Map.entry("Contrast.hi", "--contrast"),
            Map.entry("Contrast", "--contrast"),
            Map.entry("GaussianPixelNoise.stddev", "--pixel-noise"),
            Map.entry("RandomErasing.probability", "--erasing"),
            Map.entry("ElasticDistortion.alpha", "--elastic ALPHA"),
            Map.entry("ElasticDistortion.sigma", "--elastic SIGMA"),
            Map.entry("batchSize", "--batch-size"),
            Map.entry("epochs", "--epochs"),
            Map.entry("fillValue", "--fill-mode"));

    /** A run-time failure that is not the user's input: exit 1 with this message. */
    static final class RunFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RunFailure(String message) {
            super(message);
        }
    }

    /** The exit code for an exception thrown by a command. */
    static int of(Throwable t) {
        if (t instanceof IllegalArgumentException || t instanceof DataException
                || t instanceof java.nio.file.FileSystemException) {   // a file named by the user: missing, a directory, unreadable
            return BAD_INPUT;
        }
        return FAILURE;
    }

    /** The one line for an exception: its message, with the engine's internal names replaced by flags. */
    static String message(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return "out of memory (the Java heap is " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MB; give more with REGULA_JAVA_OPTS=-Xmx12g, or use smaller data or batches)";
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (!(t instanceof IllegalArgumentException || t instanceof DataException || t instanceof IOException
                || t instanceof UncheckedIOException || t instanceof IllegalStateException || t instanceof RunFailure)) {
            m = "internal error: " + t + " (set REGULA_DEBUG=1 for the stack trace, and please report it)";
        }
        for (Map.Entry<String, String> e : FLAG_NAMES.entrySet()) {
            m = m.replace("Invalid value for " + e.getKey() + ":", "Invalid value for " + e.getValue() + ":");
        }
        String first = m.lines().findFirst().orElse("");
        return first.isEmpty() ? t.getClass().getSimpleName() : first;
    }
}
