package dev.regula.core.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Ops;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fallback is loud: a JVM started without {@code --add-modules jdk.incubator.vector} prints one
 * warning line naming the flag on its first GEMM (and only one), and {@code -Dregula.gemm=vector}
 * turns the missing module into an error. Each case runs a fresh JVM, since the tests' own JVM has
 * the module.
 */
class FallbackWarningTest {

    /** Two products in F32 and F64, then "ok". */
    public static void main(String[] args) {
        for (DType dtype : DType.values()) {
            Matrix a = Matrix.of(dtype, 2, 2, 1, 2, 3, 4);
            Matrix c = Matrix.zeros(dtype, 2, 2);
            Ops.mult(a, a, c);
            if (c.get(0) != 7) {
                throw new AssertionError("1·1 + 2·3 = 7, got " + c.get(0));
            }
        }
        System.out.println("ok " + Gemm.auto().name());
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... jvmArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FallbackWarningTest.class.getName()));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    @Test
    void withoutTheModuleOneWarningLineNamesTheFlag() throws Exception {
        Run r = run();
        assertEquals(0, r.exit(), r.err());
        assertEquals("ok ejml", r.out().strip());
        List<String> warnings = r.err().lines().filter(l -> l.contains("regula: WARNING")).toList();
        assertEquals(1, warnings.size(), r.err());
        assertTrue(warnings.get(0).contains("--add-modules jdk.incubator.vector"), warnings.get(0));
        assertEquals(Gemm.FALLBACK_WARNING, warnings.get(0));
    }

    @Test
    void withTheModuleNothingIsPrinted() throws Exception {
        Run r = run("--add-modules", "jdk.incubator.vector");
        assertEquals(0, r.exit(), r.err());
        assertEquals("ok vector", r.out().strip());
        assertTrue(r.err().lines().noneMatch(l -> l.contains("regula:")), r.err());
    }

    @Test
    void choosingEjmlKnowinglyIsSilent() throws Exception {
        Run r = run("-Dregula.gemm=ejml");
        assertEquals(0, r.exit(), r.err());
        assertEquals("ok ejml", r.out().strip());
        assertTrue(r.err().isEmpty(), r.err());
    }

    @Test
    void regulaGemmVectorMakesTheMissingModuleAnError() throws Exception {
        Run r = run("-Dregula.gemm=vector");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("--add-modules jdk.incubator.vector"), r.err());
        assertTrue(r.err().contains("regula.gemm=vector"), r.err());
    }
}
