package dev.regula.data;

/**
 * The contents of an IDX images file: {@code count} grayscale images of {@code rows × cols}
 * unsigned-byte pixels.
 *
 * <p>{@code pixels} holds image after image, each row by row, exactly as in the file: pixel
 * (r, c) of image i is {@code pixels[i·rows·cols + r·cols + c] & 0xFF}, in [0, 255] (MNIST: 0 is
 * background, 255 is ink). The array is neither copied nor copied on access (47 MB for the MNIST
 * training set); treat it as read-only.
 *
 * @param count the number of images (≥ 0)
 * @param rows the height of each image (> 0)
 * @param cols the width of each image (> 0)
 * @param pixels {@code count · rows · cols} pixels, image-major then row-major
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

    /**
     * Checks the shape against the pixel array.
     *
     * @param count the number of images (≥ 0)
     * @param rows the height of each image (&gt; 0)
     * @param cols the width of each image (&gt; 0)
     * @param pixels {@code count · rows · cols} pixels, kept (not copied)
     * @throws IllegalArgumentException naming the argument and the value received
     */
    public IdxImages {
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("Invalid IDX image shape: expected count >= 0 and"
                    + " rows, cols > 0, received count=" + count + ", rows=" + rows + ", cols=" + cols);
        }
        if (pixels == null || pixels.length != (long) count * rows * cols) {
            throw new IllegalArgumentException("Invalid pixels: expected " + count + " × " + rows
                    + " × " + cols + " = " + ((long) count * rows * cols) + " bytes, received "
                    + (pixels == null ? "null" : pixels.length + " bytes"));
        }
    }

    /** @return pixels per image, {@code rows · cols} (784 for MNIST) */
    public int pixelsPerImage() {
        return rows * cols;
    }

    /**
     * Pixel (r, c) of one image, bounds-checked.
     *
     * @param image the image, in [0, count)
     * @param r the row, in [0, rows)
     * @param c the column, in [0, cols)
     * @return the pixel as an unsigned value in [0, 255]
     */
    public int pixel(int image, int r, int c) {
        if (image < 0 || image >= count || r < 0 || r >= rows || c < 0 || c >= cols) {
            throw new IndexOutOfBoundsException("Pixel (" + image + ", " + r + ", " + c
                    + ") is outside " + count + " images of " + rows + "×" + cols);
        }
        return pixels[image * pixelsPerImage() + r * cols + c] & 0xFF;
    }

    @Override
    public String toString() {
        return "IdxImages(" + count + " images of " + rows + "×" + cols + ")";
    }
}
