package dev.regula.experiments;

import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.data.augment.Augmentation;
import dev.regula.data.augment.Featurewise;
import dev.regula.nn.Adam;
import dev.regula.nn.AdamW;
import dev.regula.nn.Callback;
import dev.regula.nn.Dense;
import dev.regula.nn.Layer;
import dev.regula.nn.ReLU;
import dev.regula.nn.Sequential;
import dev.regula.nn.SoftmaxCrossEntropy;
import dev.regula.regularization.BatchNormalization;
import dev.regula.regularization.Dropout;
import dev.regula.regularization.EarlyStopping;
import dev.regula.regularization.L1;
import dev.regula.regularization.L2;
import dev.regula.regularization.LearningRateSchedule;
import dev.regula.regularization.MaxNorm;
import dev.regula.regularization.Penalties;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A training recipe of the case study (DESIGN.md): the seeds' 784-500-500-500-500-500-10 ReLU
 * network with a softmax cross-entropy output, glorot-uniform kernels, zero biases and Adam
 * (lr 1e-3, β 0.9/0.999, ε 1e-7), batch 128, 10 epochs, plus the regularization switched on.
 *
 * <p>Each hidden block is {@code Dense → [BatchNormalization] → ReLU → [Dropout]}; penalties and
 * max-norm apply to the five hidden kernels (not the output layer), as in the seeds.
 *
 * @param name                  the preset's name, or "custom"
 * @param description           one line for the log
 * @param l2                    λ of an L2 penalty λ·Σw² on the hidden kernels (0: none)
 * @param l1                    λ of an L1 penalty λ·Σ|w| on the hidden kernels (0: none)
 * @param dropoutRate           Keras's rate = 1 − keepProb after each hidden ReLU (0: none)
 * @param batchnorm             batch normalization between each hidden Dense and its ReLU
 * @param earlyStoppingPatience EarlyStopping on val_acc with this patience, restoring the best
 *                              weights (−1: none)
 * @param weightDecay           decoupled weight decay λ with AdamW instead of Adam (0: none)
 * @param maxNorm               max-norm c on each hidden unit's incoming weights (0: none)
 * @param augment               the augmentation of the training batches ({@link AugmentSpec#NONE}: none)
 * @param epochs                the recipe's own epoch count (10 for the seeds' configs; a run's
 *                              {@code --epochs} overrides it); 0 when read from an older
 *                              checkpoint means 10
 * @param lrSchedule            "none" (Adam's constant 1e-3) or "cosine" (annealed to 1e-5 over the
 *                              run, {@link LearningRateSchedule#cosine}); null means "none"
 * @param featurewise           centering, standardization or ZCA whitening fitted on the training
 *                              split and applied to every split ({@link FeaturewiseSpec}); null (a
 *                              recipe written before this field existed) means
 *                              {@link FeaturewiseSpec#NONE}
 */
public record Recipe(String name, String description, double l2, double l1, double dropoutRate, boolean batchnorm,
              int earlyStoppingPatience, double weightDecay, double maxNorm, AugmentSpec augment,
              int epochs, String lrSchedule, FeaturewiseSpec featurewise) {

    public static final int[] HIDDEN = {500, 500, 500, 500, 500};

    /** The schedules {@link #lrSchedule} accepts. */
    public static final List<String> SCHEDULES = List.of("none", "cosine");

    /** {@code best}'s augmentation: the seeds' affine ranges (rotation ±10°, shifts ±10 %, zoom 0.9–1.1). */
    static final AugmentSpec BEST_AUGMENT = AugmentSpec.CASE_STUDY;
    static final double BEST_DROPOUT = 0.1;
    static final int BEST_EPOCHS = 30;
    static final String BEST_DESCRIPTION = "batch norm, dropout 0.1, affine augmentation, cosine learning rate, 30 epochs";

    /** The named presets, with the values of DESIGN.md's case study. */
    public static final Map<String, Recipe> PRESETS = Map.of(
            "baseline", new Recipe("baseline", "the seeds' MLP without regularization", 0, 0, 0, false, -1, 0, 0, AugmentSpec.NONE, 10, "none", FeaturewiseSpec.NONE),
            "l2", new Recipe("l2", "L2 1e-4 on the hidden kernels", 1e-4, 0, 0, false, -1, 0, 0, AugmentSpec.NONE, 10, "none", FeaturewiseSpec.NONE),
            "l1", new Recipe("l1", "L1 1e-4 on the hidden kernels", 0, 1e-4, 0, false, -1, 0, 0, AugmentSpec.NONE, 10, "none", FeaturewiseSpec.NONE),
            "dropout", new Recipe("dropout", "dropout rate 0.25 (keepProb 0.75) after each hidden layer",
                    0, 0, 0.25, false, -1, 0, 0, AugmentSpec.NONE, 10, "none", FeaturewiseSpec.NONE),
            "dropout_aug", new Recipe("dropout_aug", "dropout 0.25 and affine augmentation (rotation ±10°, shifts ±10 %, zoom 0.9-1.1)",
                    0, 0, 0.25, false, -1, 0, 0, AugmentSpec.CASE_STUDY, 10, "none", FeaturewiseSpec.NONE),
            "early_stop", new Recipe("early_stop", "early stopping on val_acc, patience 2, best weights restored",
                    0, 0, 0, false, 2, 0, 0, AugmentSpec.NONE, 10, "none", FeaturewiseSpec.NONE),
            "batchnorm", new Recipe("batchnorm", "batch normalization before each hidden ReLU",
                    0, 0, 0, true, -1, 0, 0, AugmentSpec.NONE, 10, "none", FeaturewiseSpec.NONE),
            "best", new Recipe("best", BEST_DESCRIPTION,
                    0, 0, BEST_DROPOUT, true, -1, 0, 0, BEST_AUGMENT, BEST_EPOCHS, "cosine", FeaturewiseSpec.NONE));

    public Recipe {
        Checks.nonNegative("--l2", l2);
        Checks.nonNegative("--l1", l1);
        Checks.inRangeHalfOpen("--dropout-rate", dropoutRate, 0.0, 1.0);
        if (earlyStoppingPatience < -1) {
            throw new IllegalArgumentException("Invalid value for --early-stopping-patience: expected an integer >= 0, received: "
                    + earlyStoppingPatience);
        }
        Checks.nonNegative("--weight-decay", weightDecay);
        Checks.nonNegative("--max-norm", maxNorm);
        if (augment == null) {
            augment = AugmentSpec.NONE;
        }
        augment.build();   // validates every setting now, before any data is read
        if (epochs == 0) {
            epochs = 10;       // a recipe written before the epochs field existed
        }
        Checks.positive("--epochs", epochs);
        if (lrSchedule == null) {
            lrSchedule = "none";
        }
        if (!SCHEDULES.contains(lrSchedule)) {
            throw new IllegalArgumentException("Invalid value for the learning-rate schedule: expected one of " + SCHEDULES
                    + ", received: " + lrSchedule);
        }
        if (featurewise == null) {
            featurewise = FeaturewiseSpec.NONE;   // a recipe written before the featurewise field existed
        }
    }

    /** The preset called {@code name}. */
    public static Recipe preset(String name) {
        Recipe r = PRESETS.get(name);
        if (r == null) {
            throw new IllegalArgumentException("Unknown preset: expected one of "
                    + PRESETS.keySet().stream().sorted().toList() + ", received: " + name);
        }
        return r;
    }

    public Recipe withL2(double v) { return new Recipe(name, description, v, l1, dropoutRate, batchnorm, earlyStoppingPatience, weightDecay, maxNorm, augment, epochs, lrSchedule, featurewise); }
    public Recipe withL1(double v) { return new Recipe(name, description, l2, v, dropoutRate, batchnorm, earlyStoppingPatience, weightDecay, maxNorm, augment, epochs, lrSchedule, featurewise); }
    public Recipe withDropoutRate(double v) { return new Recipe(name, description, l2, l1, v, batchnorm, earlyStoppingPatience, weightDecay, maxNorm, augment, epochs, lrSchedule, featurewise); }
    public Recipe withBatchnorm(boolean v) { return new Recipe(name, description, l2, l1, dropoutRate, v, earlyStoppingPatience, weightDecay, maxNorm, augment, epochs, lrSchedule, featurewise); }
    public Recipe withEarlyStoppingPatience(int v) { return new Recipe(name, description, l2, l1, dropoutRate, batchnorm, v, weightDecay, maxNorm, augment, epochs, lrSchedule, featurewise); }
    public Recipe withWeightDecay(double v) { return new Recipe(name, description, l2, l1, dropoutRate, batchnorm, earlyStoppingPatience, v, maxNorm, augment, epochs, lrSchedule, featurewise); }
    public Recipe withMaxNorm(double v) { return new Recipe(name, description, l2, l1, dropoutRate, batchnorm, earlyStoppingPatience, weightDecay, v, augment, epochs, lrSchedule, featurewise); }

    public Recipe withEpochs(int v) { return new Recipe(name, description, l2, l1, dropoutRate, batchnorm, earlyStoppingPatience, weightDecay, maxNorm, augment, v, lrSchedule, featurewise); }
    public Recipe withLrSchedule(String v) { return new Recipe(name, description, l2, l1, dropoutRate, batchnorm, earlyStoppingPatience, weightDecay, maxNorm, augment, epochs, v, featurewise); }
    public Recipe withName(String n, String d) { return new Recipe(n, d, l2, l1, dropoutRate, batchnorm, earlyStoppingPatience, weightDecay, maxNorm, augment, epochs, lrSchedule, featurewise); }

    public Recipe withFeaturewise(FeaturewiseSpec v) { return new Recipe(name, description, l2, l1, dropoutRate, batchnorm, earlyStoppingPatience, weightDecay, maxNorm, augment, epochs, lrSchedule, v); }
    public Recipe withAugment(AugmentSpec v) { return new Recipe(name, description, l2, l1, dropoutRate, batchnorm, earlyStoppingPatience, weightDecay, maxNorm, v, epochs, lrSchedule, featurewise); }

    /** A one-line summary of what is switched on, e.g. "L2 0.0001, dropout 0.25". */
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (l2 > 0) parts.add("L2 " + l2);
        if (l1 > 0) parts.add("L1 " + l1);
        if (dropoutRate > 0) parts.add("dropout rate " + dropoutRate);
        if (batchnorm) parts.add("batch norm");
        if (earlyStoppingPatience >= 0) parts.add("early stopping (val_acc, patience " + earlyStoppingPatience + ")");
        if (weightDecay > 0) parts.add("AdamW weight decay " + weightDecay);
        if (maxNorm > 0) parts.add("max-norm " + maxNorm);
        if (!augment.isNone()) parts.add("augmentation (" + augment.build().describe() + ")");
        if (!featurewise.isNone()) {
            parts.add(featurewise.describe() + (augment.isNone() ? " (fitted on the training split)"
                    : " (fitted on the training split, applied after the augmentation)"));
        }
        if (lrSchedule.equals("cosine")) parts.add("cosine learning rate 1e-3 → 1e-5");
        return parts.isEmpty() ? "no regularization" : String.join(", ", parts);
    }

    /**
     * Builds and compiles the model for {@code inputs} features and {@code classes} classes, for a
     * recipe without featurewise preprocessing.
     *
     * @throws IllegalStateException when the recipe has featurewise statistics to fit first: use
     *     {@link #model(int, int, DType, long, Featurewise)}
     */
    public Sequential model(int inputs, int classes, DType dtype, long seed) {
        return model(inputs, classes, dtype, seed, null);
    }

    /**
     * Builds and compiles the model, with the augmentation of {@link #augmentation(Featurewise)}.
     *
     * @param statistics what {@link FeaturewiseSpec#prepare} fitted on the training split (null for
     *     a recipe without featurewise preprocessing)
     */
    public Sequential model(int inputs, int classes, DType dtype, long seed, Featurewise statistics) {
        Augmentation augmentation = augmentation(statistics);
        List<Layer> layers = new ArrayList<>();
        int width = inputs;
        for (int h : HIDDEN) {
            layers.add(new Dense(width, h));
            if (batchnorm) {
                layers.add(new BatchNormalization(h));
            }
            layers.add(new ReLU());
            if (dropoutRate > 0) {
                layers.add(Dropout.ofRate(dropoutRate));
            }
            width = h;
        }
        layers.add(new Dense(width, classes));          // logits; softmax is fused into the loss
        Sequential model = new Sequential(dtype, seed, layers.toArray(new Layer[0]));
        model.compile(new SoftmaxCrossEntropy(), weightDecay > 0 ? new AdamW(1e-3, weightDecay) : new Adam());
        if (l2 > 0) {
            Penalties.onKernels(model, L2.of(l2), false);
        }
        if (l1 > 0) {
            Penalties.onKernels(model, L1.of(l1), false);
        }
        if (maxNorm > 0) {
            MaxNorm.onKernels(model, maxNorm, false);
        }
        model.setAugmentation(augmentation);
        return model;
    }

    /**
     * The augmentation of the training batches, or null for none. With featurewise preprocessing
     * it ends with the fitted statistics, applied to each batch after the random transforms (the
     * training split then stays raw, see {@link FeaturewiseSpec}).
     *
     * @param statistics what {@link FeaturewiseSpec#prepare} fitted on the training split (null for
     *     a recipe without featurewise preprocessing)
     * @throws IllegalStateException when {@code statistics} does not match {@link #featurewise}
     */
    public Augmentation augmentation(Featurewise statistics) {
        if (featurewise.isNone() != (statistics == null)
                || statistics != null && !statistics.kind().name().equalsIgnoreCase(featurewise.kind())) {
            throw new IllegalStateException("The recipe's featurewise preprocessing is '" + featurewise.kind()
                    + "', received fitted statistics " + statistics
                    + "; fit them on the training split with FeaturewiseSpec.prepare first");
        }
        Augmentation random = augment.build();
        if (random == null || statistics == null) {
            return random;
        }
        return random.toBuilder().featurewise(statistics).build();
    }

    /**
     * The callbacks the recipe needs (early stopping, the learning-rate schedule), new instances
     * on every call, to add beside the progress line.
     */
    public List<Callback> callbacks() {
        List<Callback> list = new ArrayList<>();
        if (earlyStoppingPatience >= 0) {
            list.add(new EarlyStopping("val_acc", earlyStoppingPatience, true));
        }
        if (lrSchedule.equals("cosine")) {
            list.add(LearningRateSchedule.cosine(1e-5));
        }
        return List.copyOf(list);
    }

    public String key() {
        return name.toLowerCase(Locale.ROOT);
    }
}
