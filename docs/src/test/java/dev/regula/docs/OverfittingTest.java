package dev.regula.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code regula explain overfitting}: the big network overfits, and L2 and dropout make its decision
 * boundary measurably smoother (see {@link Overfitting} for the two measures).
 */
class OverfittingTest {
    @TempDir
    static Path dir;
    static Overfitting.Result result;

    @BeforeAll
    static void train() throws IOException {
        result = Overfitting.run(Overfitting.defaults(), dir);
    }

    @Test
    void theUnregularizedNetworkMemorizesTheTrainingPoints() {
        assertEquals(1.0, result.none().trainAccuracy(), result.summary());
        assertTrue(result.none().testAccuracy() < 0.9, result.summary());
    }

    @Test
    void l2AndDropoutDrawSmootherBoundaries() {
        // The assertion that could fail: fewer class changes along the grid lines (by a margin of
        // at least a quarter) and a lower total variation of P(class 1).
        Overfitting.Run none = result.none();
        for (Overfitting.Run r : new Overfitting.Run[] {result.l2(), result.dropout()}) {
            assertTrue(r.classChanges() <= 0.75 * none.classChanges(), r.label() + "\n" + result.summary());
            assertTrue(r.totalVariation() < none.totalVariation(), r.label() + "\n" + result.summary());
        }
    }

    @Test
    void theRegularizedNetworksGeneralizeBetter() {
        assertTrue(result.l2().testAccuracy() > result.none().testAccuracy(), result.summary());
        assertTrue(result.dropout().testAccuracy() > result.none().testAccuracy(), result.summary());
        assertTrue(result.l2().trainAccuracy() < 1.0, "L2 gives up some training points: " + result.summary());
    }

    @Test
    void itWritesThreePictures() throws IOException {
        for (String name : new String[] {"none.png", "l2.png", "dropout.png"}) {
            BufferedImage image = ImageIO.read(dir.resolve(name).toFile());
            assertNotNull(image, name + " is not a PNG");
            assertEquals(DecisionBoundaryPlot.WIDTH, image.getWidth());
            assertEquals(DecisionBoundaryPlot.HEIGHT, image.getHeight());
        }
    }

    @Test
    void theChaptersTableIsTheEnginesSummary() throws IOException {
        String md = Chapters.read(Chapters.chapter(TestSupport.docsDir(), Chapters.OVERFITTING));
        ChaptersTest.assertBlockMatches(Chapters.OVERFITTING, md, result.summary());
    }

    @Test
    void settingsAreValidated() {
        Overfitting.Settings d = Overfitting.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Overfitting.Settings(
                1, 80, 100, 0.4, 100, 10, 0.01, 0.005, 1.0));
        assertTrue(e.getMessage().contains("keepProb") && e.getMessage().contains("1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.withEpochs(0));
        assertThrows(IllegalArgumentException.class, () -> new Overfitting.Settings(1, 1, 100, 0.4, 100, 10, 0.01, 0.005, 0.5));
    }
}
