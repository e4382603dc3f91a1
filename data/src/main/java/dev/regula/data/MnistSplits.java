package dev.regula.data;

import java.util.Objects;

/**
 * The three MNIST datasets of the case study: {@code train} fits the weights, {@code validation}
 * chooses between configurations (early stopping, learning-rate schedules), and {@code test} is
 * reported once at the end.
 *
 * @param train the first 42,000 training images (or the first 70 %, see {@link Mnist})
 * @param validation the remaining 18,000 training images (the remaining 30 %)
 * @param test the official 10,000 test images; for a user's CSV or PNG data without a labeled test
 *     file, the validation dataset itself (see {@link DataSources} and {@link #hasSeparateTest()})
 */
public record MnistSplits(Dataset train, Dataset validation, Dataset test) {

    /**
     * Requires all three datasets.
     *
     * @param train the training set, not null
     * @param validation the validation set, not null
     * @param test the test set (may be the validation set itself), not null
     */
    public MnistSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
    }

    /**
     * False when the data had no labeled test set and {@code test} is the validation dataset
     * itself (then the test figures repeat the validation figures and say nothing more).
     *
     * @return true when test is a dataset of its own
     */
    public boolean hasSeparateTest() {
        return test != validation;
    }
}
