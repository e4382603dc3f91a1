package dev.regula.data;

import dev.regula.core.DType;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Loads MNIST (or a user's own data in the same IDX format) and splits it as the case study does.
 *
 * <p>The case-study split (the seeds' 70:30): of the 60,000 training images, the first
 * {@value #TRAIN_SIZE} train and the remaining {@value #VALIDATION_SIZE} validate; the official
 * {@value #TEST_SIZE} test images are the test set. The split keeps the file's order, so it is the
 * same on every run and in every framework.
 *
 * <p>A user's training file of another size is split by the same rule: the first
 * {@value #TRAIN_PERCENT} % (rounded down) train and the rest validate; see {@link #trainSize}. For
 * 60,000 images that rule gives exactly 42,000 and 18,000.
 */
public final class Mnist {
    /** The training images file. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    /** The training labels file. */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    /** The test images file. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    /** The test labels file. */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** The four file names, in the order above. */
    public static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** The digits 0 to 9. */
    public static final int NUM_CLASSES = 10;
    /** Training examples in the case study: the first 42,000 of MNIST's 60,000. */
    public static final int TRAIN_SIZE = 42_000;
    /** Validation examples in the case study: the remaining 18,000. */
    public static final int VALIDATION_SIZE = 18_000;
    /** Official MNIST test examples. */
    public static final int TEST_SIZE = 10_000;
    /** Percentage of a training file that trains; the rest validates (70:30, as in the seeds). */
    public static final int TRAIN_PERCENT = 70;

    private Mnist() {}

    /**
     * How many of {@code n} training-file images train: {@code floor(n · 70 / 100)}, which is
     * {@link #TRAIN_SIZE} for MNIST's 60,000. The rest validate.
     *
     * @param n the number of images in the training file
     * @return the number of them that train
     */
    public static int trainSize(int n) {
        return (int) ((long) n * TRAIN_PERCENT / 100);
    }

    /**
     * Reads the four IDX files from {@code dir} and splits them (see the class javadoc). Each file
     * may be raw or gzip and may be named with or without {@code .gz}
     * ({@code train-images-idx3-ubyte} or {@code train-images-idx3-ubyte.gz}); when both exist the
     * name without {@code .gz} is read. No checksum is checked: this reads any data in the MNIST
     * layout.
     *
     * @param dir the directory holding the four files
     * @param dtype dtype of x and of the one-hot targets
     * @throws DataException if the directory or a file is missing or invalid, a label count differs
     *     from its image count, a label is outside [0, 10), the test images' size differs from the
     *     training images', or fewer than 2 training images leave nothing to validate
     * @return the first 70 % of the training file as train, the rest as validation, the test file as test
     */
    public static MnistSplits load(Path dir, DType dtype) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(dtype, "dtype");
        if (!Files.isDirectory(dir)) {
            throw new DataException("MNIST directory not found: " + dir + " (expected a directory"
                    + " holding " + String.join(", ", FILES) + ")");
        }
        IdxImages trainImages = IdxReader.readImages(find(dir, TRAIN_IMAGES));
        int[] trainLabels = IdxReader.readLabels(find(dir, TRAIN_LABELS));
        IdxImages testImages = IdxReader.readImages(find(dir, TEST_IMAGES));
        int[] testLabels = IdxReader.readLabels(find(dir, TEST_LABELS));

        if (testImages.rows() != trainImages.rows() || testImages.cols() != trainImages.cols()) {
            throw new DataException(TEST_IMAGES + ": expected " + trainImages.rows() + "×"
                    + trainImages.cols() + " images like " + TRAIN_IMAGES + ", found "
                    + testImages.rows() + "×" + testImages.cols());
        }
        int n = trainImages.count();
        int nTrain = trainSize(n);
        if (nTrain < 1 || nTrain == n) {
            throw new DataException(TRAIN_IMAGES + ": expected at least 2 images to split "
                    + TRAIN_PERCENT + ":" + (100 - TRAIN_PERCENT) + " into training and validation,"
                    + " found " + n);
        }
        String trainSource = TRAIN_IMAGES + ", " + TRAIN_LABELS;
        String testSource = TEST_IMAGES + ", " + TEST_LABELS;
        Dataset train = Dataset.fromIdx(trainImages, trainLabels, 0, nTrain, NUM_CLASSES, dtype,
                trainSource, "train");
        Dataset validation = Dataset.fromIdx(trainImages, trainLabels, nTrain, n, NUM_CLASSES, dtype,
                trainSource, "validation");
        Dataset test = Dataset.fromIdx(testImages, testLabels, 0, testImages.count(), NUM_CLASSES,
                dtype, testSource, "test");
        return new MnistSplits(train, validation, test);
    }

    /**
     * The MNIST splits from the user's directory when one is given, otherwise from the cache,
     * fetching into it first what is missing (see {@link MnistFetcher#fetch}).
     *
     * @param cacheDirOrNull the cache directory ({@code --cache-dir}); null means
     *     {@link MnistFetcher#defaultCacheDir()}. Ignored when {@code dataDirOrNull} is given.
     * @param dataDirOrNull the user's own IDX files ({@code --data}); read as they are, without
     *     checksums; null means fetch MNIST
     * @param dtype dtype of x and of the one-hot targets
     * @param log receives one line per step (where the data comes from, the split sizes)
     * @return the train, validation and test sets, as {@link #load}
     * @throws DataException as {@link #load} and {@link MnistFetcher#fetch} do
     */
    public static MnistSplits loadOrFetch(Path cacheDirOrNull, Path dataDirOrNull, DType dtype,
            PrintStream log) {
        Objects.requireNonNull(log, "log");
        Path dir;
        if (dataDirOrNull != null) {
            log.println("MNIST: reading IDX files from " + dataDirOrNull + " (your own data, no checksums)");
            dir = dataDirOrNull;
        } else {
            dir = MnistFetcher.fetch(cacheDirOrNull != null ? cacheDirOrNull : MnistFetcher.defaultCacheDir(), log);
        }
        MnistSplits splits = load(dir, dtype);
        log.println("MNIST: " + splits.train().size() + " train, " + splits.validation().size()
                + " validation, " + splits.test().size() + " test examples of "
                + splits.train().features() + " features (" + dtype + ")");
        return splits;
    }

    /** {@code dir/name}, or {@code dir/name.gz} if only that exists. */
    private static Path find(Path dir, String name) {
        Path raw = dir.resolve(name);
        if (Files.exists(raw)) {
            return raw;
        }
        Path gz = dir.resolve(name + ".gz");
        if (Files.exists(gz)) {
            return gz;
        }
        throw new DataException(dir + ": missing " + name + " (or " + name + ".gz); expected the"
                + " four MNIST IDX files " + String.join(", ", FILES));
    }
}
