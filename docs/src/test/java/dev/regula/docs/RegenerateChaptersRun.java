package dev.regula.docs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Not a test: the way to rewrite the chapters' worked examples from the reactor, so that the engine
 * that writes them is the one in this checkout (compiled by {@code -am}), never a jar installed in
 * {@code ~/.m2}. Its name does not end in {@code Test}, so {@code mvn test} skips it; it runs only
 * when selected by name, with the tests' JVM flags (the same GEMM kernel, the same last digits):
 * <pre>
 * mvn -B -q -pl docs -am test -Dtest=RegenerateChaptersRun -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * With {@code -Dregenerate.pictures=true} it also redraws the overfitting chapter's PNGs.
 */
class RegenerateChaptersRun {
    @Test
    void regenerate() throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<String> changed = RegenerateChapters.regenerate(TestSupport.docsDir(),
                Boolean.getBoolean("regenerate.pictures"), out);
        out.println(changed.isEmpty() ? "Every chapter was up to date." : "Rewrote " + String.join(", ", changed));
    }
}
