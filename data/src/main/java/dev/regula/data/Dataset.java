package dev.regula.data;

import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.Matrix;
import java.util.Arrays;
import java.util.Objects;

/**
 * Examples and their class labels: {@code x} is (n × features), one example per row, and
 * {@code labels[i]} is the class index of row i, in {@code [0, numClasses)}.
 *
 * <p>For images, a row is the image's pixels row by row, each scaled to [0, 1] as
 * {@code value / 255} (see {@link #fromIdx}). The one-hot targets (n × numClasses) that the
 * softmax cross-entropy loss compares against are built once, on the first call to
 * {@link #oneHot()}.
 *
 * <p>A dataset is immutable: the constructor copies the labels, and {@link #labels()} returns a
 * copy. {@link #x()} and {@link #oneHot()} return the stored matrices without copying them (the
 * MNIST training set is 132 MB in F32); {@link Matrix} has no read-only view, so callers must not
 * modify them ({@code x().copy()} first).
 */
public final class Dataset {
    private final String name;
    private final Matrix x;        // (n, features)
    private final int[] labels;    // (n), each in [0, numClasses)
    private final int numClasses;
    private volatile Matrix oneHot; // (n, numClasses), built on first use

    /**
     * A dataset of the rows of {@code x} with class labels {@code labels}.
     *
     * @param name names the data in messages and {@link #toString()}, e.g. {@code "mnist train"}
     * @param x (n × features), taken without copying: do not modify it afterwards
     * @param labels n class indices; copied
     * @param numClasses number of classes, > 0 (10 for MNIST)
     * @throws DataException naming the dataset if the row and label counts differ, a label is
     *     outside {@code [0, numClasses)}, or a value of {@code x} is not finite (names the row)
     * @throws IllegalArgumentException if {@code numClasses <= 0}
     */
    public Dataset(String name, Matrix x, int[] labels, int numClasses) {
        this.name = Objects.requireNonNull(name, "name");
        this.x = Objects.requireNonNull(x, "x");
        this.numClasses = Checks.positive("numClasses", numClasses);
        Objects.requireNonNull(labels, "labels");
        if (x.rows() != labels.length) {
            throw new DataException(name + ": expected one label per row of x (" + x.rows()
                    + " rows), found " + labels.length + " labels");
        }
        checkLabels(labels, numClasses, name);
        checkFinite(x, name);
        this.labels = labels.clone();
    }

    /**
     * A dataset from IDX images and labels, with pixels scaled to [0, 1] as {@code value / 255}
     * (0 → 0.0, 255 → 1.0; computed in double and rounded once to the dtype), each image flattened
     * row by row: x is (count × rows·cols).
     *
     * @param images the images; not modified
     * @param labels one class index per image; not modified
     * @param numClasses number of classes (pass 10 for MNIST)
     * @param dtype the dtype of x and of {@link #oneHot()}
     * @param sourceName names the files in messages and becomes the dataset's name, e.g.
     *     {@code "train-images-idx3-ubyte, train-labels-idx1-ubyte"}
     * @throws DataException if the label count differs from the image count (naming both counts),
     *     or a label is outside {@code [0, numClasses)} (naming its index)
     * @return a new dataset of images.count() rows
     */
    public static Dataset fromIdx(IdxImages images, int[] labels, int numClasses, DType dtype,
            String sourceName) {
        return fromIdx(images, labels, 0, images.count(), numClasses, dtype, sourceName, sourceName);
    }

    /**
     * Images and labels {@code [from, to)} of the IDX data as a dataset named {@code name}. The
     * label count and range are checked over the whole of {@code labels} first, so a message gives
     * the index in the file, not in the slice.
     */
    static Dataset fromIdx(IdxImages images, int[] labels, int from, int to, int numClasses,
            DType dtype, String sourceName, String name) {
        Checks.positive("numClasses", numClasses);
        if (labels.length != images.count()) {
            throw new DataException(sourceName + ": expected one label per image (" + images.count()
                    + " images), found " + labels.length + " labels");
        }
        checkLabels(labels, numClasses, sourceName);
        checkRange(from, to, images.count());
        int features = images.pixelsPerImage();
        Matrix x = Matrix.zeros(dtype, to - from, features); // (n, rows·cols)
        byte[] pixels = images.pixels();
        int offset = from * features;
        int size = (to - from) * features;
        if (dtype == DType.F32) {
            float[] out = x.floats();
            for (int i = 0; i < size; i++) {
                out[i] = (float) ((pixels[offset + i] & 0xFF) / 255.0);
            }
        } else {
            double[] out = x.doubles();
            for (int i = 0; i < size; i++) {
                out[i] = (pixels[offset + i] & 0xFF) / 255.0;
            }
        }
        return new Dataset(name, x, Arrays.copyOfRange(labels, from, to), numClasses);
    }

    /** @return the name given at construction, used in messages */
    public String name() {
        return name;
    }

    /** @return the examples, (n × features). Not a copy: do not modify. */
    public Matrix x() {
        return x;
    }

    /** @return a copy of the class indices, one per row of x */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * @param i a row of x, in [0, n)
     * @return the class index of row i
     */
    public int label(int i) {
        return labels[i];
    }

    /** @return the number of classes; labels are in {@code [0, numClasses)} */
    public int numClasses() {
        return numClasses;
    }

    /** @return the number of examples n (rows of x) */
    public int size() {
        return labels.length;
    }

    /** @return the number of features (columns of x; 784 for MNIST) */
    public int features() {
        return x.cols();
    }

    /** @return the dtype of x and of the one-hot targets */
    public DType dtype() {
        return x.dtype();
    }

    /**
     * The targets as one-hot rows, (n × numClasses) in x's dtype: {@code Y[i][labels[i]] = 1},
     * every other entry 0. Built on the first call and kept. Not a copy: do not modify.
     *
     * @return the one-hot targets
     */
    public Matrix oneHot() {
        Matrix y = oneHot;
        if (y == null) {
            y = Matrix.zeros(x.dtype(), labels.length, numClasses); // (n, numClasses)
            for (int i = 0; i < labels.length; i++) {
                y.set(i, labels[i], 1.0);
            }
            oneHot = y; // a race builds it twice, harmlessly: both are equal
        }
        return y;
    }

    /**
     * Rows {@code [from, to)} as a new dataset with copies of x and labels, named
     * {@code name[from:to]}.
     *
     * @param from the first row, included
     * @param to the last row, excluded
     * @return a new dataset of {@code to − from} rows
     * @throws IllegalArgumentException unless {@code 0 <= from <= to <= size()}
     */
    public Dataset slice(int from, int to) {
        checkRange(from, to, size());
        int features = x.cols();
        Matrix part = Matrix.zeros(x.dtype(), to - from, features);
        if (x.dtype() == DType.F32) {
            System.arraycopy(x.floats(), from * features, part.floats(), 0, (to - from) * features);
        } else {
            System.arraycopy(x.doubles(), from * features, part.doubles(), 0, (to - from) * features);
        }
        return new Dataset(name + "[" + from + ":" + to + "]", part,
                Arrays.copyOfRange(labels, from, to), numClasses);
    }

    /**
     * The rows of {@code this} followed by the rows of {@code more}, as a new dataset with copies
     * of both, named {@code name}; e.g. the 42,000 training and 18,000 validation images of
     * MNIST as one set of 60,000 to fit on once a configuration has been chosen.
     *
     * @param name the new dataset's name
     * @param more the rows to append: the same dtype, features and classes
     * @return a new dataset of {@code size() + more.size()} rows
     * @throws DataException naming both datasets if their dtype, features or classes differ
     */
    public Dataset concat(String name, Dataset more) {
        if (more.x.dtype() != x.dtype() || more.features() != features() || more.numClasses != numClasses) {
            throw new DataException("Cannot append " + more + " to " + this
                    + ": expected the same dtype, features and classes");
        }
        int n = size() + more.size();
        Matrix all = Matrix.zeros(x.dtype(), n, features());
        if (x.dtype() == DType.F32) {
            System.arraycopy(x.floats(), 0, all.floats(), 0, x.size());
            System.arraycopy(more.x.floats(), 0, all.floats(), x.size(), more.x.size());
        } else {
            System.arraycopy(x.doubles(), 0, all.doubles(), 0, x.size());
            System.arraycopy(more.x.doubles(), 0, all.doubles(), x.size(), more.x.size());
        }
        int[] allLabels = Arrays.copyOf(labels, n);
        System.arraycopy(more.labels, 0, allLabels, size(), more.size());
        return new Dataset(name, all, allLabels, numClasses);
    }

    @Override
    public String toString() {
        return "Dataset(" + name + ", " + x.shape() + " " + x.dtype() + ", " + numClasses + " classes)";
    }

    private static void checkRange(int from, int to, int size) {
        if (from < 0 || from > to || to > size) {
            throw new IllegalArgumentException("Invalid range [" + from + ", " + to
                    + "): expected 0 <= from <= to <= " + size);
        }
    }

    private static void checkLabels(int[] labels, int numClasses, String source) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new DataException(source + ": expected labels in [0, " + numClasses
                        + "), found " + labels[i] + " at index " + i);
            }
        }
    }

    private static void checkFinite(Matrix x, String source) {
        int cols = x.cols();
        for (int i = 0, n = x.size(); i < n; i++) {
            double v = x.get(i);
            if (!Double.isFinite(v)) {
                throw new DataException(source + ": expected finite values, found " + v
                        + " in row " + (i / cols) + " (column " + (i % cols) + ")");
            }
        }
    }
}
