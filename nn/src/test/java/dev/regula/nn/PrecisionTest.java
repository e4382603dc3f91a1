package dev.regula.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import dev.regula.core.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same network in F32 and F64: the case study's 784-500-500-10 ReLU MLP built with one seed
 * in both dtypes, run forward on the same batch of 32.
 */
class PrecisionTest {

    private static Sequential mlp(DType dtype, long seed) {
        return new Sequential(dtype, seed,
                new Dense(784, 500), new ReLU(),
                new Dense(500, 500), new ReLU(),
                new Dense(500, 10));
    }

    @Test
    void f32ForwardMatchesF64WithinSinglePrecision() {
        Sequential m64 = mlp(DType.F64, 128);
        Sequential m32 = mlp(DType.F32, 128);

        // The initializers draw in double and round once, so the same seed gives the F64
        // weights rounded to float. Check it, so that the comparison below is of arithmetic only.
        List<Parameter> p64 = m64.parameters();
        List<Parameter> p32 = m32.parameters();
        assertEquals(p64.size(), p32.size());
        for (int i = 0; i < p64.size(); i++) {
            assertEquals(p64.get(i).name(), p32.get(i).name());
            assertTrue(p64.get(i).value().to(DType.F32).contentEquals(p32.get(i).value()),
                    p32.get(i).name() + " is not the F64 weights rounded to F32");
        }

        // Pixel-like inputs in [0, 1) that are exact floats, so both models see the same X.
        Rng rng = new Rng(7);
        Matrix x64 = Matrix.zeros(DType.F64, 32, 784);
        for (int i = 0; i < x64.size(); i++) {
            x64.set(i, rng.nextFloat());
        }
        Matrix x32 = x64.to(DType.F32);

        Matrix out64 = m64.forward(x64, Mode.INFERENCE);
        Matrix out32 = m32.forward(x32, Mode.INFERENCE);
        assertEquals("32×10", out64.shape());
        double maxDiff = 0;
        double maxAbs = 0;
        for (int i = 0; i < out64.size(); i++) {
            maxDiff = Math.max(maxDiff, Math.abs(out32.get(i) - out64.get(i)));
            maxAbs = Math.max(maxAbs, Math.abs(out64.get(i)));
        }
        assertTrue(maxAbs > 0.1, "a degenerate output would make the comparison meaningless: " + maxAbs);
        // Each output is three chained dot products of length ≤ 784 in float; with rounding
        // errors of 2^-24 that partly cancel, 1e-5 relative is a generous single-precision bound.
        assertTrue(maxDiff / maxAbs <= 1e-5, "max |f32 − f64| / max |f64| = " + maxDiff / maxAbs);
        // And not bit-identical to F64: the F32 model really computes in float.
        assertTrue(maxDiff > 0, "F32 output identical to F64?");
    }
}
