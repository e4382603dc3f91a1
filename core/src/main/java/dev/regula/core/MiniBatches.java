package dev.regula.core;

/**
 * Seeded, shuffled mini-batches over paired rows of X and Y, gathered into reusable buffers.
 *
 * <p>Each epoch ({@link #shuffle()}) draws a new permutation of the rows from the generator
 * (Fisher-Yates from the identity), so the batches depend only on the generator's state: the same
 * seed gives the same batches, and restoring the generator resumes the same sequence. Batches are {@code batchSize} rows, and the last one holds
 * the remaining {@code n mod batchSize} rows (kept, as Keras does). The buffers are allocated once
 * at the full batch size; the last, smaller batch reshapes them without allocating.
 *
 * <p>Order of use: {@code shuffle()}, then {@code next()} until it returns false, reading
 * {@link #x()} and {@link #y()} after each call.
 */
public final class MiniBatches {
    private final Matrix x;
    private final Matrix y;
    private final int batchSize;
    private final Rng rng;
    private final int[] order;
    private final Matrix xBatch;
    private final Matrix yBatch;
    private int position;

    /**
     * @param x         the examples, n×features. Not modified.
     * @param y         the targets, n×outputs. Not modified.
     * @param batchSize rows per batch, > 0
     * @param rng       the generator for the permutations, or null for the rows in order
     */
    public MiniBatches(Matrix x, Matrix y, int batchSize, Rng rng) {
        Checks.positive("batchSize", batchSize);
        if (x.rows() != y.rows()) {
            throw new IllegalArgumentException("X and Y must have the same number of rows: X is "
                    + x.shape() + " but Y is " + y.shape());
        }
        this.x = x;
        this.y = y;
        this.batchSize = batchSize;
        this.rng = rng;
        this.order = new int[x.rows()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int rows = Math.min(batchSize, Math.max(1, x.rows()));
        this.xBatch = Matrix.zeros(x.dtype(), rows, x.cols());
        this.yBatch = Matrix.zeros(y.dtype(), rows, y.cols());
        this.position = order.length;
    }

    /** @return the number of batches per epoch, the last partial one included */
    public int batchesPerEpoch() {
        return (order.length + batchSize - 1) / batchSize;
    }

    /** @return the number of rows (examples) in the data set */
    public int size() {
        return order.length;
    }

    /** Starts an epoch: a fresh permutation (or the identity when no generator was given). */
    public void shuffle() {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (rng != null) {
            rng.shuffle(order);
        }
        position = 0;
    }

    /**
     * Gathers the next batch into {@link #x()} and {@link #y()}.
     *
     * @return true when a batch was gathered; false at the end of the epoch
     */
    public boolean next() {
        if (position >= order.length) {
            return false;
        }
        int end = Math.min(position + batchSize, order.length);
        Ops.gatherRows(x, order, position, end, xBatch);
        Ops.gatherRows(y, order, position, end, yBatch);
        position = end;
        return true;
    }

    /** @return the current batch of X (rows × features); the buffer is reused by the next call */
    public Matrix x() {
        return xBatch;
    }

    /** @return the current batch of Y (rows × targets), rows matching {@link #x()}; reused by the next call */
    public Matrix y() {
        return yBatch;
    }
}
