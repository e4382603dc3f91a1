package dev.regula.experiments;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.regula.core.DType;
import dev.regula.data.Dataset;
import dev.regula.data.MnistSplits;
import dev.regula.data.augment.AugmentConfig;
import dev.regula.data.augment.Augmentation;
import dev.regula.data.augment.Featurewise;
import dev.regula.nn.Adam;
import dev.regula.nn.AdamW;
import dev.regula.nn.Callback;
import dev.regula.nn.Convention;
import dev.regula.nn.Dense;
import dev.regula.nn.Initializer;
import dev.regula.nn.Layer;
import dev.regula.nn.ReLU;
import dev.regula.nn.RmsProp;
import dev.regula.nn.Sequential;
import dev.regula.nn.Sgd;
import dev.regula.nn.Sigmoid;
import dev.regula.nn.SoftmaxCrossEntropy;
import dev.regula.nn.Tanh;
import dev.regula.regularization.BatchNormalization;
import dev.regula.regularization.Dropout;
import dev.regula.regularization.EarlyStopping;
import dev.regula.regularization.L1;
import dev.regula.regularization.L2;
import dev.regula.regularization.LearningRateSchedule;
import dev.regula.regularization.MaxNorm;
import dev.regula.regularization.PenaltyFactory;
import dev.regula.regularization.SgdW;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One training run, described as data: the model, the loss, the optimizer and its learning-rate
 * schedule, the regularization, the augmentation and featurewise statistics, the training loop's
 * settings and the data source. A spec is read from a YAML file ({@link #read}; JSON is valid YAML
 * too), is merged over the defaults, which are written once in {@code spec-defaults.yaml} beside
 * the presets (every key, its default and what it means), and is written back whole
 * ({@link #toYaml}) into {@code history.json}, {@code results.json} and checkpoints.
 *
 * <pre>
 * # 784-100-10 with dropout keepProb 0.5 and L2 on the first layer only
 * name: small
 * model:
 *   hidden: [100]
 *   keep_prob: 0.5
 * regularization:
 *   l2: {lambda: 1.0e-4, layers: [1]}
 * </pre>
 *
 * <p>The network it builds ({@link #model}) is, for each hidden layer,
 * {@code Dense → [BatchNormalization] → activation → [Dropout(keepProb)]}, then a
 * {@code Dense} to the classes whose logits go into the softmax cross-entropy. Dense layers are
 * numbered from 1 in {@code layers:} selections; the output layer is number (hidden count + 1).
 *
 * <p>The eight presets of the case study are spec files under {@code presets/}
 * ({@link #preset}); each names only what differs from the defaults, which are the seeds'
 * baseline. Java code changes a spec by key path, with the same checks as a file:
 * {@code RunSpec.preset("baseline").with("regularization.l2.lambda", 1e-4)}.
 *
 * @param name           the run's name (the preset's name, or the spec file's), used for output folders
 * @param description    one line for the log
 * @param convention     keras (the default) or pytorch: whose formulas Adam, AdamW, RMSprop and batch
 *                       norm use where the two differ (docs/conventions.md); hyperparameters stay as given
 * @param model          the network
 * @param optimizer      the optimizer and its hyperparameters
 * @param schedule       the learning-rate schedule
 * @param regularization penalties, max-norm and early stopping
 * @param augment        the random augmentation of training batches
 * @param featurewise    centering, standardization or ZCA, fitted on the training split
 * @param training       epochs, batch size, seed and element type
 * @param data           "mnist" (the cached MNIST) or a path: an IDX directory, a CSV file or a PNG folder
 */
public record RunSpec(String name, String description, String convention, ModelSpec model, OptimizerSpec optimizer,
                      ScheduleSpec schedule, RegularizationSpec regularization, AugmentConfig augment,
                      FeaturewiseSpec featurewise, TrainingSpec training, String data) {

    /** The presets, in the case study's order; each is {@code presets/NAME.yaml}. */
    public static final List<String> PRESETS = List.of(
            "baseline", "l2", "l1", "dropout", "dropout_aug", "early_stop", "batchnorm", "best", "record");

    /** The seeds' hidden layers: five of 500 units. */
    static final List<Integer> SEEDS_HIDDEN = List.of(500, 500, 500, 500, 500);

    public RunSpec {
        require(name != null && !name.isBlank() && name.matches("[A-Za-z0-9_.=+-]+"), "name",
                "a non-empty name of letters, digits and _ . = + -", name);
        require(description != null, "description", "a line of text", description);
        oneOf("convention", convention, List.of("keras", "pytorch"));
        require(model != null, "model", "a mapping", model);
        require(optimizer != null, "optimizer", "a mapping", optimizer);
        require(schedule != null, "schedule", "a mapping", schedule);
        require(regularization != null, "regularization", "a mapping", regularization);
        require(augment != null, "augment", "a mapping", augment);
        require(featurewise != null, "featurewise", "a mapping", featurewise);
        require(training != null, "training", "a mapping", training);
        require(data != null && !data.isBlank(), "data", "mnist or a path", data);
        int denseLayers = model.hidden().size() + 1;
        regularization.l2().layers().check("regularization.l2.layers", denseLayers);
        regularization.l1().layers().check("regularization.l1.layers", denseLayers);
        regularization.maxNorm().layers().check("regularization.max_norm.layers", denseLayers);
        if (training.fitsOnValidation() && regularization.earlyStopping().enabled()
                && regularization.earlyStopping().monitor().startsWith("val_")) {
            throw new IllegalArgumentException("Invalid value for training.fit_on: early stopping on "
                    + regularization.earlyStopping().monitor() + " needs a validation split the network is not fitted on;"
                    + " expected train, received: " + training.fitOn());
        }
        if (optimizer.weightDecay() > 0 && !optimizer.name().equals("adamw") && !optimizer.name().equals("sgdw")) {
            throw new IllegalArgumentException("Invalid value for optimizer.weight_decay: decoupled weight decay needs"
                    + " optimizer.name adamw or sgdw; expected 0 with " + optimizer.name() + ", received: "
                    + optimizer.weightDecay());
        }
    }

    // ---------------------------------------------------------------- the parts

    /**
     * The network.
     *
     * @param inputs            the input features; null: the data's
     * @param hidden            the hidden layers, in order; each a unit count, or a mapping that
     *                          overrides the settings below for that layer
     * @param activation        relu, sigmoid or tanh, after each hidden Dense (and its batch norm)
     * @param batchnorm         batch normalization between each hidden Dense and its activation
     * @param batchnormMomentum the running averages' momentum in Keras's sense (the old value's weight)
     * @param batchnormEpsilon  ε added to the batch variance
     * @param keepProb          dropout after each hidden activation keeps a unit with this
     *                          probability (Keras's rate = 1 − keepProb; 1: no dropout)
     * @param kernelInitializer glorot_uniform, glorot_normal, he_uniform, he_normal, lecun_uniform or lecun_normal
     * @param loss              softmax_cross_entropy (the output Dense gives the logits)
     */
    public record ModelSpec(Integer inputs, List<HiddenLayer> hidden, String activation, boolean batchnorm,
                            double batchnormMomentum, double batchnormEpsilon, double keepProb,
                            String kernelInitializer, String loss) {
        static final List<String> ACTIVATIONS = List.of("relu", "sigmoid", "tanh");

        public ModelSpec {
            require(inputs == null || inputs > 0, "inputs", "a positive integer, or null for the data's", inputs);
            require(hidden != null && !hidden.isEmpty() && !hidden.contains(null), "hidden",
                    "a list of at least one layer", hidden);
            hidden = List.copyOf(hidden);
            oneOf("activation", activation, ACTIVATIONS);
            for (int i = 0; i < hidden.size(); i++) {
                if (hidden.get(i).activation() != null) {
                    oneOf("hidden[" + i + "].activation", hidden.get(i).activation(), ACTIVATIONS);
                }
            }
            require(batchnormMomentum >= 0 && batchnormMomentum < 1, "batchnorm_momentum", "a number in [0, 1)",
                    batchnormMomentum);
            require(batchnormEpsilon > 0 && Double.isFinite(batchnormEpsilon), "batchnorm_epsilon",
                    "a finite number > 0", batchnormEpsilon);
            requireKeepProb("keep_prob", keepProb);
            require(kernelInitializer != null && !kernelInitializer.equalsIgnoreCase("zeros") && parses(kernelInitializer),
                    "kernel_initializer",
                    "one of glorot_uniform, glorot_normal, he_uniform, he_normal, lecun_uniform, lecun_normal",
                    kernelInitializer);
            oneOf("loss", loss, List.of("softmax_cross_entropy"));
        }

        private static boolean parses(String initializer) {
            try {
                Initializer.parse(initializer);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        String activationOf(HiddenLayer h) {
            return h.activation() != null ? h.activation() : activation;
        }

        boolean batchnormOf(HiddenLayer h) {
            return h.batchnorm() != null ? h.batchnorm() : batchnorm;
        }

        double keepProbOf(HiddenLayer h) {
            return h.keepProb() != null ? h.keepProb() : keepProb;
        }
    }

    /**
     * A hidden layer: its units, and settings that override the model's for this layer only
     * (null: the model's). Written as a plain number when nothing is overridden.
     */
    public record HiddenLayer(int units, String activation, Boolean batchnorm, Double keepProb) {
        public HiddenLayer {
            require(units > 0, "units", "a positive integer", units);
            if (keepProb != null) {
                requireKeepProb("keep_prob", keepProb);
            }
        }

        /** {@code 500} or {@code {units: 500, keep_prob: 0.5, ...}}. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static HiddenLayer fromJson(JsonNode node) {
            if (node.isIntegralNumber()) {
                return new HiddenLayer(node.intValue(), null, null, null);
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException("expected a unit count or a mapping {units, activation, batchnorm,"
                        + " keep_prob}, received: " + node);
            }
            List<String> keys = List.of("units", "activation", "batchnorm", "keep_prob");
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!keys.contains(key)) {
                    throw new IllegalArgumentException("unknown key '" + key + "' in a hidden layer; expected one of " + keys);
                }
            }
            JsonNode units = node.get("units");
            require(units != null && units.isIntegralNumber(), "units", "a positive integer", units);
            JsonNode a = node.get("activation"), b = node.get("batchnorm"), k = node.get("keep_prob");
            require(a == null || a.isTextual(), "activation", "relu, sigmoid or tanh", a);
            require(b == null || b.isBoolean(), "batchnorm", "true or false", b);
            require(k == null || k.isNumber(), "keep_prob", "a number in (0, 1]", k);
            return new HiddenLayer(units.intValue(), a == null ? null : a.textValue(), b == null ? null : b.booleanValue(),
                    k == null ? null : k.doubleValue());
        }

        @JsonValue
        Object toJson() {
            if (activation == null && batchnorm == null && keepProb == null) {
                return units;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("units", units);
            if (activation != null) m.put("activation", activation);
            if (batchnorm != null) m.put("batchnorm", batchnorm);
            if (keepProb != null) m.put("keep_prob", keepProb);
            return m;
        }
    }

    /**
     * The optimizer. Each uses the hyperparameters its constructor takes: adam (learning_rate,
     * beta1, beta2, epsilon), adamw (the same and weight_decay), sgd (learning_rate, momentum,
     * nesterov), sgdw (the same and weight_decay), rmsprop (learning_rate, rho, epsilon).
     */
    public record OptimizerSpec(String name, double learningRate, double beta1, double beta2, double epsilon,
                                double weightDecay, double momentum, boolean nesterov, double rho) {
        public OptimizerSpec {
            oneOf("name", name, List.of("adam", "adamw", "sgd", "sgdw", "rmsprop"));
            require(learningRate > 0 && Double.isFinite(learningRate), "learning_rate", "a finite number > 0",
                    learningRate);
            require(beta1 >= 0 && beta1 < 1, "beta1", "a number in [0, 1)", beta1);
            require(beta2 >= 0 && beta2 < 1, "beta2", "a number in [0, 1)", beta2);
            require(epsilon > 0 && Double.isFinite(epsilon), "epsilon", "a finite number > 0", epsilon);
            require(weightDecay >= 0 && Double.isFinite(weightDecay), "weight_decay", "a finite number >= 0",
                    weightDecay);
            require(momentum >= 0 && momentum < 1, "momentum", "a number in [0, 1)", momentum);
            require(rho >= 0 && rho < 1, "rho", "a number in [0, 1)", rho);
        }

        dev.regula.nn.Optimizer build(Convention convention) {
            return switch (name) {
                case "adam" -> new Adam(learningRate, beta1, beta2, epsilon, convention);
                case "adamw" -> new AdamW(learningRate, weightDecay, beta1, beta2, epsilon, convention);
                case "sgd" -> new Sgd(learningRate, momentum, nesterov);
                case "sgdw" -> new SgdW(learningRate, weightDecay, momentum, nesterov);
                case "rmsprop" -> new RmsProp(learningRate, rho, epsilon, convention);
                default -> throw new IllegalStateException(name);   // the constructor admits no other
            };
        }
    }

    /**
     * The learning-rate schedule, a callback that sets the rate at the start of each epoch: none,
     * cosine (annealed from the optimizer's rate to {@code min_learning_rate} over the run) or step
     * (multiplied by {@code factor} every {@code every} epochs).
     */
    public record ScheduleSpec(String name, double minLearningRate, double factor, int every) {
        public ScheduleSpec {
            oneOf("name", name, List.of("none", "cosine", "step"));
            require(minLearningRate >= 0 && Double.isFinite(minLearningRate), "min_learning_rate",
                    "a finite number >= 0", minLearningRate);
            require(factor > 0 && factor <= 1, "factor", "a number in (0, 1]", factor);
            require(every > 0, "every", "a positive integer", every);
        }
    }

    /**
     * Penalties, the max-norm constraint and early stopping.
     *
     * @param l2            Keras's {@code l2(λ)}: λ·Σw² added to the mini-batch loss, on the kernels of {@code layers}
     * @param l1            Keras's {@code l1(λ)}: λ·Σ|w|
     * @param maxNorm       each unit's incoming weight vector rescaled to norm ≤ c after every step
     * @param earlyStopping stop when the monitored metric stops improving
     */
    public record RegularizationSpec(PenaltySpec l2, PenaltySpec l1, MaxNormSpec maxNorm,
                                     EarlyStoppingSpec earlyStopping) {
        public RegularizationSpec {
            require(l2 != null, "l2", "a mapping {lambda, layers}", l2);
            require(l1 != null, "l1", "a mapping {lambda, layers}", l1);
            require(maxNorm != null, "max_norm", "a mapping {c, layers}", maxNorm);
            require(earlyStopping != null, "early_stopping", "a mapping", earlyStopping);
        }
    }

    /** A penalty's λ (0: off) and the Dense layers whose kernels it applies to. */
    public record PenaltySpec(double lambda, LayerSelection layers) {
        public PenaltySpec {
            require(lambda >= 0 && Double.isFinite(lambda), "lambda", "a finite number >= 0", lambda);
            require(layers != null, "layers", "hidden, all or a list of Dense layer numbers", layers);
        }
    }

    /** The max-norm constraint's c (0: off) and the Dense layers whose kernels it applies to. */
    public record MaxNormSpec(double c, LayerSelection layers) {
        public MaxNormSpec {
            require(c >= 0 && Double.isFinite(c), "c", "a finite number >= 0", c);
            require(layers != null, "layers", "hidden, all or a list of Dense layer numbers", layers);
        }
    }

    /** Keras's {@code EarlyStopping(monitor, patience, restore_best_weights)}, when enabled. */
    public record EarlyStoppingSpec(boolean enabled, String monitor, int patience, boolean restoreBestWeights) {
        public EarlyStoppingSpec {
            oneOf("monitor", monitor, List.of("val_acc", "val_loss", "acc", "loss"));
            require(patience >= 0, "patience", "an integer >= 0", patience);
        }
    }

    /**
     * The loop: epochs, mini-batch size, the seed of every random draw, the element type, and what
     * the weights are fitted on: {@code train} (the training split; validation chooses) or
     * {@code train+validation} (both splits, once a configuration has been chosen on validation;
     * the validation figures are then on images the network was trained on).
     */
    public record TrainingSpec(int epochs, int batchSize, long seed, String dtype, String fitOn) {
        /** The values of {@code fit_on}. */
        public static final List<String> FIT_ON = List.of("train", "train+validation");

        public TrainingSpec {
            require(epochs > 0, "epochs", "a positive integer", epochs);
            require(batchSize > 0, "batch_size", "a positive integer", batchSize);
            oneOf("dtype", dtype, List.of("f32", "f64"));
            oneOf("fit_on", fitOn, FIT_ON);
        }

        /** True when the weights are fitted on the training and validation splits together. */
        public boolean fitsOnValidation() {
            return fitOn.equals("train+validation");
        }

        /** The element type. */
        public DType type() {
            return DType.parse(dtype);
        }
    }

    /**
     * Which Dense layers (numbered from 1, the output layer last) a penalty or constraint applies
     * to: {@code hidden} (all but the output layer, the seeds' choice), {@code all}, or a list.
     */
    public record LayerSelection(String keyword, List<Integer> numbers) {
        public static final LayerSelection HIDDEN = new LayerSelection("hidden", null);

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static LayerSelection fromJson(JsonNode node) {
            if (node.isTextual() && (node.textValue().equals("hidden") || node.textValue().equals("all"))) {
                return new LayerSelection(node.textValue(), null);
            }
            if (node.isArray() && node.size() > 0) {
                List<Integer> numbers = new ArrayList<>();
                for (JsonNode n : node) {
                    require(n.isIntegralNumber(), "layers", "hidden, all or a list of Dense layer numbers", node);
                    numbers.add(n.intValue());
                }
                return new LayerSelection(null, List.copyOf(numbers));
            }
            throw new IllegalArgumentException("expected hidden, all or a list of Dense layer numbers from 1, received: "
                    + node);
        }

        @JsonValue
        Object toJson() {
            return keyword != null ? keyword : numbers;
        }

        void check(String key, int denseLayers) {
            if (numbers != null) {
                for (int n : numbers) {
                    require(n >= 1 && n <= denseLayers, key, "Dense layer numbers from 1 to " + denseLayers
                            + " (the output layer is " + denseLayers + ")", numbers);
                }
            }
        }

        /** True for Dense layer {@code number} (from 1) of {@code denseLayers}. */
        boolean contains(int number, int denseLayers) {
            if (keyword != null) {
                return keyword.equals("all") || number < denseLayers;
            }
            return numbers.contains(number);
        }

        String describe() {
            return keyword != null ? keyword.equals("hidden") ? "" : " on all layers"
                    : " on Dense " + numbers.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("");
        }
    }

    // ---------------------------------------------------------------- reading, writing, changing

    /** The preset called {@code name}, from {@code presets/NAME.yaml}. */
    public static RunSpec preset(String name) {
        if (!PRESETS.contains(name)) {
            throw new IllegalArgumentException("Unknown preset: expected one of " + PRESETS + ", received: " + name);
        }
        return Specs.preset(name);
    }

    /**
     * Reads a spec file (YAML; JSON is YAML too) over the defaults. Without a {@code name:} the
     * file's name without its extension names the run.
     *
     * @throws SpecException naming the file, the key path, what was expected and what was received
     */
    public static RunSpec read(Path file) {
        return Specs.read(file);
    }

    /** Parses spec text over the defaults; {@code source} names it in messages. */
    public static RunSpec parse(String yaml, String source) {
        return Specs.parse(yaml, source, null);
    }

    /**
     * This spec with the value at a key path replaced, e.g. {@code with("augment.rotation", 10)}
     * or {@code with("model.hidden", List.of(100))}.
     *
     * @throws SpecException for an unknown key or a value the key does not accept
     */
    public RunSpec with(String keyPath, Object value) {
        return with(Map.of(keyPath, value));
    }

    /**
     * This spec with several values replaced at once (key path → value, applied in the map's
     * order, checked together: {@code elastic_alpha} and {@code elastic_sigma} only make sense as a pair).
     *
     * @throws SpecException for an unknown key or a value the key does not accept
     */
    public RunSpec with(Map<String, ?> overrides) {
        return Specs.build(Specs.toTree(this), "spec", overrides);
    }

    /** The whole spec, every key written, as YAML. */
    public String toYaml() {
        return Specs.toYaml(this);
    }

    /** The whole spec as a JSON tree (for history.json and results.json). */
    public JsonNode toJson() {
        return Specs.toTree(this);
    }

    /**
     * The key paths where this spec and {@code other} differ, in the order of the spec (e.g.
     * {@code regularization.l2.lambda}).
     */
    public List<String> differences(RunSpec other) {
        return Specs.differences(toJson(), other.toJson(), "");
    }

    // ---------------------------------------------------------------- building the run

    /** The folder-safe name, lower case. */
    public String key() {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * Builds and compiles the model for {@code inputs} features and {@code classes} classes, for a
     * spec without featurewise preprocessing, with the spec's dtype and seed.
     */
    public Sequential model(int inputs, int classes) {
        return model(inputs, classes, training.type(), training.seed(), null);
    }

    /** As {@link #model(int, int)}, with another dtype and seed (the case study's seeds). */
    public Sequential model(int inputs, int classes, DType dtype, long seed) {
        return model(inputs, classes, dtype, seed, null);
    }

    /**
     * Builds and compiles the model: the layers, the loss, the optimizer, the penalties and
     * constraints in layer order, and the augmentation of {@link #augmentation(Featurewise)}.
     *
     * @param statistics what {@link FeaturewiseSpec#prepare} fitted on the training split (null for
     *     a spec without featurewise preprocessing)
     * @throws IllegalArgumentException when {@code model.inputs} is set and differs from {@code inputs}
     */
    public Sequential model(int inputs, int classes, DType dtype, long seed, Featurewise statistics) {
        if (model.inputs() != null && model.inputs() != inputs) {
            throw new IllegalArgumentException("Invalid value for model.inputs: the data has " + inputs
                    + " features; expected " + inputs + " or null, received: " + model.inputs());
        }
        Augmentation augmentation = augmentation(statistics);
        Initializer init = Initializer.parse(model.kernelInitializer());
        List<Layer> layers = new ArrayList<>();
        List<Dense> dense = new ArrayList<>();
        int width = inputs;
        for (HiddenLayer h : model.hidden()) {
            Dense d = new Dense(width, h.units(), init);
            layers.add(d);
            dense.add(d);
            if (model.batchnormOf(h)) {
                layers.add(new BatchNormalization(h.units(), model.batchnormMomentum(), model.batchnormEpsilon(),
                        Convention.parse(convention)));
            }
            layers.add(activation(model.activationOf(h)));
            double keep = model.keepProbOf(h);
            if (keep < 1) {
                layers.add(new Dropout(keep));
            }
            width = h.units();
        }
        Dense output = new Dense(width, classes, init);          // logits; softmax is fused into the loss
        layers.add(output);
        dense.add(output);
        Sequential net = new Sequential(dtype, seed, layers.toArray(new Layer[0]));
        net.compile(new SoftmaxCrossEntropy(), optimizer.build(Convention.parse(convention)));
        attach(net, dense, regularization.l2(), L2::of);
        attach(net, dense, regularization.l1(), L1::of);
        MaxNormSpec maxNorm = regularization.maxNorm();
        if (maxNorm.c() > 0) {
            for (int i = 0; i < dense.size(); i++) {
                if (maxNorm.layers().contains(i + 1, dense.size())) {
                    net.addConstraint(new MaxNorm(dense.get(i).kernel(), maxNorm.c()));
                }
            }
        }
        net.setAugmentation(augmentation);
        return net;
    }

    private static void attach(Sequential net, List<Dense> dense, PenaltySpec penalty,
                               java.util.function.DoubleFunction<PenaltyFactory> form) {
        if (penalty.lambda() == 0) {
            return;
        }
        PenaltyFactory factory = form.apply(penalty.lambda());
        for (int i = 0; i < dense.size(); i++) {
            if (penalty.layers().contains(i + 1, dense.size())) {
                net.addPenalty(factory.on(dense.get(i).kernel()));
            }
        }
    }

    private static Layer activation(String name) {
        return switch (name) {
            case "relu" -> ReLU.inPlace();                     // the same numbers, one pass fewer (ReLU.inPlace)
            case "sigmoid" -> new Sigmoid();
            case "tanh" -> new Tanh();
            default -> throw new IllegalStateException(name);   // ModelSpec admits no other
        };
    }

    /**
     * The augmentation of the training batches, or null for none. With featurewise preprocessing
     * it ends with the fitted statistics, applied to each batch after the random transforms (the
     * training split then stays raw, see {@link FeaturewiseSpec}).
     *
     * @param statistics what {@link FeaturewiseSpec#prepare} fitted on the training split (null for
     *     a spec without featurewise preprocessing)
     * @throws IllegalStateException when {@code statistics} does not match {@link #featurewise}
     */
    public Augmentation augmentation(Featurewise statistics) {
        if (featurewise.isNone() != (statistics == null)
                || statistics != null && !statistics.kind().name().equalsIgnoreCase(featurewise.kind())) {
            throw new IllegalStateException("The spec's featurewise preprocessing is '" + featurewise.kind()
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
     * The callbacks the spec needs (early stopping, the learning-rate schedule), new instances on
     * every call, to add beside the progress line.
     */
    public List<Callback> callbacks() {
        List<Callback> list = new ArrayList<>();
        EarlyStoppingSpec es = regularization.earlyStopping();
        if (es.enabled()) {
            list.add(new EarlyStopping(es.monitor(), es.patience(), es.restoreBestWeights()));
        }
        switch (schedule.name()) {
            case "cosine" -> list.add(LearningRateSchedule.cosine(schedule.minLearningRate()));
            case "step" -> list.add(LearningRateSchedule.stepDecay(schedule.factor(), schedule.every()));
            default -> { }
        }
        return List.copyOf(list);
    }

    /**
     * The splits this spec trains on: {@code splits} itself, or with {@code training.fit_on:
     * train+validation} the training and validation splits joined as the training set (the
     * validation split stays, for figures on images the network has seen; the test split is
     * untouched).
     *
     * @throws IllegalArgumentException with {@code train+validation} when the data has no labelled
     *     test set of its own (its test figures would be on training images)
     */
    public MnistSplits fitSplits(MnistSplits splits) {
        if (!training.fitsOnValidation()) {
            return splits;
        }
        require(splits.hasSeparateTest(), "training.fit_on", "train for data without a labelled test set of its own"
                + " (train+validation would leave nothing unseen to test on)", training.fitOn());
        Dataset all = splits.train().concat(splits.train().name() + " + " + splits.validation().name(),
                splits.validation());
        return new MnistSplits(all, splits.validation(), splits.test());
    }

    /** A one-line summary of what is switched on, e.g. "L2 0.0001, dropout rate 0.25". */
    public String summary() {
        List<String> parts = new ArrayList<>();
        List<Integer> units = model.hidden().stream().map(HiddenLayer::units).toList();
        boolean overrides = model.hidden().stream().anyMatch(h -> h.activation() != null || h.batchnorm() != null
                || h.keepProb() != null);
        if (!units.equals(SEEDS_HIDDEN) || overrides || !model.activation().equals("relu")) {
            parts.add("hidden " + units.stream().map(String::valueOf).reduce((a, b) -> a + "-" + b).orElse("")
                    + " " + model.activation() + (overrides ? " (per-layer settings)" : ""));
        }
        RegularizationSpec r = regularization;
        if (r.l2().lambda() > 0) parts.add("L2 " + num(r.l2().lambda()) + r.l2().layers().describe());
        if (r.l1().lambda() > 0) parts.add("L1 " + num(r.l1().lambda()) + r.l1().layers().describe());
        if (model.keepProb() < 1) parts.add("dropout rate " + num(1 - model.keepProb()));
        if (model.batchnorm()) parts.add("batch norm");
        if (r.earlyStopping().enabled()) {
            parts.add("early stopping (" + r.earlyStopping().monitor() + ", patience " + r.earlyStopping().patience() + ")");
        }
        if (!optimizer.name().equals("adam")) parts.add(optimizer.name() + (optimizer.weightDecay() > 0
                ? " weight decay " + num(optimizer.weightDecay()) : ""));
        if (r.maxNorm().c() > 0) parts.add("max-norm " + num(r.maxNorm().c()) + r.maxNorm().layers().describe());
        if (convention.equals("pytorch")) parts.add("PyTorch's conventions");
        if (augment.hasTransforms()) parts.add("augmentation (" + augment.build().describe() + ")");
        if (!featurewise.isNone()) {
            parts.add(featurewise.describe() + (!augment.hasTransforms() ? " (fitted on the training split)"
                    : " (fitted on the training split, applied after the augmentation)"));
        }
        if (schedule.name().equals("cosine")) {
            parts.add("cosine learning rate " + num(optimizer.learningRate()) + " → " + num(schedule.minLearningRate()));
        } else if (schedule.name().equals("step")) {
            parts.add("learning rate ×" + num(schedule.factor()) + " every " + schedule.every() + " epochs");
        }
        if (training.fitsOnValidation()) {
            parts.add("fitted on train+validation");
        }
        return parts.isEmpty() ? "no regularization" : String.join(", ", parts);
    }

    /** 1e-3 as "1e-3", 0.25 as "0.25", 1 − 0.9 as "0.1": twelve significant digits, shortest form. */
    static String num(double v) {
        BigDecimal d = new BigDecimal(v).round(new MathContext(12)).stripTrailingZeros();
        if (d.compareTo(BigDecimal.ZERO) != 0 && Math.abs(v) < 1e-2) {
            int exponent = d.precision() - d.scale() - 1;                   // 2.5e-4: −4
            return d.scaleByPowerOfTen(-exponent).stripTrailingZeros().toPlainString() + "e" + exponent;
        }
        return d.toPlainString();
    }

    // ---------------------------------------------------------------- checks

    static void require(boolean ok, String key, String expected, Object received) {
        if (!ok) {
            throw new IllegalArgumentException("Invalid value for " + key + ": expected " + expected + ", received: "
                    + received);
        }
    }

    static void oneOf(String key, String value, List<String> allowed) {
        require(value != null && allowed.contains(value), key, "one of " + String.join(", ", allowed), value);
    }

    static void requireKeepProb(String key, double keepProb) {
        require(keepProb > 0 && keepProb <= 1, key, "a probability of keeping a unit in (0, 1] (1: no dropout;"
                + " Keras's rate = 1 - keep_prob)", keepProb);
    }
}
