/**
 * Data augmentation and featurewise statistics for single-channel images.
 *
 * <p>Shapes: a batch X is (m × h·w), one image per row, its pixels row by row in [0, 1]
 * (value/255); inside the transforms an image is a {@code double[h·w]}, pixel (row r, column c) at
 * index {@code r·w + c}, centred at the point (x, y) = (c, r). See {@link
 * dev.regula.data.augment.Affine} for the coordinate conventions (y down, centre
 * ((w − 1)/2, (h − 1)/2), counter-clockwise rotations).
 *
 * <ul>
 *   <li>Geometric transforms ({@link dev.regula.data.augment.GeometricTransform}): flips,
 *       rotation, shift, zoom, shear, random crop after padding. They compose into one affine map
 *       per image, which is resampled once ({@link dev.regula.data.augment.Resampler}, bilinear,
 *       {@link dev.regula.data.augment.FillMode}), together with the optional
 *       {@link dev.regula.data.augment.ElasticDistortion}.</li>
 *   <li>Pixel transforms ({@link dev.regula.data.augment.PixelTransform}): brightness, contrast,
 *       Gaussian pixel noise, random erasing.</li>
 *   <li>{@link dev.regula.data.augment.Augmentation}: all of them on each row of a training batch,
 *       seeded per image, on two threads; a {@link dev.regula.core.BatchTransform}, so
 *       {@code Sequential.setAugmentation} applies it to training batches only.</li>
 *   <li>{@link dev.regula.data.augment.Featurewise}: centering, standardization and ZCA
 *       whitening, fitted on the training split and applied to every split.</li>
 * </ul>
 *
 * <p>Each class's javadoc states its formula and how it compares with Keras's
 * {@code ImageDataGenerator} and torchvision. Every parameter is validated where it enters, and a
 * bad one is an {@link java.lang.IllegalArgumentException} naming the argument, the expected range
 * and the value received.
 */
package dev.regula.data.augment;
