package dev.regula.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.regula.docs.exercise.ExerciseChapter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/exercises.md} equal to what the checker prints now: every block between
 * {@code <!-- explain:exercise-...:begin -->} and its end marker. With
 * {@code -Dregenerate.exercises=true} it rewrites the blocks instead (and still fails if a marker is missing).
 */
class ExerciseChapterTest {

    @Test
    void theExercisesChapterMatchesTheChecker() throws IOException {
        Path file = TestSupport.docsDir().resolve(ExerciseChapter.FILE);
        String md = Chapters.read(file);
        if (Boolean.getBoolean("regenerate.exercises")) {
            String updated = ExerciseChapter.regenerate(md);
            if (!updated.equals(md)) {
                Chapters.write(file, updated);
            }
            md = updated;
        }
        for (Map.Entry<String, String> b : ExerciseChapter.blocks().entrySet()) {
            Optional<String> block = Chapters.extract(md, b.getKey());
            if (block.isEmpty()) {
                fail(file.getFileName() + " has no block " + b.getKey() + " (expected the lines " + Chapters.begin(b.getKey())
                        + " and " + Chapters.end(b.getKey()) + " around a ```text fence)");
            }
            if (!block.get().equals(b.getValue())) {
                String[] a = block.get().split("\n", -1), e = b.getValue().split("\n", -1);
                int line = 0;
                while (line < Math.min(a.length, e.length) && a[line].equals(e[line])) {
                    line++;
                }
                fail(file.getFileName() + ": the block " + b.getKey() + " no longer matches the checker; first difference at line "
                        + (line + 1) + " of the block:\n  chapter: " + (line < a.length ? a[line] : "(end of block)")
                        + "\n  checker: " + (line < e.length ? e[line] : "(end of output)")
                        + "\nIf the checker changed on purpose, regenerate the blocks (see the end of exercises.md) and read the diff.");
            }
        }
    }

    @Test
    void theReadingOrderLinksTheChapter() throws IOException {
        String readme = Chapters.read(TestSupport.docsDir().resolve("README.md"));
        assertTrue(readme.contains("(" + ExerciseChapter.FILE + ")"), "docs/README.md does not link " + ExerciseChapter.FILE);
    }

    @Test
    void theWalkthroughShowsAFailureThenAPass() {
        Map<String, String> blocks = ExerciseChapter.blocks();
        assertTrue(blocks.get("exercise-dropout-wrong-check").contains("without the 1/keepProb factor"));
        assertTrue(blocks.get("exercise-dropout-wrong-check").endsWith("(exit code 1)\n"));
        assertTrue(blocks.get("exercise-dropout-pass").endsWith("(exit code 0)\n"));
        assertTrue(blocks.get("exercise-dropout-broken").endsWith("(exit code 2)\n"));
        assertEquals(2, blocks.get("exercise-dropout-broken").lines().count(), blocks.get("exercise-dropout-broken"));
    }
}
