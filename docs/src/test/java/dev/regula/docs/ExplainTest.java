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
