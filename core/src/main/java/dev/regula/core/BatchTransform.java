package dev.regula.core;

/**
 * A random transformation of a training mini-batch, applied in place after the batch is gathered
 * and before the forward pass: data augmentation. Validation and test batches are never
 * transformed.
 *
 * <p>The generator is the model's augmentation stream, so the same seed gives the same
 * transformed batches. An implementation may use several threads, as long as the result depends
 * only on the batch and the generator's draws, never on timing.
 */
@FunctionalInterface
public interface BatchTransform {

    /**
     * Transforms every row of {@code x} (m × features) in place.
     *
     * @param x the batch, m × features. Modified.
     * @param rng the source of randomness; draw from it in a fixed order
     */
    void apply(Matrix x, Rng rng);
}
