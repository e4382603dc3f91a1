package dev.regula.experiments;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.regula.core.Checks;
import dev.regula.core.Matrix;
import dev.regula.data.Dataset;
import dev.regula.data.MnistSplits;
import dev.regula.data.augment.Augmentation;
import dev.regula.data.augment.Featurewise;
import java.util.List;
import java.util.Locale;

/**
 * The featurewise preprocessing of a {@link RunSpec}, as plain values (so that a spec can be
 * written into a checkpoint and read back): which {@link Featurewise} statistics to fit on the
 * training split, and ZCA's ε. The statistics themselves are not stored; they are fitted again
 * from the training split, which gives the same numbers bit for bit.
 *
 * <pre>
 * none         x' = x
 * center       x' = x − μ
 * standardize  x' = (x − μ) / (s + 1e-6)        (Keras's featurewise_std_normalization; x − μ where s = 0)
 * zca          x' = (x − μ)·W,  W = U·diag(1/√(λ + ε))·Uᵀ   (Keras's zca_whitening, zca_epsilon = ε)
 * </pre>
 *
 * <p><b>Where it runs</b> ({@link #prepare}): μ, s and W are fitted on {@code splits.train()}
 * only, never on validation or test images, and applied to all three splits. The validation and
 * test images are transformed once, up front. The training images are transformed once too, unless
 * the training batches are randomly augmented: {@link Augmentation} works on raw pixels in [0, 1]
 * (its fill value 0 is the black background, its clipping keeps [0, 1]), so whitened images
 * cannot be augmented. Then the training split stays raw and the augmentation applies the
 * statistics to each batch after its random transforms ({@link Augmentation.Builder#featurewise}),
 * the order Keras's ImageDataGenerator uses. Either way the network sees the same kind of input
 * in training, validation and test.
 *
 * <p><b>ε of ZCA.</b> The default is {@value #DEFAULT_ZCA_EPSILON}, not Keras's
 * {@link Featurewise#KERAS_ZCA_EPSILON 1e-6}: a direction in which the training images do not vary
 * (MNIST's 42,000 training images leave 71 border pixels at 0) has λ = 0 and is scaled by
 * 1/√ε, 1000 times with 1e-6, about 3 times with 0.1. On MNIST (fitted on the 42,000 training
 * images) ε = 1e-6 gives whitened values up to about 190 in training and 890 in the test split,
 * where a digit touches such a pixel; ε = 0.1 keeps every split within about ±3.2. It is also the default of
 * {@code regula augment --zca-epsilon} and the range docs/zca.md recommends (1e-2 to 1e-1).
 * Standardization keeps Keras's fixed 1e-6 ({@link Featurewise#STD_EPSILON}), but only centers a pixel that is constant in the training split.
 *
 * @param kind       "none", "center", "standardize" or "zca"
 * @param zcaEpsilon ε of ZCA whitening, finite and &gt; 0 (only "zca" uses it)
 */
public record FeaturewiseSpec(String kind, double zcaEpsilon) {

    /** The kinds {@link #kind} accepts, as {@code regula train --featurewise} spells them. */
    public static final List<String> KINDS = List.of("none", "center", "standardize", "zca");

    /** ZCA's default ε (see the class javadoc for why not Keras's 1e-6). */
    public static final double DEFAULT_ZCA_EPSILON = 0.1;

    /** No featurewise preprocessing: the images as they are, in [0, 1]. */
    public static final FeaturewiseSpec NONE = new FeaturewiseSpec("none", DEFAULT_ZCA_EPSILON);

    /**
     * @throws IllegalArgumentException naming the key (the run spec's featurewise.kind or .zca_epsilon), the expectation and the value, for an
     *     unknown kind or an ε that is not a finite number &gt; 0
     */
    public FeaturewiseSpec {
        if (kind == null || !KINDS.contains(kind)) {
            throw new IllegalArgumentException("Invalid value for kind: expected one of " + KINDS
                    + ", received: " + kind);
        }
        Checks.positive("zca_epsilon", zcaEpsilon);
    }

    /** {@code kind} with the default ZCA ε. */
    public static FeaturewiseSpec of(String kind) {
        return new FeaturewiseSpec(kind, DEFAULT_ZCA_EPSILON);
    }

    /** True for "none". Derived, so not written to JSON with the components. */
    @JsonIgnore
    public boolean isNone() {
        return kind.equals("none");
    }

    /**
     * Fits the statistics on the training images.
     *
     * @param train (n × d), the training split only. Not modified.
     * @return the fitted statistics, or null for "none"
     * @throws IllegalArgumentException for ZCA, when the d × d matrices would not fit in the heap
     *     (before anything is allocated; the message gives the memory needed)
     */
    public Featurewise fit(Matrix train) {
        return switch (kind) {
            case "none" -> null;
            case "center" -> Featurewise.fitCenter(train);
            case "standardize" -> Featurewise.fitStandardize(train);
            case "zca" -> Featurewise.fitZca(train, zcaEpsilon);
            default -> throw new IllegalStateException(kind); // the constructor admits no other kind
        };
    }

    /**
     * Fits the statistics on {@code splits.train()} and applies them (see the class javadoc).
     *
     * @param splits the raw splits. Not modified.
     * @param augmented true when the training batches are randomly augmented: the training split
     *     is then returned raw, and the returned statistics must be handed to the augmentation
     *     ({@link RunSpec#augmentation(Featurewise)})
     * @return the splits the model sees, the fitted statistics (null for "none") and the seconds
     *     the fit and the application took
     */
    public Prepared prepare(MnistSplits splits, boolean augmented) {
        if (isNone()) {
            return new Prepared(splits, null, 0, 0);
        }
        long start = System.nanoTime();
        Featurewise statistics = fit(splits.train().x());
        long fitted = System.nanoTime();
        Dataset train = augmented ? splits.train() : statistics.transform(splits.train());
        Dataset validation = statistics.transform(splits.validation());
        // Without a labelled test set the test split is the validation split itself: transform it once.
        Dataset test = splits.hasSeparateTest() ? statistics.transform(splits.test()) : validation;
        long applied = System.nanoTime();
        return new Prepared(new MnistSplits(train, validation, test), statistics,
                (fitted - start) / 1e9, (applied - fitted) / 1e9);
    }

    /**
     * What {@link #prepare} returns.
     *
     * @param splits       the splits the model sees
     * @param statistics   the statistics fitted on the training split, or null for "none"
     * @param fitSeconds   the time the fit took
     * @param applySeconds the time applying them to the splits took
     */
    public record Prepared(MnistSplits splits, Featurewise statistics, double fitSeconds, double applySeconds) {}

    /** For the log and history.json, e.g. "ZCA whitening ε=0.1"; empty for "none". */
    public String describe() {
        return switch (kind) {
            case "center" -> "featurewise centering";
            case "standardize" -> "featurewise standardization";
            case "zca" -> String.format(Locale.ROOT, "ZCA whitening ε=%s", zcaEpsilon);
            default -> "";
        };
    }
}
