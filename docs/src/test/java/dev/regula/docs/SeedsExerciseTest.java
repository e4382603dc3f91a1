package dev.regula.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.regularization.L2;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replayed exercise of {@code docs/seeds-exercise.md}: its table is the engine's, its three pictures exist, and
 * the conversion of the exercise's λ is the one stated. With {@code -Dregula.regenerate=seeds-exercise} the table
 * and the three PNGs are rewritten first (see docs/README.md).
 */
class SeedsExerciseTest {
    static final String ID = "seeds-exercise";
    static Overfitting.Result result;

    @BeforeAll
    static void train() throws IOException {
        boolean regenerate = ID.equals(System.getProperty("regula.regenerate"));
        Path images = TestSupport.docsDir().resolve("images").resolve(ID);
        result = SeedsExercise.run(regenerate ? images : null);
        if (regenerate) {
            Path chapter = Chapters.chapter(TestSupport.docsDir(), ID);
            Chapters.write(chapter, Chapters.replace(Chapters.read(chapter), ID, SeedsExercise.summary(result)));
        }
    }

    @Test
    void theChaptersTableIsTheEngines() throws IOException {
        String md = Chapters.read(Chapters.chapter(TestSupport.docsDir(), ID));
        ChaptersTest.assertBlockMatches(ID, md, SeedsExercise.summary(result));
        for (String png : new String[] {"none.png", "l2.png", "dropout.png"}) {
            assertTrue(Files.isRegularFile(TestSupport.docsDir().resolve("images").resolve(ID).resolve(png)), png);
            assertTrue(md.contains("(images/" + ID + "/" + png + ")"), "the chapter shows " + png);
        }
    }

    @Test
    void theExercisesLambdaIsConvertedAsTheChapterSays() {
        assertEquals(0.7 / (2 * 211), L2.fromSeedForm(0.7, 211), 0);
        assertTrue(SeedsExercise.summary(result).contains("λ = lambd/(2m) = 0.0016588"), SeedsExercise.summary(result));
    }

    @Test
    void sameSeedSameNumbers() throws IOException {
        assertEquals(SeedsExercise.summary(result), SeedsExercise.summary(SeedsExercise.run(null)));
    }
}
