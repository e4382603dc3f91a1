package dev.regula.experiments;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * A fuzz test of the run-spec reader (Jazzer): whatever the text, {@link RunSpec#parse} returns a
 * spec or throws {@link SpecException} with one line that starts with the file's name, never
 * another exception (a parser's internal error, a
 * stack overflow on deep nesting, an alias expansion that eats the heap).
 *
 * <p>In {@code mvn test} it runs its seed corpus,
 * {@code src/test/resources/dev/regula/experiments/FuzzSpecTestInputs/parse/}: a preset, a
 * misspelled key, a wrong type, impossible values, broken YAML, a list at the top, a JSON spec, an
 * alias loop, an alias bomb and 5,000 nested lists; then it is fuzzed for {@code fuzz.seconds} in a
 * JVM of its own (the module's "fuzz" profile). Longer:
 * <pre>
 * JAZZER_FUZZ=1 mvn -B test -pl experiments -am -Dtest='FuzzSpecTest' -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.seconds=600
 * </pre>
 */
class FuzzSpecTest {
    @FuzzTest(maxDuration = "10s")
    void parse(byte[] bytes) {
        try {
            assertNotNull(RunSpec.parse(new String(bytes, StandardCharsets.UTF_8), "fuzz.yaml"));
        } catch (SpecException expected) {
            // the reader's own refusal: fine, if it is the one line the user sees, naming the file
            String m = expected.getMessage();
            assertTrue(m != null && m.lines().count() == 1, "not one line: " + m);
            assertTrue(m.startsWith("fuzz.yaml"), "does not name the file first: " + m);
        }
    }
}
