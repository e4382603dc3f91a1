package dev.regula.core.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps the twins {@link VectorGemmF32} and {@link VectorGemmF64} in step: the F64 file must be
 * the F32 file with the dtype's words replaced ({@link #toF64}), so that a change to one kernel
 * cannot be forgotten in the other. On a mismatch the expected F64 text is written to
 * {@code target/VectorGemmF64.java.expected}: check it and copy it over the F64 file.
 * (GemmKernelTest checks what both compute, against the naive oracle.)
 */
class VectorGemmTwinsTest {
    private static final Path SOURCES = Path.of(System.getProperty("basedir", "."), "src/main/java/dev/regula/core/gemm");

    /**
     * The F32 text as F64: FloatVector → DoubleVector, F32 → F64, and the words Float, float,
     * floats and the literal 0f (not the end of 1.0f) → Double, double, doubles,
     * 0.0.
     */
    static String toF64(String f32) {
        return f32.replace("FloatVector", "DoubleVector")
                .replace("F32", "F64")
                .replaceAll("\\bFloat\\b", "Double")
                .replaceAll("\\bfloat\\b", "double")
                .replaceAll("\\bfloats\\b", "doubles")
                .replaceAll("(?<![\\w.])0f\\b", "0.0");
    }

    @Test
    void theF64KernelIsTheF32KernelWithTheDTypeReplaced() throws IOException {
        String f32 = Files.readString(SOURCES.resolve("VectorGemmF32.java"), StandardCharsets.UTF_8);
        String f64 = Files.readString(SOURCES.resolve("VectorGemmF64.java"), StandardCharsets.UTF_8);
        String expected = toF64(f32);
        if (!expected.equals(f64)) {
            Path out = Path.of(System.getProperty("basedir", "."), "target", "VectorGemmF64.java.expected");
            Files.createDirectories(out.getParent());
            Files.writeString(out, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, f64, "VectorGemmF64.java is not VectorGemmF32.java with the dtype replaced;"
                + " the expected text is in target/VectorGemmF64.java.expected");
    }

    @Test
    void theTranslationChangesWhatItMustAndNothingElse() {
        assertEquals("DoubleVector.zero(S); double[] pa = buffers.doubles(0, n); Arrays.fill(pa, 0.0); VectorSpecies<Double>"
                        + " VectorGemmF64 1.0f floaty",
                toF64("FloatVector.zero(S); float[] pa = buffers.floats(0, n); Arrays.fill(pa, 0f); VectorSpecies<Float>"
                        + " VectorGemmF32 1.0f floaty"));
        String f32 = "c00 = a0.fma(b0, c00);";
        assertEquals(f32, toF64(f32), "dtype-free code is left alone");
        assertNotEquals(toF64("float x = 0f;"), "float x = 0f;");
        assertTrue(Files.isRegularFile(SOURCES.resolve("VectorGemmF32.java")), "the sources are found from " + SOURCES);
    }
}
