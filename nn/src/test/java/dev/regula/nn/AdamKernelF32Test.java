package dev.regula.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.Kernels;
import dev.regula.core.Rng;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link AdamKernelF32} against {@link Adam}'s float loop, bit for bit: the kernel does the
 * loop's float operations in the loop's order, so w, m and v must be equal to the last bit, on
 * widths that exercise the vector body and the tail (3 × 1, 15, 16, 17, 32, 500, 1001 elements,
 * for a body of two 16-float vectors a turn), from offset 0 and from an offset inside the array, over 5 steps, one of them
 * with a zero gradient. Both are also held to the update written out here, so that neither can
 * drift from Adam's formula along with the other.
 */
class AdamKernelF32Test {
    private static final int[] WIDTHS = {1, 15, 16, 17, 32, 500, 1001};

    private static float[] gaussian(int n, Rng rng) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
        }
    }

    @Test
    void theKernelEqualsTheLoopBitForBit() {
        Assumptions.assumeTrue(Kernels.vectorModulePresent(), "the kernel needs jdk.incubator.vector");
        Rng rng = new Rng(13);
        float b1 = (float) (1 - 0.9), b2 = (float) (1 - 0.999), eps = 1e-7f;
        for (int cols : WIDTHS) {
            for (int from : new int[] {0, 3}) {
                int n = 3 * cols;
                float[] w = gaussian(n, rng), m = new float[n], v = new float[n];
                float[] w2 = w.clone(), m2 = m.clone(), v2 = v.clone();
                float[] w3 = w.clone(), m3 = m.clone(), v3 = v.clone();
                for (int t = 1; t <= 5; t++) {
                    float[] g = gaussian(n, rng);
                    if (t == 3) {
                        Arrays.fill(g, 0f);   // a zero gradient: m and v decay, w still moves
                    }
                    float a = (float) (1e-3 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t)));
                    int to = n - from;
                    AdamKernelF32.update(w, g, m, v, from, to, b1, b2, a, eps);
                    Adam.update(w2, g, m2, v2, from, to, b1, b2, a, eps);
                    for (int i = from; i < to; i++) {          // Adam's update, in float, in this order
                        m3[i] += b1 * (g[i] - m3[i]);
                        v3[i] += b2 * (g[i] * g[i] - v3[i]);
                        w3[i] -= a * m3[i] / ((float) Math.sqrt(v3[i]) + eps);
                    }
                    String what = "width " + cols + ", from " + from + ", step " + t;
                    assertSameBits(m2, m, "kernel m, " + what);
                    assertSameBits(v2, v, "kernel v, " + what);
                    assertSameBits(w2, w, "kernel w, " + what);
                    assertSameBits(m3, m2, "loop m, " + what);
                    assertSameBits(v3, v2, "loop v, " + what);
                    assertSameBits(w3, w2, "loop w, " + what);
                }
            }
        }
    }

    /**
     * A parameter of at least {@link Adam#TWO_THREADS_MIN} elements is updated in two halves on
     * two threads (on the fast path): five steps of {@link Adam#step} give the same bits as the
     * loop on the whole array, in both dtypes, for sizes whose halves end inside and at the
     * end of a vector.
     */
    @Test
    void aLargeParameterUpdatedInTwoHalvesEqualsTheLoopBitForBit() {
        Rng rng = new Rng(17);
        for (dev.regula.core.DType dtype : dev.regula.core.DType.values()) {
            for (int n : new int[] {Adam.TWO_THREADS_MIN, 300 * 301 + 7}) {
                dev.regula.core.Matrix w = dev.regula.core.Matrix.zeros(dtype, 1, n);
                dev.regula.core.Matrix g = dev.regula.core.Matrix.zeros(dtype, 1, n);
                for (int i = 0; i < n; i++) {
                    w.set(i, rng.nextGaussian());
                }
                dev.regula.core.Parameter p = new dev.regula.core.Parameter("w", w, g);
                Adam adam = new Adam();
                double[] wd = new double[n], md = new double[n], vd = new double[n];
                float[] wf = new float[n], mf = new float[n], vf = new float[n];
                for (int i = 0; i < n; i++) {
                    wd[i] = w.get(i);
                    wf[i] = (float) w.get(i);
                }
                for (int t = 1; t <= 5; t++) {
                    for (int i = 0; i < n; i++) {
                        g.set(i, rng.nextGaussian());
                    }
                    adam.step(java.util.List.of(p));
                    double a = 1e-3 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
                    if (dtype == dev.regula.core.DType.F32) {
                        Adam.update(wf, g.floats(), mf, vf, 0, n, (float) (1 - 0.9), (float) (1 - 0.999), (float) a, 1e-7f);
                        assertSameBits(wf, w.floats(), "F32 w, n " + n + ", step " + t);
                        assertSameBits(mf, adam.slots(p)[0].floats(), "F32 m, n " + n + ", step " + t);
                    } else {
                        Adam.update(wd, g.doubles(), md, vd, 0, n, 1 - 0.9, 1 - 0.999, a, 1e-7);
                        for (int i = 0; i < n; i++) {
                            assertEquals(Double.doubleToRawLongBits(wd[i]), Double.doubleToRawLongBits(w.get(i)),
                                    "F64 w, n " + n + ", step " + t + ", element " + i);
                        }
                    }
                }
            }
        }
    }

    /**
     * The F32 and F64 loops are twins, written once per dtype: run on the same inputs they agree
     * to float precision. Tolerance: relative 1e-5 of the F64 value with an absolute floor of
     * 1e-6. Each F32 element takes about 10 float roundings of relative 2⁻²⁴ ≈ 6e-8 per step, and
     * (float) 0.1 differs from 0.1 by 1.5e-8 relative; m is a sum of terms b1·g of about 0.1 that
     * partly cancel, so its error is about 1e-8 absolute even where m itself is 1e-4, and that
     * carries into the step a·m/(sqrt(v) + ε) of about 1e-2. A changed coefficient, sign or order
     * of terms in one twin moves elements by far more.
     */
    @Test
    void theF32AndF64LoopsAreTwins() {
        Rng rng = new Rng(31);
        int n = 1001;
        float[] w = gaussian(n, rng), m = new float[n], v = new float[n];
        double[] wd = new double[n], md = new double[n], vd = new double[n];
        for (int i = 0; i < n; i++) {
            wd[i] = w[i];
        }
        double b1 = 1 - 0.9, b2 = 1 - 0.999, eps = 1e-7;
        for (int t = 1; t <= 5; t++) {
            float[] g = gaussian(n, rng);
            double[] gd = new double[n];
            for (int i = 0; i < n; i++) {
                gd[i] = g[i];
            }
            double a = 1e-2 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
            Adam.update(w, g, m, v, 0, n, (float) b1, (float) b2, (float) a, (float) eps);
            Adam.update(wd, gd, md, vd, 0, n, b1, b2, a, eps);
        }
        for (int i = 0; i < n; i++) {
            assertTrue(Math.abs(w[i] - wd[i]) <= 1e-5 * Math.abs(wd[i]) + 1e-6, "w[" + i + "]: " + w[i] + " vs " + wd[i]);
            assertTrue(Math.abs(m[i] - md[i]) <= 1e-5 * Math.abs(md[i]) + 1e-6, "m[" + i + "]: " + m[i] + " vs " + md[i]);
            assertTrue(Math.abs(v[i] - vd[i]) <= 1e-5 * Math.abs(vd[i]) + 1e-6, "v[" + i + "]: " + v[i] + " vs " + vd[i]);
        }
        assertTrue(Math.abs(w[0] - wd[0]) > 0 || Math.abs(w[1] - wd[1]) > 0 || Math.abs(w[2] - wd[2]) > 0,
                "the twins run in different precisions, so some element differs");
    }

    /**
     * The kernel must stay too big for C2 to inline into {@code Adam.update(Parameter, …)}: past
     * 325 bytes of bytecode (the default {@code FreqInlineSize}). Inlined there, JDK 17 boxed a
     * vector per turn in most JVMs (the class javadoc). Read with the JDK's javap.
     */
    @Test
    void theKernelIsTooBigForC2ToInlineIntoItsCaller() throws Exception {
        ToolProvider javap = ToolProvider.findFirst("javap").orElse(null);
        Assumptions.assumeTrue(javap != null, "needs the JDK's javap");
        String classes = Path.of(AdamKernelF32.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        StringWriter out = new StringWriter();
        int rc = javap.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-c", "-p", "-cp", classes,
                AdamKernelF32.class.getName());
        assertEquals(0, rc, "javap's exit code");
        String code = out.toString();
        int start = code.indexOf("static void update(");
        assertTrue(start >= 0, "javap lists AdamKernelF32.update");
        int end = code.indexOf("\n\n", start);
        Matcher offsets = Pattern.compile("(?m)^\\s+(\\d+): return$").matcher(code.substring(start, end < 0 ? code.length() : end));
        int last = -1;
        while (offsets.find()) {
            last = Integer.parseInt(offsets.group(1));
        }
        assertTrue(last + 1 > 325, "AdamKernelF32.update has " + (last + 1) + " bytes of bytecode; C2 inlines a hot method of up to 325");
    }
}
