package dev.regula.nn;

import dev.regula.core.Checks;
import dev.regula.core.Matrix;
import java.util.List;

/**
 * The settings of one {@link Sequential#fit(Matrix, Matrix, FitOptions)} call, by name:
 * <pre>
 * FitOptions options = FitOptions.builder()
 *         .epochs(10).batchSize(128)
 *         .validation(xVal, yVal)
 *         .callbacks(List.of(new ProgressLogger(System.out, false)))
 *         .build();
 * </pre>
 * Defaults (Keras's {@code fit}): 1 epoch, batches of 32, no validation data, no callbacks,
 * starting from epoch 0.
 *
 * @param epochs       the last epoch to run, &gt; 0
 * @param batchSize    examples per mini-batch, &gt; 0 (the last batch of an epoch may be smaller)
 * @param initialEpoch the epochs already run, in [0, epochs): a model restored from a checkpoint
 *                     written after epoch k continues with k
 * @param xVal         validation examples, or null
 * @param yVal         validation targets (one-hot or class indices), or null; given with xVal
 * @param callbacks    called as {@link Callback} describes; never null
 */
public record FitOptions(int epochs, int batchSize, int initialEpoch, Matrix xVal, Matrix yVal,
                         List<Callback> callbacks) {

    /**
     * Checks every setting and copies the callbacks.
     *
     * @param epochs       the last epoch to run, &gt; 0
     * @param batchSize    examples per mini-batch, &gt; 0
     * @param initialEpoch the epochs already run, in [0, epochs)
     * @param xVal         validation examples, or null
     * @param yVal         validation targets, or null; given with xVal
     * @param callbacks    the callbacks, or null for none
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public FitOptions {
        Checks.positive("epochs", epochs);
        Checks.positive("batchSize", batchSize);
        if (initialEpoch < 0 || initialEpoch >= epochs) {
            throw new IllegalArgumentException("Invalid value for initialEpoch: expected an integer in [0, "
                    + epochs + "), received: " + initialEpoch);
        }
        if ((xVal == null) != (yVal == null)) {
            throw new IllegalArgumentException("Validation data needs both xVal and yVal, received only one");
        }
        callbacks = List.copyOf(callbacks == null ? List.of() : callbacks);
    }

    /**
     * A builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the settings by name; {@link #build()} checks them. */
    public static final class Builder {
        private int epochs = 1;
        private int batchSize = 32;
        private int initialEpoch = 0;
        private Matrix xVal;
        private Matrix yVal;
        private List<Callback> callbacks = List.of();

        private Builder() {}

        /**
         * Sets the number of epochs.
         *
         * @param epochs the last epoch to run, &gt; 0 (default 1)
         * @return this builder
         */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets the mini-batch size.
         *
         * @param batchSize examples per batch, &gt; 0 (default 32)
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the epochs already run, to resume from a checkpoint.
         *
         * @param initialEpoch in [0, epochs) (default 0)
         * @return this builder
         */
        public Builder initialEpoch(int initialEpoch) {
            this.initialEpoch = initialEpoch;
            return this;
        }

        /**
         * Sets the validation data, evaluated after every epoch.
         *
         * @param xVal examples (n × inputs)
         * @param yVal targets: one-hot (n × classes) or class indices (n × 1)
         * @return this builder
         */
        public Builder validation(Matrix xVal, Matrix yVal) {
            this.xVal = xVal;
            this.yVal = yVal;
            return this;
        }

        /**
         * Sets the callbacks.
         *
         * @param callbacks in the order they are called (default none)
         * @return this builder
         */
        public Builder callbacks(List<Callback> callbacks) {
            this.callbacks = callbacks;
            return this;
        }

        /**
         * Checks the settings.
         *
         * @return the options
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public FitOptions build() {
            return new FitOptions(epochs, batchSize, initialEpoch, xVal, yVal, callbacks);
        }
    }
}
