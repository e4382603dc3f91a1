package dev.regula.core.gemm;

/** The packed B block (slot 0) and edge tile (slot 1) of one thread, grown on demand. */
final class PackingBuffers {
    private final float[][] floats = {new float[0], new float[0]};
    private final double[][] doubles = {new double[0], new double[0]};

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
