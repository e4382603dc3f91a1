package dev.regula.nn;

import dev.regula.core.BatchTransform;
import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.GradientCheck;
import dev.regula.core.Kernels;
import dev.regula.core.Matrix;
import dev.regula.core.MiniBatches;
import dev.regula.core.Ops;
import dev.regula.core.Parameter;
import dev.regula.core.Rng;
import dev.regula.core.gemm.TwoThreads;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A stack of layers trained with a loss and an optimizer, as Keras's {@code Sequential}.
 *
 * <pre>
 * Sequential model = Sequential.builder().seed(128)          // dtype F32 unless .dtype(DType.F64)
 *         .add(new Dense(784, 500), new ReLU())
 *         .add(new Dense(500, 10))                       // logits
 *         .build();
 * model.compile(new SoftmaxCrossEntropy(), new Adam());
 * System.out.println(model.summary());
 * History h = model.fit(xTrain, yTrain, FitOptions.builder().epochs(10).batchSize(128)
 *         .validation(xVal, yVal).callbacks(List.of(new ProgressLogger(System.out, false))).build());
 * </pre>
 * The positional forms ({@code new Sequential(DType.F32, 128, layers...)}, whose 128 is the seed,
 * and {@code fit(x, y, xVal, yVal, epochs, batchSize, callbacks)}) do the same.
 *
 * <p>Targets: one-hot rows (m × classes), or, for a model with several outputs, one column of
 * integer class indices (m × 1), which {@link #fit} and {@link #evaluate} turn into one-hot rows
 * ({@link #oneHot}). A model with one output takes one column of binary or real targets as is.
 *
 * <p>Each layer object belongs to one model: building it allocates its parameters and buffers, so
 * a layer already in a {@code Sequential} is refused by a second one (make a new layer instead).
 *
 * <p>One training step ({@link #trainStep}) is: zero the gradients, forward in {@link Mode#TRAIN},
 * the loss, backward, optimizer step. {@link #evaluate} and {@link #predict} always run in
 * {@link Mode#INFERENCE}.
 *
 * <p>Randomness: every generator is a named stream of the seed, {@link Rng#stream(long, String, int)}
 * (a SplitMix64-style mix of the seed, the stream's name and its index, written out there):
 * <ul>
 *   <li>a layer gets the stream (its kind, its index among the layers of that kind), its kind being
 *       its class's simple name in lower case: the first Dense layer draws its initial weights
 *       from {@code Rng.stream(seed, "dense", 0)}, the second from ("dense", 1), the first Dropout
 *       its masks from ("dropout", 0), a BatchNormalization from ("batchnormalization", j);</li>
 *   <li>the mini-batch shuffling gets ("shuffle", 0) and the augmentation ("augmentation", 0).</li>
 * </ul>
 * So the same seed gives bit-identical weights and metrics, and, for a given seed, the i-th Dense
 * layer's initial weights and the order of the batches do not depend on which other layers (batch
 * norm, dropout, activations) are in the model, nor on its penalties and constraints: models that
 * differ only by those start from the same weights and see the same batches (a paired comparison).
 * A layer's name ({@code dense_3}) still counts every layer before it.
 */
public final class Sequential {
    private final DType dtype;
    private final List<Layer> layers;
    private final List<Parameter> parameters;
    private final Rng shuffleRng;
    private final Rng augmentationRng;
    private BatchTransform augmentation;
    private final int inputSize;
    private final int outputSize;
    private final List<Penalty> penalties = new ArrayList<>();
    private final List<Constraint> constraints = new ArrayList<>();
    private Loss loss;
    private Optimizer optimizer;
    private volatile boolean stopRequested;
    private double lastDataLoss;
    private double lastPenalty;
    /** Elements of a gradient from which {@link #zeroGrad()} zeroes it on two threads (on the fast path). */
    static final int ZERO_TWO_THREADS_MIN = 1 << 16;
    private final ZeroHalves zeroHalves = new ZeroHalves();

    /**
     * Builds every layer in {@code dtype} with streams drawn from {@code seed}; the first layer
     * must be a {@link Dense}, which fixes the input size.
     *
     * @param dtype the dtype of every parameter and buffer
     * @param seed the seed of the initial weights, the layers' own generators and the shuffling
     * @param layers the layers, in order; each must not belong to another model
     */
    public Sequential(DType dtype, long seed, Layer... layers) {
        this(dtype, seed, firstDenseInputSize(layers), layers);
    }

    /**
     * Builds every layer in {@code dtype} with streams drawn from {@code seed}, for inputs of
     * {@code inputSize} columns (so the first layer may be a Dropout, say), and checks that each
     * layer takes the previous one's output.
     *
     * @param dtype the dtype of every parameter and buffer
     * @param seed the seed of the initial weights, the layers' own generators and the shuffling
     * @param inputSize the number of input columns, &gt; 0
     * @param layers the layers, in order; each must not belong to another model
     */
    public Sequential(DType dtype, long seed, int inputSize, Layer... layers) {
        if (layers.length == 0) {
            throw new IllegalArgumentException("Invalid value for layers: expected at least one layer, received none");
        }
        this.dtype = dtype;
        this.layers = List.of(layers);
        this.inputSize = Checks.positive("inputSize", inputSize);
        checkUnclaimed(layers);
        List<Parameter> params = new ArrayList<>();
        Map<String, Integer> perKind = new java.util.HashMap<>();
        for (int i = 0; i < layers.length; i++) {
            String kind = kind(layers[i]);
            int index = perKind.merge(kind, 1, Integer::sum) - 1;     // its index among layers of its kind
            layers[i].build(kind + "_" + i, dtype, Rng.stream(seed, kind, index));
            // ∂J/∂X is needed only when some earlier layer has parameters to update.
            layers[i].setInputGradientNeeded(!params.isEmpty());
            params.addAll(layers[i].parameters());
        }
        for (int i = 0; i < layers.length; i++) {   // what a layer may write over (Layer.setOverwritable)
            layers[i].setOverwritable(i > 0 && layers[i - 1] instanceof Dense,
                    i + 1 < layers.length && layers[i + 1] instanceof Dense);
        }
        this.shuffleRng = Rng.stream(seed, SHUFFLE_STREAM, 0);
        this.augmentationRng = Rng.stream(seed, AUGMENTATION_STREAM, 0);
        this.parameters = Collections.unmodifiableList(params);
        int size = inputSize;
        for (Layer layer : layers) {
            size = layer.outputSize(size);
        }
        this.outputSize = size;
        for (Layer layer : layers) {
            if (layer instanceof Penalty) {
                penalties.add((Penalty) layer);
            }
        }
        claim(layers);
    }

    /** The name of the shuffling's stream, {@code Rng.stream(seed, "shuffle", 0)}. */
    public static final String SHUFFLE_STREAM = "shuffle";
    /** The name of the augmentation's stream, {@code Rng.stream(seed, "augmentation", 0)}. */
    public static final String AUGMENTATION_STREAM = "augmentation";

    /** A layer's kind: its class's simple name in lower case ("dense", "dropout", "relu"). */
    public static String kind(Layer layer) {
        return layer.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static int firstDenseInputSize(Layer[] layers) {
        if (layers.length == 0 || !(layers[0] instanceof Dense)) {
            throw new IllegalArgumentException("Without an explicit inputSize the first layer must be a Dense layer"
                    + " (it fixes the input size), received: " + (layers.length == 0 ? "no layers" : layers[0].name()));
        }
        return ((Dense) layers[0]).inputSize();
    }

    /**
     * Sets the data augmentation applied in place to every training batch before its forward
     * pass (null for none). Validation, evaluation and prediction never see it. Its randomness
     * comes from the model's own augmentation stream, derived from the seed.
     *
     * @param augmentation the transform, or null for none
     * @return this model
     */
    public Sequential setAugmentation(BatchTransform augmentation) {
        this.augmentation = augmentation;
        return this;
    }

    /** @return the generator the augmentation draws from (its state is saved in checkpoints) */
    public Rng augmentationRng() {
        return augmentationRng;
    }

    /**
     * Adds a term to the training loss (an L2 penalty on a kernel, say).
     *
     * @param penalty the penalty, not null
     * @return this model
     */
    public Sequential addPenalty(Penalty penalty) {
        penalties.add(java.util.Objects.requireNonNull(penalty, "penalty"));
        return this;
    }

    /**
     * Adds a projection applied after every optimizer step (max-norm, say).
     *
     * @param constraint the constraint, not null
     * @return this model
     */
    public Sequential addConstraint(Constraint constraint) {
        constraints.add(java.util.Objects.requireNonNull(constraint, "constraint"));
        return this;
    }

    /** @return the penalties added to the loss, layer penalties included (read-only) */
    public List<Penalty> penalties() {
        return Collections.unmodifiableList(penalties);
    }

    /** @return the constraints applied after each step (read-only) */
    public List<Constraint> constraints() {
        return Collections.unmodifiableList(constraints);
    }

    /** @return the sum of the penalties' current values (0 without penalties) */
    public double penaltyValue() {
        double sum = 0;
        for (Penalty p : penalties) {
            sum += p.value();
        }
        return sum;
    }

    /**
     * Sets the loss and the optimizer used by {@link #fit} and {@link #trainStep}.
     *
     * @param loss the data loss, not null
     * @param optimizer the optimizer, not null
     * @return this model
     */
    public Sequential compile(Loss loss, Optimizer optimizer) {
        if (loss == null || optimizer == null) {
            throw new IllegalArgumentException("Invalid arguments to compile: expected a loss and an optimizer, received: "
                    + loss + ", " + optimizer);
        }
        this.loss = loss;
        this.optimizer = optimizer;
        return this;
    }

    /** @return the dtype of every parameter and buffer */
    public DType dtype() {
        return dtype;
    }

    /** @return the layers, in order (read-only) */
    public List<Layer> layers() {
        return layers;
    }

    /** @return every layer's parameters, in layer order (read-only) */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** @return the number of input columns */
    public int inputSize() {
        return inputSize;
    }

    /** @return the number of output columns of the last layer */
    public int outputSize() {
        return outputSize;
    }

    /** @return the loss set by {@link #compile}, or null before it */
    public Loss loss() {
        return loss;
    }

    /** @return the optimizer set by {@link #compile}, or null before it */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** Asks {@link #fit} to stop after the current epoch (for callbacks). */
    public void stopTraining() {
        stopRequested = true;
    }

    /**
     * Runs every layer forward.
     *
     * @param x X, (m × inputs), the model's dtype. Not modified.
     * @param mode TRAIN caches what backward needs; INFERENCE does not
     * @return the output, (m × outputs): the last layer's buffer, valid until its next call
     */
    public Matrix forward(Matrix x, Mode mode) {
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException("The model is " + dtype + " but X is " + x.dtype());
        }
        Matrix a = x;
        for (int i = 0; i < layers.size(); i++) {   // indexed: a for-each allocates an iterator (32 bytes a step)
            a = layers.get(i).forward(a, mode);
        }
        return a;
    }

    /**
     * Runs every layer backward from ∂J/∂output, accumulating (adding) the parameters' gradients;
     * stops early at a layer that returns no input gradient.
     *
     * @param dOut ∂J/∂output, (m × outputs). Not modified.
     */
    public void backward(Matrix dOut) {
        Matrix d = dOut;
        for (int i = layers.size() - 1; i >= 0 && d != null; i--) {
            d = layers.get(i).backward(d);
        }
    }

    /**
     * Sets every parameter's gradient to zero: {@link Parameter#zeroGrad()} on each. On the fast
     * path ({@link Kernels}) a gradient of at least {@value #ZERO_TWO_THREADS_MIN} elements is
     * zeroed in two halves at once, on this thread and the GEMM's helper ({@link TwoThreads}).
     */
    public void zeroGrad() {
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (Kernels.fast(p.grad().dtype()) && p.grad().size() >= ZERO_TWO_THREADS_MIN && TwoThreads.available()) {
                zeroHalves.run(p.grad());
            } else {
                p.zeroGrad();
            }
        }
    }

    /** A gradient set to zero in two halves, [0, cut) and [cut, size); the matrix is kept in a field so that a run allocates nothing. */
    private static final class ZeroHalves implements TwoThreads.Parts {
        private Matrix grad;

        void run(Matrix g) {
            grad = g;
            try {
                TwoThreads.run(this);
            } finally {
                grad = null;
            }
        }

        @Override
        public void part(int which) {
            int from = TwoThreads.from(which, grad.size()), to = TwoThreads.to(which, grad.size());
            if (grad.dtype() == DType.F32) {
                java.util.Arrays.fill(grad.floats(), from, to, 0f);
            } else {
                java.util.Arrays.fill(grad.doubles(), from, to, 0.0);
            }
        }
    }

    /**
     * One optimization step on a batch: zero the gradients, forward (TRAIN), data loss, backward,
     * penalties' values and gradients, optimizer step, constraints. Returns the batch's total loss
     * J = data loss + penalties; the parts stay in {@link #lastDataLoss()} and
     * {@link #lastPenalty()}, the outputs in {@link #lastOutput()}.
     *
     * @param x the batch, (m × inputs). Not modified.
     * @param y its targets, (m × outputs). Not modified.
     * @return J, the batch's mean data loss plus the penalties
     */
    public double trainStep(Matrix x, Matrix y) {
        requireCompiled();
        zeroGrad();
        lastOutput = forward(x, Mode.TRAIN);
        lastDataLoss = loss.forward(lastOutput, y);
        backward(loss.backward());
        lastPenalty = 0;
        // Indexed loops here and in zeroGrad: a for-each over a List allocates an iterator, which
        // the JIT does not always remove, and a steady-state step should allocate nothing.
        for (int i = 0; i < penalties.size(); i++) {
            lastPenalty += penalties.get(i).valueAndAddGradient();
        }
        optimizer.step(parameters);
        for (int i = 0; i < constraints.size(); i++) {
            constraints.get(i).apply();
        }
        return lastDataLoss + lastPenalty;
    }

    /** @return the data loss of the last {@link #trainStep} */
    public double lastDataLoss() {
        return lastDataLoss;
    }

    /** @return the penalty of the last {@link #trainStep} (0 without penalties) */
    public double lastPenalty() {
        return lastPenalty;
    }

    private Matrix lastOutput;

    /** @return the network output of the last {@link #trainStep} (the last layer's buffer), or null before one */
    public Matrix lastOutput() {
        return lastOutput;
    }

    /**
     * {@link #fit(Matrix, Matrix, Matrix, Matrix, int, int, int, List)} from epoch 1.
     *
     * @param x          training examples (n × inputs). Not modified.
     * @param y          training targets (n × outputs), e.g. one-hot, or class indices (n × 1). Not modified.
     * @param xVal       validation examples, or null
     * @param yVal       validation targets, or null
     * @param epochs     the number of epochs, &gt; 0
     * @param batchSize  &gt; 0
     * @param callbacks  called as {@link Callback} describes; may be empty
     * @return the per-epoch logs
     */
    public History fit(Matrix x, Matrix y, Matrix xVal, Matrix yVal, int epochs, int batchSize,
                       List<Callback> callbacks) {
        return fit(x, y, xVal, yVal, 0, epochs, batchSize, callbacks);
    }

    /**
     * Trains epochs {@code initialEpoch + 1 .. epochs} over shuffled mini-batches (the last partial
     * batch kept), evaluating on the validation data after each epoch when it is given. As in
     * Keras, {@code initialEpoch} is for resuming: a model restored from a checkpoint written after
     * epoch k continues with {@code initialEpoch = k}.
     *
     * @param x          training examples (n × inputs). Not modified.
     * @param y          training targets (n × outputs), e.g. one-hot, or class indices (n × 1). Not modified.
     * @param xVal       validation examples, or null
     * @param yVal       validation targets, or null
     * @param initialEpoch the number of epochs already run, in [0, epochs)
     * @param epochs     the last epoch to run, > 0
     * @param batchSize  > 0
     * @param callbacks  called as {@link Callback} describes; may be empty
     * @return the per-epoch logs of the epochs run
     */
    public History fit(Matrix x, Matrix y, Matrix xVal, Matrix yVal, int initialEpoch, int epochs, int batchSize,
                       List<Callback> callbacks) {
        requireCompiled();
        Checks.positive("epochs", epochs);
        if (initialEpoch < 0 || initialEpoch >= epochs) {
            throw new IllegalArgumentException("Invalid value for initialEpoch: expected an integer in [0, "
                    + epochs + "), received: " + initialEpoch);
        }
        Checks.positive("batchSize", batchSize);
        y = targets("training", y);
        yVal = targets("validation", yVal);
        checkData("training", x, y);
        if ((xVal == null) != (yVal == null)) {
            throw new IllegalArgumentException("Validation data needs both xVal and yVal, received only one");
        }
        if (xVal != null) {
            checkData("validation", xVal, yVal);
        }
        MiniBatches batches = new MiniBatches(x, y, batchSize, shuffleRng);
        History history = new History();
        stopRequested = false;
        List<String> metrics = new ArrayList<>(List.of("loss", "acc"));
        if (!penalties.isEmpty()) {
            metrics.addAll(List.of("data_loss", "penalty"));
        }
        if (xVal != null) {
            metrics.addAll(List.of("val_loss", "val_acc"));
        }
        Callback.TrainInfo info = new Callback.TrainInfo(initialEpoch, epochs, x.rows(), batches.batchesPerEpoch(),
                List.copyOf(metrics));
        for (Callback c : callbacks) {
            c.onTrainBegin(this, info);
        }
        RunningLogs running = new RunningLogs(!penalties.isEmpty());
        try {
            for (int epoch = initialEpoch + 1; epoch <= epochs && !stopRequested; epoch++) {
                for (Callback c : callbacks) {
                    c.onEpochBegin(epoch);
                }
                long start = System.nanoTime();
                double lossSum = 0;
                double dataLossSum = 0;
                long hits = 0;
                int seen = 0;
                int batch = 0;
                batches.shuffle();
                while (batches.next()) {
                    Matrix xb = batches.x();
                    Matrix yb = batches.y();
                    if (augmentation != null) {
                        augmentation.apply(xb, augmentationRng);
                    }
                    double j = trainStep(xb, yb);
                    lossSum += j * xb.rows();
                    dataLossSum += lastDataLoss * xb.rows();
                    hits += countHits(lastOutput, yb);
                    seen += xb.rows();
                    running.set(lossSum, dataLossSum, hits, seen);
                    for (int c = 0; c < callbacks.size(); c++) {   // indexed: see trainStep
                        callbacks.get(c).onBatchEnd(batch, seen, running);
                    }
                    batch++;
                }
                Map<String, Double> logs = new LinkedHashMap<>(running);
                if (xVal != null) {
                    Evaluation val = evaluate(xVal, yVal, batchSize);
                    logs.put("val_loss", val.loss());
                    logs.put("val_acc", val.accuracy());
                }
                logs.put("seconds", (System.nanoTime() - start) / 1e9);
                history.add(logs);
                for (Callback c : callbacks) {
                    c.onEpochEnd(epoch, logs);
                }
            }
        } finally {
            for (Callback c : callbacks) {
                c.onTrainEnd(history);
            }
        }
        return history;
    }

    /**
     * A copy of every weight: the parameters' values, then each layer's {@link Layer#state()}, in
     * layer order. {@link #restoreWeights} puts them back (early stopping's best weights).
     *
     * @return new matrices, in the order of {@link #weights()}
     */
    public List<Matrix> snapshotWeights() {
        List<Matrix> copies = new ArrayList<>();
        for (Matrix w : weights()) {
            copies.add(w.copy());
        }
        return copies;
    }

    /**
     * Copies a {@link #snapshotWeights()} back into the model's weights.
     *
     * @param snapshot as {@link #snapshotWeights()} returned it. Not modified.
     */
    public void restoreWeights(List<Matrix> snapshot) {
        List<Matrix> weights = weights();
        if (snapshot.size() != weights.size()) {
            throw new IllegalArgumentException("Invalid snapshot: expected " + weights.size()
                    + " tensors, received " + snapshot.size());
        }
        for (int i = 0; i < weights.size(); i++) {
            Checks.sameShape("weight " + i, weights.get(i), "snapshot " + i, snapshot.get(i));
            weights.get(i).copyFrom(snapshot.get(i));
        }
    }

    /** @return the parameters' values, then every layer's state tensors, in layer order (not copies) */
    public List<Matrix> weights() {
        List<Matrix> all = new ArrayList<>();
        for (Parameter p : parameters) {
            all.add(p.value());
        }
        for (Layer layer : layers) {
            all.addAll(layer.state());
        }
        return all;
    }

    /** @return the generator that shuffles the training batches (its state is saved in checkpoints) */
    public Rng shuffleRng() {
        return shuffleRng;
    }

    /** Mean loss and accuracy (categorical; binary for a single output column). */
    public record Evaluation(double loss, double accuracy) {}

    /**
     * The mean data loss and accuracy on (x, y), in {@link Mode#INFERENCE}, in batches of
     * {@code batchSize}. The loss is the data loss alone, without penalties, so that validation
     * losses compare across configs (Keras adds the penalties into {@code val_loss}; the training
     * {@code loss} in Regula's logs does include them, with {@code data_loss} and {@code penalty}
     * beside it).
     *
     * @param x examples, (n × inputs). Not modified.
     * @param y targets, (n × outputs), or class indices (n × 1). Not modified.
     * @param batchSize rows per forward pass, &gt; 0
     * @return the mean loss and the accuracy over the n rows
     */
    public Evaluation evaluate(Matrix x, Matrix y, int batchSize) {
        requireCompiled();
        Checks.positive("batchSize", batchSize);
        y = targets("evaluation", y);
        checkData("evaluation", x, y);
        MiniBatches batches = new MiniBatches(x, y, batchSize, null);
        batches.shuffle();
        double lossSum = 0;
        long hits = 0;
        while (batches.next()) {
            Matrix out = forward(batches.x(), Mode.INFERENCE);
            lossSum += loss.forward(out, batches.y()) * out.rows();
            hits += countHits(out, batches.y());
        }
        return new Evaluation(lossSum / x.rows(), (double) hits / x.rows());
    }

    /**
     * The network's outputs for every row of x, in {@link Mode#INFERENCE}, in batches of 1024.
     *
     * @param x examples, (n × inputs). Not modified.
     * @return a new (n × outputs) matrix
     */
    public Matrix predict(Matrix x) {
        if (x.cols() != inputSize) {
            throw new IllegalArgumentException("The model expects " + inputSize + " columns, got " + x.cols());
        }
        Matrix result = Matrix.zeros(dtype, x.rows(), outputSize);
        Matrix none = Matrix.zeros(dtype, x.rows(), 0);
        MiniBatches batches = new MiniBatches(x, none, 1024, null);
        batches.shuffle();
        int row = 0;
        while (batches.next()) {
            Matrix out = forward(batches.x(), Mode.INFERENCE);
            for (int i = 0; i < out.size(); i++) {
                result.set(row * outputSize + i, out.get(i));
            }
            row += out.rows();
        }
        return result;
    }

    /**
     * The rows predicted right: categorical accuracy (argmax of output = argmax of target) for
     * several output columns; for a single column, binary accuracy at threshold 0.5 (output and
     * target on the same side of 0.5), as Keras's "accuracy" picks for a sigmoid output.
     */
    static int countHits(Matrix out, Matrix target) {
        if (out.cols() != 1) {
            return Ops.countArgmaxMatches(out, target);
        }
        int hits = 0;
        for (int i = 0; i < out.rows(); i++) {
            if ((out.get(i) > 0.5) == (target.get(i) > 0.5)) {
                hits++;
            }
        }
        return hits;
    }

    /**
     * The running means of the epoch so far, as the read-only map {@link Callback#onBatchEnd}
     * receives: {@code loss} = Σ J·rows / seen, {@code acc} = hits / seen and, with penalties,
     * {@code data_loss} and {@code penalty} = loss − data_loss. It keeps the sums and makes a
     * {@code Double} only when a callback reads an entry, so that a batch whose callbacks read
     * nothing (the progress line between two redraws) allocates nothing; putting the means into a
     * {@code LinkedHashMap} would box two to four values after every batch.
     */
    private static final class RunningLogs extends java.util.AbstractMap<String, Double> {
        private static final List<String> KEYS = List.of("loss", "acc");
        private static final List<String> KEYS_WITH_PENALTIES = List.of("loss", "acc", "data_loss", "penalty");
        private final boolean penalties;
        private double lossSum;
        private double dataLossSum;
        private long hits;
        private int seen;

        RunningLogs(boolean penalties) {
            this.penalties = penalties;
        }

        void set(double lossSum, double dataLossSum, long hits, int seen) {
            this.lossSum = lossSum;
            this.dataLossSum = dataLossSum;
            this.hits = hits;
            this.seen = seen;
        }

        @Override
        public Double get(Object key) {
            if (seen == 0 || !(key instanceof String)) {
                return null;
            }
            switch ((String) key) {
                case "loss": return lossSum / seen;
                case "acc": return (double) hits / seen;
                case "data_loss": return penalties ? dataLossSum / seen : null;
                case "penalty": return penalties ? (lossSum - dataLossSum) / seen : null;
                default: return null;
            }
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public java.util.Set<Map.Entry<String, Double>> entrySet() {
            Map<String, Double> copy = new LinkedHashMap<>();
            if (seen > 0) {
                for (String key : penalties ? KEYS_WITH_PENALTIES : KEYS) {
                    copy.put(key, get(key));
                }
            }
            return Collections.unmodifiableMap(copy).entrySet();
        }
    }

    // ---------------------------------------------------------------- named construction

    /**
     * Starts a model described by name, as {@code Sequential.builder().seed(128).add(layers...)
     * .build()}. Defaults: dtype F32, seed 0, the input size of the first {@link Dense}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects a model's dtype, seed, input size and layers by name; {@link #build()} builds it. */
    public static final class Builder {
        private DType dtype = DType.F32;
        private long seed = 0;
        private int inputSize = 0;               // 0: the first Dense's
        private final List<Layer> layers = new ArrayList<>();

        private Builder() {}

        /**
         * @param dtype the dtype of every parameter and buffer (default F32; F64 for gradient checks)
         * @return this builder
         */
        public Builder dtype(DType dtype) {
            this.dtype = java.util.Objects.requireNonNull(dtype, "dtype");
            return this;
        }

        /**
         * The seed of the initial weights, the dropout masks, the shuffling and the augmentation
         * (default 0); each draws from its own named stream of it (see the class javadoc).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param inputSize the number of input columns, &gt; 0; needed only when the first layer is
         *                  not a {@link Dense}
         * @return this builder
         */
        public Builder inputSize(int inputSize) {
            this.inputSize = Checks.positive("inputSize", inputSize);
            return this;
        }

        /**
         * Appends layers, in order.
         *
         * @param layers the layers, none null
         * @return this builder
         */
        public Builder add(Layer... layers) {
            for (Layer layer : layers) {
                this.layers.add(java.util.Objects.requireNonNull(layer, "layer"));
            }
            return this;
        }

        /** @return the model, built as the constructors do */
        public Sequential build() {
            Layer[] array = layers.toArray(new Layer[0]);
            return inputSize == 0 ? new Sequential(dtype, seed, array) : new Sequential(dtype, seed, inputSize, array);
        }
    }

    /**
     * Every layer object that some model has built, so that a second model refuses it instead of
     * silently rebuilding it (after which the first model would never train it again). Weak keys:
     * a layer is forgotten with its model. Layers compare by identity (none overrides equals).
     */
    private static final Map<Layer, String> CLAIMED = Collections.synchronizedMap(new WeakHashMap<>());

    private static void checkUnclaimed(Layer[] layers) {
        java.util.IdentityHashMap<Layer, Integer> seen = new java.util.IdentityHashMap<>();
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == null) {
                throw new IllegalArgumentException("Invalid value for layers: layer " + i + " is null");
            }
            Integer before = seen.put(layers[i], i);
            if (before != null) {
                throw new IllegalArgumentException("Invalid layers: the same " + layers[i] + " object is layer " + before
                        + " and layer " + i + "; each position needs its own layer object");
            }
            String owner = CLAIMED.get(layers[i]);
            if (owner != null) {
                throw new IllegalArgumentException("Invalid layer " + i + ": " + layers[i] + " already belongs to another"
                        + " Sequential (as " + owner + "); a layer object belongs to one model, so give this model a new one");
            }
        }
    }

    private static void claim(Layer[] layers) {
        for (int i = 0; i < layers.length; i++) {
            String kind = layers[i].getClass().getSimpleName().toLowerCase(Locale.ROOT);
            CLAIMED.put(layers[i], kind + "_" + i);
        }
    }

    // ---------------------------------------------------------------- named fit

    /**
     * {@link #fit(Matrix, Matrix, Matrix, Matrix, int, int, int, List)} with its settings named:
     * {@code model.fit(x, y, FitOptions.builder().epochs(10).batchSize(128).validation(xVal, yVal).build())}.
     *
     * @param x       training examples (n × inputs). Not modified.
     * @param y       training targets: one-hot (n × classes) or class indices (n × 1). Not modified.
     * @param options epochs, batch size, validation data, callbacks
     * @return the per-epoch logs
     */
    public History fit(Matrix x, Matrix y, FitOptions options) {
        java.util.Objects.requireNonNull(options, "options");
        return fit(x, y, options.xVal(), options.yVal(), options.initialEpoch(), options.epochs(), options.batchSize(),
                options.callbacks());
    }

    // ---------------------------------------------------------------- integer labels

    /**
     * One-hot rows for integer class labels: row i has a 1 in column {@code labels[i]}.
     *
     * @param dtype      the dtype of the result
     * @param labels     class indices, each in [0, numClasses). Not modified.
     * @param numClasses the number of columns, &gt; 0
     * @return a new (labels.length × numClasses) matrix
     * @throws IllegalArgumentException naming the first label out of range
     */
    public static Matrix oneHot(DType dtype, int[] labels, int numClasses) {
        Checks.positive("numClasses", numClasses);
        Matrix y = Matrix.zeros(dtype, labels.length, numClasses);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("Invalid label in row " + i + ": expected a class index in [0, "
                        + numClasses + "), received: " + labels[i]);
            }
            y.set(i * numClasses + labels[i], 1);
        }
        return y;
    }

    /**
     * The targets as the loss needs them: {@code y} itself, or, when the model has several outputs
     * and y has one column, y's integer class indices as one-hot rows (a new matrix).
     */
    private Matrix targets(String what, Matrix y) {
        if (y == null || y.cols() != 1 || outputSize == 1) {
            return y;
        }
        int[] labels = new int[y.rows()];
        for (int i = 0; i < labels.length; i++) {
            double v = y.get(i);
            if (v != Math.rint(v) || v < 0 || v >= outputSize) {
                throw new IllegalArgumentException("Invalid label in row " + i + " of the " + what + " Y: a one-column Y"
                        + " is read as class indices, expected an integer in [0, " + outputSize + "), received: " + v);
            }
            labels[i] = (int) v;
        }
        return oneHot(y.dtype(), labels, outputSize);
    }

    // ---------------------------------------------------------------- summary

    /** {@code Sequential(F32, 784 inputs → 10 outputs, 6 layers)}; {@link #summary()} gives the table. */
    @Override
    public String toString() {
        return "Sequential(" + dtype + ", " + inputSize + " inputs → " + outputSize + " outputs, " + layers.size()
                + " layers)";
    }

    /**
     * A table of the layers as Keras's {@code model.summary()}: each layer's name and type, its
     * output shape ({@code (m, n)}, m the batch's rows) and its number of weights, then the totals.
     * As in Keras, a layer's state (batch norm's running mean and variance) counts as
     * non-trainable weights.
     *
     * @return the table, lines separated by {@code \n}, without a final newline
     */
    public String summary() {
        List<String[]> rows = new ArrayList<>();
        long trainable = 0;
        long nonTrainable = 0;
        int size = inputSize;
        for (Layer layer : layers) {
            size = layer.outputSize(size);
            long count = 0;
            for (Parameter p : layer.parameters()) {
                count += p.value().size();
                if (p.trainable()) {
                    trainable += p.value().size();
                } else {
                    nonTrainable += p.value().size();
                }
            }
            for (Matrix m : layer.state()) {
                count += m.size();
                nonTrainable += m.size();
            }
            rows.add(new String[] {layer.name() + " (" + layer + ")", "(m, " + size + ")", String.format(Locale.ROOT, "%,d", count)});
        }
        int w0 = "Layer (type)".length();
        int w1 = "Output shape".length();
        int w2 = "Param #".length();
        for (String[] r : rows) {
            w0 = Math.max(w0, r[0].length());
            w1 = Math.max(w1, r[1].length());
            w2 = Math.max(w2, r[2].length());
        }
        String format = "%-" + w0 + "s  %-" + w1 + "s  %" + w2 + "s";
        String rule = "-".repeat(w0 + w1 + w2 + 4);
        StringBuilder sb = new StringBuilder();
        sb.append("Model: Sequential, ").append(dtype).append(", input (m, ").append(inputSize).append(")\n");
        sb.append(rule).append('\n');
        sb.append(String.format(Locale.ROOT, format, "Layer (type)", "Output shape", "Param #")).append('\n');
        sb.append(rule).append('\n');
        for (String[] r : rows) {
            sb.append(String.format(Locale.ROOT, format, r[0], r[1], r[2])).append('\n');
        }
        sb.append(rule).append('\n');
        sb.append(String.format(Locale.ROOT, "Total params: %,d%nTrainable params: %,d%nNon-trainable params: %,d",
                trainable + nonTrainable, trainable, nonTrainable).replace(System.lineSeparator(), "\n"));
        return sb.toString();
    }

    // ---------------------------------------------------------------- gradient check

    /**
     * {@link #gradientCheck(GradientCheck, Matrix, Matrix)} with the default checker
     * ({@link GradientCheck#DEFAULT_TOLERANCE}).
     *
     * @param x examples (m × inputs), F64. Not modified.
     * @param y targets, as for {@link #fit}. Not modified.
     * @return the checker's report; {@link GradientCheck.Report#passed()} says whether it passed
     */
    public GradientCheck.Report gradientCheck(Matrix x, Matrix y) {
        return gradientCheck(new GradientCheck(), x, y);
    }

    /**
     * Checks the gradient of every trainable parameter of this compiled F64 model against central
     * differences, in one call. J is what {@link #trainStep} minimizes: the loss of a
     * {@link Mode#TRAIN} forward on (x, y) plus the penalties. Random layers (dropout, Gaussian
     * noise) have their generators reset to the same state before every evaluation of J, so each
     * evaluation draws the same masks (DL4J's GradientCheckUtil does the same); afterwards the
     * generators, the weights and the layers' state (batch norm's running statistics) are as
     * before the call. No optimizer step is taken.
     *
     * @param checker the central-difference checker (its ε, tolerance and floor)
     * @param x       examples (m × inputs), F64. Not modified.
     * @param y       targets, as for {@link #fit}. Not modified.
     * @return the checker's report; {@link GradientCheck.Report#format()} prints it
     * @throws IllegalStateException    when the model is not compiled
     * @throws IllegalArgumentException when the model is not F64, or the data does not fit it
     */
    public GradientCheck.Report gradientCheck(GradientCheck checker, Matrix x, Matrix y) {
        requireCompiled();
        if (dtype != DType.F64) {
            throw new IllegalArgumentException("Gradient checks run in F64, but this model is " + dtype
                    + ": build the same layers in a model with dtype F64");
        }
        Matrix target = targets("gradient-check", y);
        checkData("gradient-check", x, target);
        List<Rng> rngs = new ArrayList<>();
        for (Layer layer : layers) {
            if (layer.rng() != null) {
                rngs.add(layer.rng());
            }
        }
        List<long[]> rngStates = new ArrayList<>();
        for (Rng r : rngs) {
            rngStates.add(r.state());
        }
        Runnable sameNoise = () -> {
            for (int i = 0; i < rngs.size(); i++) {
                rngs.get(i).restore(rngStates.get(i));
            }
        };
        List<Matrix> saved = snapshotWeights();
        List<Parameter> checked = new ArrayList<>();
        for (Parameter p : parameters) {
            if (p.trainable()) {
                checked.add(p);
            }
        }
        try {
            return checker.check(checked,
                    () -> {
                        sameNoise.run();
                        double j = loss.forward(forward(x, Mode.TRAIN), target);
                        return j + penaltyValue();
                    },
                    () -> {
                        sameNoise.run();
                        zeroGrad();
                        loss.forward(forward(x, Mode.TRAIN), target);
                        backward(loss.backward());
                        for (Penalty p : penalties) {
                            p.valueAndAddGradient();
                        }
                    });
        } finally {
            restoreWeights(saved);
            sameNoise.run();
        }
    }

    // ---------------------------------------------------------------- save and load

    /**
     * Saves the whole model (architecture, weights, optimizer state, generators) to one
     * safetensors file, atomically: {@link Checkpoint#save(Sequential, Path)}.
     *
     * @param path the file to write (its directory is created)
     * @throws java.io.IOException when the file cannot be written
     */
    public void save(java.nio.file.Path path) throws java.io.IOException {
        Checkpoint.save(this, path);
    }

    /**
     * Loads a model saved by {@link #save} or {@link Checkpoint#save}: {@code Checkpoint.load(path).model()}.
     *
     * @param path the file to read
     * @return the model, compiled when it was saved compiled
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws java.io.IOException when it cannot be read
     * @throws IllegalArgumentException naming the file and what is wrong with its contents
     */
    public static Sequential load(java.nio.file.Path path) throws java.io.IOException {
        return Checkpoint.load(path).model();
    }

    private void checkData(String what, Matrix x, Matrix y) {
        if (x.dtype() != dtype || y.dtype() != dtype) {
            throw new IllegalArgumentException("The " + what + " data must be " + dtype + " like the model, received X "
                    + x.dtype() + " and Y " + y.dtype());
        }
        if (x.cols() != inputSize) {
            throw new IllegalArgumentException("The model expects " + inputSize + " input columns, but the "
                    + what + " X is " + x.shape());
        }
        if (y.cols() != outputSize) {
            throw new IllegalArgumentException("The model outputs " + outputSize + " columns, but the "
                    + what + " Y is " + y.shape());
        }
        if (x.rows() != y.rows()) {
            throw new IllegalArgumentException("The " + what + " X and Y must have the same number of rows: X is "
                    + x.shape() + " but Y is " + y.shape());
        }
        if (x.rows() == 0) {
            throw new IllegalArgumentException("The " + what + " data is empty");
        }
    }

    private void requireCompiled() {
        if (loss == null) {
            throw new IllegalStateException("The model is not compiled: call compile(loss, optimizer) first");
        }
    }
}
