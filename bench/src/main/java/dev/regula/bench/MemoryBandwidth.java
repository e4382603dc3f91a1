package dev.regula.bench;

import java.util.stream.IntStream;

/**
 * The machine's memory bandwidth, the roofline's sloped roof: STREAM's triad
 * {@code a[i] = b[i] + s·c[i]} on three float arrays of {@value #LENGTH} elements (3 × 64 MiB, far
 * beyond any cache), split in two halves run on two threads. Each element moves 12 bytes (two
 * reads, one write; the write-allocate read is not counted, as STREAM does not).
 */
final class MemoryBandwidth {
    static final int LENGTH = 1 << 24;
    static final int BYTES_PER_ELEMENT = 12;
    private final float[] a = new float[LENGTH];
    private final float[] b = new float[LENGTH];
    private final float[] c = new float[LENGTH];

    MemoryBandwidth() {
        for (int i = 0; i < LENGTH; i++) {
            b[i] = i % 7;
            c[i] = i % 5;
        }
    }

    /** One triad over the arrays on two threads; returns the bytes moved. */
    double triad() {
        IntStream.range(0, 2).parallel().forEach(half -> {
            int from = half * (LENGTH / 2);
            int to = from + LENGTH / 2;
            float s = 3.0f;
            for (int i = from; i < to; i++) {
                a[i] = b[i] + s * c[i];
            }
        });
        return (double) LENGTH * BYTES_PER_ELEMENT;
    }
}
