package dev.regula.docs.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every exercise's reference solution passes; every starter (but the seeds', which hold the seed's
 * code instead of a TODO: see {@link WrongAnswersTest}) compiles and fails with "not written yet".
 */
class ExerciseTest {

    @TestFactory
    Stream<DynamicTest> everyReferenceSolutionPasses() {
        return Exercises.topics().stream().map(topic -> dynamicTest(topic, () -> {
            Exercises.Grade grade = Exercises.check(topic, Exercises.solution(topic), topic + ".jsh");
            assertEquals(0, grade.exitCode(), grade.report());
            assertTrue(grade.report().contains("checks passed."), grade.report());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyStarterLoadsAndAsksForItsTodo() {
        return Exercises.topics().stream().filter(t -> !t.startsWith("seed-")).map(topic -> dynamicTest(topic, () -> {
            String starter = Exercises.starter(topic);
            assertTrue(starter.contains("TODO"), starter);
            assertTrue(!starter.contains("//>>>") && !starter.contains("//<<<"), starter);
            Exercises.Grade grade = Exercises.check(topic, starter, topic + ".jsh");
            assertEquals(1, grade.exitCode(), grade.report());
            assertTrue(grade.report().contains("not written yet"), grade.report());
        }));
    }
}
