package dev.regula.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The walkthroughs themselves: deterministic, complete, and every check in them holds. */
class ExplainTest {

    @Test
    void theIssuesTopicsAreAllThere() {
        List<String> required = List.of("dense", "relu", "sigmoid", "softmax-cross-entropy", "l2", "l1", "weight-decay",
                "dropout", "batchnorm", "max-norm", "adam", "early-stopping", "augmentation", "zca", "init",
                "gradient-check");
        assertTrue(Explain.topics().containsAll(required), "topics() = " + Explain.topics());
        for (String t : Explain.topics()) {
            assertFalse(Explain.summary(t).isBlank(), t);
        }
    }

    @TestFactory
    Stream<DynamicTest> eachWalkthroughIsDeterministicAndItsChecksHold() {
        return Explain.topics().stream().map(topic -> dynamicTest(topic, () -> {
            String first = Explain.explain(topic);
            String second = Explain.explain(topic);
            assertEquals(first, second, topic + ": two calls printed different text");
            assertFalse(first.contains(Walkthrough.DIFFER), topic + ": a value by hand differs from the engine's:\n" + first);
            assertFalse(first.contains("NaN"), topic + " prints a NaN");
            assertFalse(first.toLowerCase(java.util.Locale.ROOT).contains(" seconds"), topic + " prints a timing");
            assertTrue(first.startsWith(topic + ":"), topic + ": the first line names the topic");
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyGradientCheckPassesAtOneInTenMillion() {
        // gradient-check deliberately shows a buggy penalty failing, after its passing table.
        return Explain.topics().stream().map(topic -> dynamicTest(topic, () -> {
            List<List<TestSupport.CheckRow>> tables = TestSupport.gradientChecks(Explain.explain(topic));
            List<List<TestSupport.CheckRow>> passing = topic.equals("gradient-check") ? tables.subList(0, 1) : tables;
            for (List<TestSupport.CheckRow> table : passing) {
                for (TestSupport.CheckRow row : table) {
                    assertTrue(row.relError() <= 1e-7 && row.ok(), topic + ": " + row);
                }
            }
        }));
    }

    @Test
    void theDropoutWalkthroughShowsTheMaskTheScalingAndAPassingGradientCheck() {
        String text = Explain.explain("dropout");
        assertTrue(text.contains("D1 = [U < keepProb]"), "the mask");
        assertTrue(text.contains("(Dropout.mask())"), "the mask compared with the engine's");
        assertTrue(text.contains("A1 ⊙ D1 / keepProb"), "the scaling by 1/keepProb");
        assertTrue(text.contains("dA1 = dA1d ⊙ D1 / keepProb"), "the same mask in backward");
        assertTrue(text.contains("(the cost without the penalty)") && text.contains("(the cost with the penalty)"));
        List<List<TestSupport.CheckRow>> tables = TestSupport.gradientChecks(text);
        assertEquals(1, tables.size(), "one gradient-check table");
        List<TestSupport.CheckRow> rows = tables.get(0);
        assertEquals(4, rows.size(), "W1, b1, W2, b2: " + rows);
        for (TestSupport.CheckRow row : rows) {
            assertTrue(row.relError() <= 1e-7, row.toString());
            assertTrue(row.relError() > 0, "a relative error of exactly 0 would mean nothing was compared: " + row);
        }
        assertTrue(text.contains("PASSED"));
    }

    /**
     * The derivations checked against central differences: every intermediate named here has a
     * line saying that its derivative by hand matches central differences (h = 1e-5) of a function
     * written by hand, at a relative error ≤ 1e-7 with the absolute floor 1e-4, and no such line
     * anywhere reports a larger error.
     */
    @Test
    void theDerivationsMatchCentralDifferences() {
        assertFiniteDifferences("batchnorm", List.of("dS = ∂J/∂S", "dx̂ = ∂J/∂x̂", "dσ² = ∂J/∂σ²", "∂σ²/∂μ",
                "dμ = dJ/dμ", "dX = dJ/dX"));
        assertFiniteDifferences("softmax-cross-entropy", List.of("diag(p) − p·pᵀ", "∂J_i/∂z"));
        String bn = Explain.explain("batchnorm");
        assertTrue(bn.contains("vanishes"), "the σ² part of dμ is shown to vanish");
        assertTrue(bn.contains("W = dense/kernel") && bn.contains("b = dense/bias"), "the Dense W and b are printed");
        String softmax = Explain.explain("softmax-cross-entropy");
        assertTrue(softmax.contains("by hand = engine: p − y"), "the Jacobian product is p − y");
        for (String topic : List.of("relu", "softmax-cross-entropy", "adam")) {
            assertTrue(Explain.explain(topic).contains("W2 = dense_2/kernel"), topic + " prints W2");
        }
    }

    @Test
    void l1ShowsExactZerosOnlyWithTheProximalStep() {
        String text = Explain.explain("l1");
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("exact zeros among the 15 kernel weights: subgradient (\\d+), proximal (\\d+)").matcher(text);
        assertTrue(m.find(), text);
        assertEquals(0, Integer.parseInt(m.group(1)), "subgradient steps land on no exact zero");
        assertTrue(Integer.parseInt(m.group(2)) > 0, "soft-thresholding does");
        assertTrue(text.contains("✓ the last proximal step satisfies the optimality condition"));
    }

    @Test
    void weightDecayShowsMomentumAndAdamPartingWays() {
        String text = Explain.explain("weight-decay");
        for (int t = 1; t <= 3; t++) {
            assertTrue(text.contains("step " + t + ": Sgd(momentum) + L2 = the recurrence by hand"));
            assertTrue(text.contains("step " + t + ": AdamW = the recurrence by hand"));
        }
    }

    @Test
    void adamShowsTheUncorrectedStep() {
        String text = Explain.explain("adam");
        assertTrue(text.contains("≈ ±3.16·lr"), "the uncorrected first step");
        assertTrue(text.contains("✓ at every t from 1 to 10000"), "the table's check");
    }

    @Test
    void gradientCheckPrintsNgsWholeVectorCheck() {
        String text = Explain.explain("gradient-check");
        assertTrue(text.contains("Ng's check on the correct gradients"));
        assertTrue(text.contains("\"your backward propagation works perfectly fine\""));
        assertTrue(text.contains("\"there is a mistake in the backward propagation\""));
    }

    private static void assertFiniteDifferences(String topic, List<String> what) {
        String text = Explain.explain(topic);
        java.util.regex.Pattern error = java.util.regex.Pattern.compile("max relative error ([0-9.e+-]+); tolerance 1e-7");
        int lines = 0;
        for (String line : text.split("\n")) {
            if (line.contains(Walkthrough.FD_LABEL)) {
                lines++;
                assertTrue(line.trim().startsWith("✓"), topic + ": " + line);
                java.util.regex.Matcher m = error.matcher(line);
                assertTrue(m.find(), line);
                assertTrue(Double.parseDouble(m.group(1)) <= 1e-7, topic + ": " + line);
            }
        }
        for (String w : what) {
            assertTrue(text.lines().anyMatch(l -> l.contains(Walkthrough.FD_LABEL + w)), topic + ": no check of " + w);
        }
        assertTrue(lines >= what.size(), topic);
    }

    @Test
    void theBuggyPenaltyOfTheGradientCheckWalkthroughFails() {
        List<List<TestSupport.CheckRow>> tables = TestSupport.gradientChecks(Explain.explain("gradient-check"));
        assertEquals(2, tables.size());
        long failing = tables.get(1).stream().filter(r -> !r.ok() && r.relError() > 1e-3).count();
        assertEquals(2, failing, "both kernels fail: " + tables.get(1));
    }

    @Test
    void anUnknownTopicListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Explain.explain("droput"));
        assertTrue(e.getMessage().contains("droput"), e.getMessage());
        for (String t : Explain.topics()) {
            assertTrue(e.getMessage().contains(t), "the message lists " + t + ": " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Explain.explain(null));
        assertThrows(IllegalArgumentException.class, () -> Explain.summary("nope"));
    }
}
