package dev.regula.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The pictures of the chapters are the engine's: every picture's data is recomputed and compared with the
 * committed CSV beside its PNG (same header, same rows, every number within {@value #RELATIVE} relative to the
 * larger magnitude, or {@value #ABSOLUTE} absolute: the data are computed in F64 with the GEMM kernel the tests
 * use, and this slack only absorbs the last printed digit), each PNG exists and its chapter shows it, and the
 * computational graph in relu.md is the engine's, character for character.
 *
 * <p>To redraw after a deliberate change (from the repository root):
 * {@code mvn -B -q test -pl docs -am -Dtest=PicturesTest -Dsurefire.failIfNoSpecifiedTests=false -Dregula.regenerate=pictures}
 */
class PicturesTest {
    static final double RELATIVE = 1e-6;
    static final double ABSOLUTE = 1e-12;

    @BeforeAll
    static void regenerateWhenAsked() throws IOException {
        if ("pictures".equals(System.getProperty("regula.regenerate"))) {
            for (String f : Pictures.regenerate(TestSupport.docsDir())) {
                System.out.println("Wrote " + f);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyPicturesDataIsTheEnginesAndItsChapterShowsIt() {
        return Pictures.all().stream().map(p -> dynamicTest(p.name(), () -> {
            Path dir = TestSupport.docsDir().resolve(Pictures.DIR);
            Path csv = dir.resolve(p.name() + ".csv");
            assertTrue(Files.isRegularFile(csv), "missing " + csv + " (regenerate the pictures, see the class javadoc)");
            assertTrue(Files.isRegularFile(dir.resolve(p.name() + ".png")), "missing " + p.name() + ".png");
            assertSameNumbers(p.name(), Files.readString(csv, StandardCharsets.UTF_8), p.data().get());
            String chapter = Files.readString(TestSupport.docsDir().resolve(p.chapter() + ".md"), StandardCharsets.UTF_8);
            assertTrue(chapter.contains("(" + Pictures.DIR + "/" + p.name() + ".png)"), p.chapter() + ".md does not show "
                    + p.name() + ".png");
        }));
    }

    @Test
    void theComputationalGraphInTheReluChapterIsTheEngines() throws IOException {
        String chapter = Files.readString(TestSupport.docsDir().resolve(Pictures.GRAPH_CHAPTER + ".md"), StandardCharsets.UTF_8);
        int b = chapter.indexOf(Pictures.graphBegin());
        int e = chapter.indexOf(Pictures.graphEnd());
        assertTrue(b >= 0 && e > b, "relu.md lacks the graph markers");
        assertEquals(Pictures.graph(), chapter.substring(b + Pictures.graphBegin().length() + 1, e));
    }

    @Test
    void theComparisonCatchesAChangedNumber() {
        String committed = "a,b\n1.0,2.0\n";
        assertSameNumbers("same", committed, "a,b\n1.0,2.0000000001\n");
        try {
            assertSameNumbers("changed", committed, "a,b\n1.0,2.001\n");
        } catch (AssertionError expected) {
            return;
        }
        fail("a changed number passed");
    }

    static void assertSameNumbers(String name, String committed, String now) {
        String[] a = committed.strip().split("\n");
        String[] b = now.strip().split("\n");
        assertEquals(a[0], b[0], name + ": the header changed");
        assertEquals(a.length, b.length, name + ": the number of rows changed");
        for (int i = 1; i < a.length; i++) {
            String[] x = a[i].split(",");
            String[] y = b[i].split(",");
            assertEquals(x.length, y.length, name + ": row " + i + " has another number of cells");
            for (int j = 0; j < x.length; j++) {
                double u = Double.parseDouble(x[j]);
                double v = Double.parseDouble(y[j]);
                double slack = Math.max(ABSOLUTE, RELATIVE * Math.max(Math.abs(u), Math.abs(v)));
                if (!(Math.abs(u - v) <= slack)) {
                    fail(name + ": row " + i + ", column " + a[0].split(",")[j] + ": committed " + x[j] + ", the engine now "
                            + y[j] + " (regenerate the pictures if the change is deliberate)");
                }
            }
        }
    }
}
