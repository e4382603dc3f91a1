package dev.regula.core.gemm;

/** The packed A block (slot 0), B block (slot 1) and edge tile (slot 2) of one thread, grown on demand. */
final class PackingBuffers {
    private final float[][] floats = {new float[0], new float[0], new float[0]};
    private final double[][] doubles = {new double[0], new double[0], new double[0]};

    float[] floats(int slot, int size) {
        if (floats[slot].length < size) {
            floats[slot] = new float[size];
        }
        return floats[slot];
    }

    double[] doubles(int slot, int size) {
        if (doubles[slot].length < size) {
            doubles[slot] = new double[size];
        }
        return doubles[slot];
    }
}
