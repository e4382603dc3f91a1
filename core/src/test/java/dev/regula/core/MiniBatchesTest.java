package dev.regula.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mini-batches over 10 rows where row i of X is {@code [i, 100 + i]} and row i of Y is
 * {@code [1000 + i]}, so every batch row says which example it is and whether X and Y are still
 * paired.
 */
class MiniBatchesTest {
    private static final int N = 10;

    private static Matrix x(DType dtype) {
        Matrix x = Matrix.zeros(dtype, N, 2);
        for (int i = 0; i < N; i++) {
            x.set(i, 0, i);
            x.set(i, 1, 100 + i);
        }
        return x;
    }

    private static Matrix y(DType dtype) {
        Matrix y = Matrix.zeros(dtype, N, 1);
        for (int i = 0; i < N; i++) {
            y.set(i, 0, 1000 + i);
        }
        return y;
    }

    /** Runs one epoch and returns the example indices in batch order, checking each row's pairing. */
    private static List<List<Integer>> epoch(MiniBatches batches) {
        List<List<Integer>> out = new ArrayList<>();
        batches.shuffle();
        while (batches.next()) {
            Matrix xb = batches.x();
            Matrix yb = batches.y();
            assertEquals(xb.rows(), yb.rows());
            List<Integer> rows = new ArrayList<>();
            for (int r = 0; r < xb.rows(); r++) {
                int i = (int) xb.get(r, 0);
                assertEquals(100 + i, xb.get(r, 1), "X row " + r + " is intact");
                assertEquals(1000 + i, yb.get(r, 0), "Y row " + r + " belongs to X row " + r);
                rows.add(i);
            }
            out.add(rows);
        }
        return out;
    }

    @Test
    void tenRowsInBatchesOfFourGiveFourFourTwo() {
        MiniBatches batches = new MiniBatches(x(DType.F64), y(DType.F64), 4, new Rng(1));
        assertEquals(3, batches.batchesPerEpoch());
        assertEquals(N, batches.size());
        List<List<Integer>> e = epoch(batches);
        assertEquals(3, e.size());
        assertEquals(4, e.get(0).size());
        assertEquals(4, e.get(1).size());
        assertEquals(2, e.get(2).size(), "the last, partial batch is kept");
        assertFalse(batches.next(), "no batch after the end of the epoch");
    }

    @Test
    void everyRowAppearsExactlyOncePerEpoch() {
        for (DType dtype : DType.values()) {
            MiniBatches batches = new MiniBatches(x(dtype), y(dtype), 4, new Rng(2));
            for (int epochNumber = 0; epochNumber < 5; epochNumber++) {
                int[] seen = new int[N];
                for (List<Integer> batch : epoch(batches)) {
                    for (int i : batch) {
                        seen[i]++;
                    }
                }
                int[] once = new int[N];
                java.util.Arrays.fill(once, 1);
                assertArrayEquals(once, seen, dtype + " epoch " + epochNumber);
            }
        }
    }

    @Test
    void sameSeedSameOrderAndEpochsDiffer() {
        MiniBatches a = new MiniBatches(x(DType.F32), y(DType.F32), 4, new Rng(42));
        MiniBatches b = new MiniBatches(x(DType.F32), y(DType.F32), 4, new Rng(42));
        List<List<Integer>> a1 = epoch(a);
        List<List<Integer>> a2 = epoch(a);
        assertEquals(a1, epoch(b), "epoch 1 of the same seed");
        assertEquals(a2, epoch(b), "epoch 2 of the same seed");
        // 10! orders: two epochs agree by chance with probability 1/3,628,800.
        assertNotEquals(a1, a2, "each epoch draws a new permutation");
        MiniBatches c = new MiniBatches(x(DType.F32), y(DType.F32), 4, new Rng(43));
        assertNotEquals(a1, epoch(c), "another seed gives another order");
    }

    @Test
    void nullRngKeepsTheRowsInOrder() {
        MiniBatches batches = new MiniBatches(x(DType.F64), y(DType.F64), 4, null);
        List<List<Integer>> expected = List.of(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7), List.of(8, 9));
        assertEquals(expected, epoch(batches));
        assertEquals(expected, epoch(batches), "and again in the next epoch");
    }

    @Test
    void aBatchLargerThanTheDataIsOneBatch() {
        MiniBatches batches = new MiniBatches(x(DType.F64), y(DType.F64), 64, null);
        assertEquals(1, batches.batchesPerEpoch());
        List<List<Integer>> e = epoch(batches);
        assertEquals(1, e.size());
        assertEquals(N, e.get(0).size());
    }

    @Test
    void noBatchBeforeTheFirstShuffle() {
        MiniBatches batches = new MiniBatches(x(DType.F64), y(DType.F64), 4, null);
        assertFalse(batches.next(), "next() before shuffle() has no epoch to serve");
    }

    @Test
    void rejectsMismatchedRowsAndABadBatchSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MiniBatches(x(DType.F64), Matrix.zeros(DType.F64, 9, 1), 4, null));
        assertTrue(e.getMessage().contains("10×2") && e.getMessage().contains("9×1"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> new MiniBatches(x(DType.F64), y(DType.F64), 0, null));
        assertTrue(e2.getMessage().contains("batchSize"), e2.getMessage());
    }

    @Test
    void batchBuffersAreReused() {
        for (DType dtype : DType.values()) {
            MiniBatches batches = new MiniBatches(x(dtype), y(dtype), 4, new Rng(3));
            Matrix xBuffer = batches.x();
            Matrix yBuffer = batches.y();
            Object xArray = dtype == DType.F32 ? xBuffer.floats() : xBuffer.doubles();
            for (int epochNumber = 0; epochNumber < 2; epochNumber++) {
                batches.shuffle();
                while (batches.next()) {
                    assertSame(xBuffer, batches.x(), "the X batch is the same object every time");
                    assertSame(yBuffer, batches.y(), "the Y batch is the same object every time");
                    Object now = dtype == DType.F32 ? batches.x().floats() : batches.x().doubles();
                    assertSame(xArray, now, "no allocation, the partial batch included");
                }
            }
        }
    }
}
