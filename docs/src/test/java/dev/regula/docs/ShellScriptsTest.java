package dev.regula.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.regula.core.Matrix;
import dev.regula.docs.shell.JShellRunner;
import dev.regula.docs.shell.Scripts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The JShell scripts of {@code regula shell TOPIC} ({@code docs/jshell/TOPIC.jsh}), evaluated through the
 * {@code jdk.jshell} API in this JVM: every snippet runs, every matrix and number a script prints is
 * printed the same way by {@code regula explain TOPIC} (hence by the chapter, which ChaptersTest keeps equal
 * to it), and for some topics the script's variables hold exactly the engine's bits.
 */
class ShellScriptsTest {

    /** The script's source as the jar bundles it (it must be the readable copy in docs/jshell). */
    private static String script(String topic) throws IOException {
        Path file = TestSupport.docsDir().resolve("jshell").resolve(topic + ".jsh");
        assertTrue(Files.isRegularFile(file), "missing script " + file);
        String readable = Files.readString(file, StandardCharsets.UTF_8);
        assertEquals(readable, Scripts.script(topic), topic + ": the bundled script differs from docs/jshell/" + topic
                + ".jsh (rebuild the docs module)");
        return readable;
    }

    /** Runs the whole script; fails on the first snippet that does not compile or throws. Returns what it printed. */
    static String run(JShellRunner shell, String topic, String source) {
        StringBuilder out = new StringBuilder();
        for (JShellRunner.Result r : shell.evalScript(source)) {
            out.append(r.output());
            if (!r.ok()) {
                fail(topic + ".jsh: the snippet\n" + r.source() + "\nfailed: " + r.error() + "\nafter printing:\n" + out);
            }
        }
        return out.toString();
    }

    /** A printed matrix: its header line "formula   (r×c)" and the indented rows under it. */
    record Block(String header, String body) {}

    private static final Pattern SHAPE = Pattern.compile("   \\(\\d+×\\d+\\)$");
    private static final Pattern VALUE = Pattern.compile("^(.*) = (-?[0-9.]+(e[-+]?\\d+)?)$");

    static List<Block> blocks(String output) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = output.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (SHAPE.matcher(lines[i]).find()) {
                StringBuilder body = new StringBuilder();
                int j = i + 1;
                while (j < lines.length && lines[j].startsWith("  [")) {
                    body.append(lines[j]).append('\n');
                    j++;
                }
                blocks.add(new Block(lines[i], body.toString()));
                i = j - 1;
            }
        }
        return blocks;
    }

    /**
     * Every matrix block and every "formula = number" line of the output is in the walkthrough; returns how
     * many matrices, numbers and other lines of the output the walkthrough holds.
     */
    static int assertPrintedAsInTheChapter(String topic, String output, String walkthrough) {
        int found = 0;
        for (Block b : blocks(output)) {
            String shape = b.header().substring(b.header().lastIndexOf("   ("));
            assertTrue(walkthrough.contains(shape + "\n" + b.body()), topic + ".jsh printed\n" + b.header() + "\n" + b.body()
                    + "which is not in 'regula explain " + topic + "'");
            found++;
        }
        List<String> chapterLines = List.of(walkthrough.split("\n"));
        for (String line : output.split("\n")) {
            if (!line.isBlank() && !line.startsWith("  [") && chapterLines.contains(line)) {
                found++;   // a table row or a sentence printed exactly as in the chapter
                continue;
            }
            Matcher m = VALUE.matcher(line);
            if (m.matches()) {
                assertTrue(walkthrough.contains(" = " + m.group(2) + "\n") || walkthrough.contains(" = " + m.group(2) + " "),
                        topic + ".jsh printed '" + line + "', a number not in 'regula explain " + topic + "'");
                found++;
            }
        }
        return found;
    }

    /** The exact doubles of a matrix the script holds, as JShell sees them. */
    static String bits(JShellRunner shell, String expression) {
        JShellRunner.Result r = shell.eval("java.util.Arrays.toString(" + expression + ".doubles())");
        assertTrue(r.ok(), expression + ": " + r.error());
        return r.value();
    }

    static String bits(Matrix m) {
        return "\"" + Arrays.toString(m.doubles()) + "\"";
    }

    @TestFactory
    Stream<DynamicTest> everyTopicHasAScriptThatRunsAndPrintsTheChaptersNumbers() {
        return Scripts.topics().stream().map(topic -> dynamicTest(topic, () -> {
            String source = script(topic);
            try (JShellRunner shell = JShellRunner.open()) {
                String output = run(shell, topic, source);
                int found = assertPrintedAsInTheChapter(topic, output, Explain.explain(topic));
                assertTrue(found >= 3, topic + ".jsh printed only " + found + " of the chapter's matrices and numbers:\n"
                        + output);
            }
        }));
    }

    @Test
    void theDropoutScriptHoldsTheEnginesMaskAndGradientsAndReactsToKeepProb() throws IOException {
        TinyNet net = new TinyNet(DropoutTopic.KEEP_PROB);
        net.penalties.add(new dev.regula.regularization.L2(net.w1(), 0.01));
        net.penalties.add(new dev.regula.regularization.L2(net.w2(), 0.01));
        net.gradients();
        try (JShellRunner shell = JShellRunner.open()) {
            String output = run(shell, "dropout", script("dropout"));
            assertTrue(output.contains("D1 = [U < keepProb]"), "prints the mask");
            assertTrue(output.contains("dW1 = dW1 (data) + 2λ·W1"), "prints the gradients");
            assertEquals(bits(net.mask), bits(shell, "D1"));
            assertEquals(bits(net.a1Dropped), bits(shell, "A1d"));
            assertEquals(bits(net.dA1), bits(shell, "dA1"));
            assertEquals(bits(net.w1().grad()), bits(shell, "dense1.kernel().grad()"));
            assertEquals(bits(net.w2().grad()), bits(shell, "dense2.kernel().grad()"));
            assertEquals(Double.toString(net.dataLoss + net.penalty()), shell.eval("J").value());

            JShellRunner.Result half = shell.eval("keepProb = 0.5; forward()");
            assertTrue(half.ok(), half.error());
            assertNotEquals(Double.toString(net.dataLoss + net.penalty()), half.value(), "keepProb = 0.5 changes the cost");
            assertTrue(half.output().contains("D1 = [U < keepProb]"), "forward() prints the new mask");
            JShellRunner.Result back = shell.eval("keepProb = 0.75; forward()");
            assertEquals(Double.toString(net.dataLoss + net.penalty()), back.value(), "keepProb = 0.75 gives the chapter's J again");
        }
    }

    @Test
    void aBrokenSnippetIsReportedWithItsSource() {
        try (JShellRunner shell = JShellRunner.open()) {
            JShellRunner.Result bad = shell.eval("int x = \"text\";");
            assertFalse(bad.ok());
            assertTrue(bad.error().startsWith("does not compile"), bad.error());
            JShellRunner.Result thrown = shell.eval("Integer.parseInt(\"x\")");
            assertFalse(thrown.ok());
            assertTrue(thrown.error().contains("NumberFormatException"), thrown.error());
            assertThrows(IllegalArgumentException.class, () -> shell.split("void f() {"));
        }
    }

    @Test
    void anUnknownTopicListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scripts.script("dropuot"));
        assertTrue(e.getMessage().contains("dropout") && e.getMessage().contains("received: dropuot"), e.getMessage());
    }
}
