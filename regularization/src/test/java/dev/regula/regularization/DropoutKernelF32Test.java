package dev.regula.regularization;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.regula.core.DType;
import dev.regula.core.Kernels;
import dev.regula.core.Matrix;
import dev.regula.core.Ops;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link DropoutKernelF32#forward} against {@code Dropout.drawMask} and {@code Ops.elementMultScaled}
 * (the loops the layer runs without the Vector API), bit for bit: the mask and Y, for sizes around
 * the vector length (the scalar tail, an odd count), keys and thresholds at the edges (T = 0
 * drops everything, T = 2³² keeps everything, 2³¹ and 2³¹ ± 1 straddle the sign bit the kernel
 * flips), and inputs with −0.0, infinities and NaN (0·x keeps the sign and the NaN, as the loop's
 * product does).
 */
class DropoutKernelF32Test {
    @Test
    void theKernelEqualsTheLoopsBitForBit() {
        Assumptions.assumeTrue(Kernels.vectorModulePresent(), "the kernel needs jdk.incubator.vector");
        long[] thresholds = {0, 1, 0x7FFF_FFFFL, 0x8000_0000L, 0x8000_0001L, Math.round(0.75 * 0x1p32),
                Math.round(0.1 * 0x1p32), 0xFFFF_FFFFL, 0x1_0000_0000L};
        long[] keys = {0, 1, -1, 0x9E3779B97F4A7C15L, 123456789L};
        for (int n : new int[] {0, 1, 2, 15, 16, 17, 31, 32, 33, 100, 64_003}) {
            Matrix xm = TestSupport.uniform(DType.F32, 1, Math.max(n, 1), -2, 2, n);
            float[] x = java.util.Arrays.copyOf(xm.floats(), n);
            if (n > 3) {
                x[0] = -0.0f;
                x[1] = Float.NEGATIVE_INFINITY;
                x[2] = Float.NaN;
                x[3] = -1.5f;
            }
            for (long t : thresholds) {
                for (long key : keys) {
                    float scale = (float) (1.0 / 0.75);
                    float[] d = new float[n], y = new float[n];
                    Dropout.drawMask(d, n, key, t);
                    Matrix xs = Matrix.zeros(DType.F32, 1, n), ds = Matrix.zeros(DType.F32, 1, n), ys = Matrix.zeros(DType.F32, 1, n);
                    System.arraycopy(x, 0, xs.floats(), 0, n);
                    System.arraycopy(d, 0, ds.floats(), 0, n);
                    Ops.elementMultScaled(xs, ds, 1.0 / 0.75, ys);
                    System.arraycopy(ys.floats(), 0, y, 0, n);
                    float[] kd = new float[n + 5], ky = new float[n + 5];   // longer buffers: only n elements written
                    java.util.Arrays.fill(kd, 7f);
                    java.util.Arrays.fill(ky, 7f);
                    DropoutKernelF32.forward(x, n, key, t, scale, kd, ky);
                    String what = "n = " + n + ", T = " + t + ", key = " + key;
                    for (int i = 0; i < n; i++) {
                        assertEquals(Float.floatToRawIntBits(d[i]), Float.floatToRawIntBits(kd[i]), "D[" + i + "], " + what);
                        assertEquals(Float.floatToRawIntBits(y[i]), Float.floatToRawIntBits(ky[i]), "Y[" + i + "], " + what);
                    }
                    for (int i = n; i < n + 5; i++) {
                        assertEquals(7f, kd[i], "D past n");
                        assertEquals(7f, ky[i], "Y past n");
                    }
                }
            }
        }
    }
}
