/**
 * Data: {@link dev.regula.data.Dataset}, the IDX file format, the MNIST loader and fetcher, and the
 * readers of a user's own data: Kaggle-style CSV ({@link dev.regula.data.CsvReader}) and a folder
 * of PNG images with a {@code filename,label} index ({@link dev.regula.data.ImageFolderReader}),
 * both behind {@link dev.regula.data.DataSources#load}, the entry point for {@code --data PATH}.
 * Augmentation and featurewise statistics are in {@link dev.regula.data.augment}.
 *
 * <p>Rows are examples everywhere: a dataset's {@code x} is (n × features), one image per row,
 * its pixels flattened row by row and scaled to [0, 1] as {@code value / 255}; its labels are
 * class indices in {@code [0, numClasses)}, and {@link dev.regula.data.Dataset#oneHot()} is
 * (n × numClasses).
 *
 * <p>A problem with a user's data (a missing file, a wrong magic number, a truncated file, a label
 * out of range, a failed download) is a {@link dev.regula.data.DataException} whose message names
 * the file or argument, what was expected and what was found, on one line.
 *
 * <p>{@link dev.regula.data.AtomicFiles} and {@link dev.regula.data.Sha256} are small helpers that
 * the MNIST cache uses and that checkpoints reuse: a file is either the old one or the complete
 * new one, never half written.
 */
package dev.regula.data;
