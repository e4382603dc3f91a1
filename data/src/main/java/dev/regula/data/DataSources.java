package dev.regula.data;

import dev.regula.core.DType;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The one entry point for {@code --data PATH}: recognizes what PATH holds and returns the
 * training, validation and test splits.
 *
 * <table>
 *   <caption>What PATH may be</caption>
 *   <tr><th>PATH</th><th>read with</th></tr>
 *   <tr><td>a directory with the four MNIST IDX files</td><td>{@link Mnist#load}</td></tr>
 *   <tr><td>a {@code .csv} file of {@code label,pixel0,…} (Kaggle)</td><td>{@link CsvReader}</td></tr>
 *   <tr><td>a directory with a {@code train.csv} of {@code label,pixel0,…}</td><td>{@link CsvReader}</td></tr>
 *   <tr><td>a directory with a {@code train.csv} of {@code filename,label} and PNG images (the seed
 *       case study's {@code Train} folder)</td><td>{@link ImageFolderReader}</td></tr>
 * </table>
 *
 * <p><b>Splits of CSV and PNG data.</b> As for MNIST and in the seeds: the first 70 % of the
 * training rows (rounded down, {@link Mnist#trainSize}) train and the rest validate, in file
 * order. The test set is a labeled {@code test.csv} in the same directory as the training CSV
 * (same format, same image size; for PNG data its images are found as the training ones are,
 * e.g. in {@code Images/test/}). Kaggle's and the case study's {@code test.csv} have no labels;
 * then there is no separate test set, and {@link MnistSplits#test()} is the validation dataset
 * itself ({@link MnistSplits#hasSeparateTest()} is false): the seed case study likewise reports
 * its 30 % hold-out as the test score.
 */
public final class DataSources {
    /** The name of a test file beside the training file. */
    public static final String TEST_CSV = "test.csv";

    private DataSources() {}

    /** What a data path holds. */
    public enum Kind {
        /** The four MNIST IDX files. */
        IDX,
        /** A CSV of label,pixel0,... */
        CSV,
        /** A CSV of filename,label beside PNG images. */
        IMAGE_FOLDER
    }

    /**
     * What {@code path} holds (see the class javadoc).
     *
     * @param path a directory or a .csv file, not null
     * @return the format found
     * @throws DataException if it is missing or none of the formats
     */
    public static Kind detect(Path path) {
        Objects.requireNonNull(path, "path");
        if (!Files.exists(path)) {
            throw new DataException("Data path not found: " + path + " (" + expectation() + ")");
        }
        if (Files.isDirectory(path)) {
            if (hasIdx(path)) {
                return Kind.IDX;
            }
            Path index = path.resolve(ImageFolderReader.TRAIN_INDEX);
            if (Files.isRegularFile(index)) {
                return ImageFolderReader.isImageIndex(index) ? Kind.IMAGE_FOLDER : Kind.CSV;
            }
            throw new DataException(path + ": found neither the MNIST IDX files (" + Mnist.TRAIN_IMAGES + ", ...) nor a "
                    + ImageFolderReader.TRAIN_INDEX + " (" + expectation() + ")");
        }
        String problem = dev.regula.core.InputFiles.notRegular(path, "a .csv file or a directory");
        if (problem != null) {
            throw new DataException(problem + " (" + expectation() + ")");
        }
        if (CsvReader.nameOf(path).toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return ImageFolderReader.isImageIndex(path) ? Kind.IMAGE_FOLDER : Kind.CSV;
        }
        throw new DataException(path + ": expected a .csv file or a directory (" + expectation() + ")");
    }

    /**
     * Reads and splits the data at {@code path} (see the class javadoc).
     *
     * @param path a directory or a .csv file
     * @param dtype dtype of x and of the one-hot targets
     * @return training, validation and test sets (the test set is the validation set when there
     *         is no labeled test file beside the training data)
     * @throws DataException naming the file (and line) for any problem with the data
     */
    public static MnistSplits load(Path path, DType dtype) {
        Objects.requireNonNull(dtype, "dtype");
        Kind kind = detect(path);
        if (kind == Kind.IDX) {
            return Mnist.load(path, dtype);
        }
        Path trainFile = Files.isDirectory(path) ? path.resolve(ImageFolderReader.TRAIN_INDEX) : path;
        LabeledImages all = kind == Kind.CSV
                ? CsvReader.readImages(trainFile, 0)
                : ImageFolderReader.readImages(trainFile, 0, 0, null);
        int n = all.images().count();
        int nTrain = Mnist.trainSize(n);
        if (nTrain < 1 || nTrain == n) {
            throw new DataException(all.source() + ": expected at least 2 images to split " + Mnist.TRAIN_PERCENT + ":"
                    + (100 - Mnist.TRAIN_PERCENT) + " into training and validation, found " + n);
        }
        Dataset train = Dataset.fromIdx(all.images(), all.labels(), 0, nTrain, Mnist.NUM_CLASSES, dtype,
                all.source(), "train");
        Dataset validation = Dataset.fromIdx(all.images(), all.labels(), nTrain, n, Mnist.NUM_CLASSES, dtype,
                all.source(), "validation");
        Dataset test = validation;
        Path testFile = trainFile.toAbsolutePath().resolveSibling(TEST_CSV);
        if (!CsvReader.nameOf(trainFile).equalsIgnoreCase(TEST_CSV) && Files.isRegularFile(testFile)) {
            int rows = all.images().rows();
            int cols = all.images().cols();
            LabeledImages t = null;
            if (kind == Kind.CSV && CsvReader.isLabeled(testFile, rows * cols)) {
                t = CsvReader.readImages(testFile, rows * cols);
            } else if (kind == Kind.IMAGE_FOLDER && ImageFolderReader.isLabeled(testFile)) {
                t = ImageFolderReader.readImages(testFile, rows, cols, "the training images");
            }
            if (t != null) {
                test = Dataset.fromIdx(t.images(), t.labels(), 0, t.images().count(), Mnist.NUM_CLASSES, dtype,
                        t.source(), "test");
            }
        }
        return new MnistSplits(train, validation, test);
    }

    /**
     * The splits from {@code dataOrNull} ({@code --data}) when given, otherwise MNIST from the cache
     * as {@link Mnist#loadOrFetch} (fetching what is missing).
     *
     * @param cacheDirOrNull the MNIST cache ({@code --cache-dir}); null for the default
     * @param dataOrNull the user's data path, or null for MNIST
     * @param dtype dtype of x and of the one-hot targets
     * @param log receives one line per step
     * @return training, validation and test sets
     * @throws DataException as {@link #load} and {@link Mnist#loadOrFetch} do
     */
    public static MnistSplits loadOrFetch(Path cacheDirOrNull, Path dataOrNull, DType dtype, PrintStream log) {
        Objects.requireNonNull(log, "log");
        if (dataOrNull == null || detect(dataOrNull) == Kind.IDX) {
            return Mnist.loadOrFetch(cacheDirOrNull, dataOrNull, dtype, log);
        }
        Kind kind = detect(dataOrNull);
        log.println("Data: reading " + (kind == Kind.CSV ? "CSV (label,pixel0,...)" : "PNG images listed in train.csv")
                + " from " + dataOrNull);
        MnistSplits splits = load(dataOrNull, dtype);
        log.println("Data: " + splits.train().size() + " train, " + splits.validation().size() + " validation, "
                + (splits.hasSeparateTest() ? splits.test().size() + " test" : "no labeled test.csv (the validation"
                + " set is reported as test)") + " examples of " + splits.train().features() + " features (" + dtype + ")");
        return splits;
    }

    private static boolean hasIdx(Path dir) {
        return Files.exists(dir.resolve(Mnist.TRAIN_IMAGES)) || Files.exists(dir.resolve(Mnist.TRAIN_IMAGES + ".gz"));
    }

    private static String expectation() {
        return "expected a directory with the four MNIST IDX files, a .csv file of label,pixel0,...,"
                + " or a directory with a train.csv of filename,label and its PNG images";
    }
}
