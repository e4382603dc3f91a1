package dev.regula.data;

/**
 * Images and their labels as read from a file, before they become a {@link Dataset}: what the CSV
 * and image-folder readers produce and {@link DataSources} splits.
 *
 * @param images the images, unsigned bytes 0..255
 * @param labels one class index per image
 * @param source names the file(s) in messages
 */
record LabeledImages(IdxImages images, int[] labels, String source) {
}
