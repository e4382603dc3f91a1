package dev.regula.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {
    @TempDir
    Path dir;

    @Test
    void caseStudySplitIsSeventyThirtyOfSixtyThousand() {
        assertEquals(Mnist.TRAIN_SIZE, Mnist.trainSize(60_000));
        assertEquals(Mnist.VALIDATION_SIZE, 60_000 - Mnist.trainSize(60_000));
        assertEquals(70, Mnist.trainSize(100));
        assertEquals(7, Mnist.trainSize(11));
    }

    @Test
    void splitsASmallSetSeventyThirtyInFileOrder() throws IOException {
        TestData.writeMnistLike(dir, 100, 20);
        MnistSplits splits = Mnist.load(dir, DType.F32);

        assertEquals(70, splits.train().size());
        assertEquals(30, splits.validation().size());
        assertEquals(20, splits.test().size());
        assertEquals(12, splits.train().features());
        assertEquals(5, splits.train().label(0));      // training labels start at 5
        assertEquals((5 + 70) % 10, splits.validation().label(0));
        assertEquals(7, splits.test().label(0));       // test labels start at 7
        // the first validation row is training image 70: pixel j = (7·70 + j) mod 256
        assertEquals(((7 * 70 + 1) % 256) / 255f, splits.validation().x().get(0, 1), 0);
        assertEquals(Mnist.NUM_CLASSES, splits.test().numClasses());
    }

    @Test
    void readsGzipNamesAndF64() throws IOException {
        Path raw = dir.resolve("raw");
        TestData.writeMnistLike(raw, 10, 4);
        Path gz = Files.createDirectories(dir.resolve("gz"));
        for (String name : Mnist.FILES) {
            Files.write(gz.resolve(name + ".gz"), TestData.gzip(Files.readAllBytes(raw.resolve(name))));
        }
        MnistSplits splits = Mnist.load(gz, DType.F64);
        assertEquals(7, splits.train().size());
        assertEquals(3, splits.validation().size());
        assertEquals(DType.F64, splits.test().dtype());
    }

    @Test
    void namesAMissingFileAndDirectory() throws IOException {
        TestData.writeMnistLike(dir, 10, 4);
        Files.delete(dir.resolve(Mnist.TEST_LABELS));
        DataException e = assertThrows(DataException.class, () -> Mnist.load(dir, DType.F32));
        assertTrue(e.getMessage().contains("missing t10k-labels-idx1-ubyte (or t10k-labels-idx1-ubyte.gz)"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());

        Path nowhere = dir.resolve("nowhere");
        e = assertThrows(DataException.class, () -> Mnist.load(nowhere, DType.F32));
        assertTrue(e.getMessage().contains("MNIST directory not found: " + nowhere), e.getMessage());
    }

    @Test
    void reportsALabelOutOfRangeAtItsIndexInTheFile() throws IOException {
        TestData.writeMnistLike(dir, 100, 4);
        int[] labels = TestData.labels(100, 10, 5);
        labels[85] = 12; // in the validation part
        IdxWriter.writeLabels(dir.resolve(Mnist.TRAIN_LABELS), labels);
        DataException e = assertThrows(DataException.class, () -> Mnist.load(dir, DType.F32));
        assertTrue(e.getMessage().contains(
                "train-labels-idx1-ubyte: expected labels in [0, 10), found 12 at index 85"), e.getMessage());
    }

    @Test
    void rejectsALabelFileOfAnotherLength() throws IOException {
        TestData.writeMnistLike(dir, 100, 4);
        IdxWriter.writeLabels(dir.resolve(Mnist.TRAIN_LABELS), TestData.labels(99, 10, 0));
        DataException e = assertThrows(DataException.class, () -> Mnist.load(dir, DType.F32));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte, train-labels-idx1-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("(100 images), found 99 labels"), e.getMessage());
    }

    @Test
    void rejectsTestImagesOfAnotherSize() throws IOException {
        TestData.writeMnistLike(dir, 10, 4);
        IdxWriter.writeImages(dir.resolve(Mnist.TEST_IMAGES), TestData.images(4, 3, 4));
        DataException e = assertThrows(DataException.class, () -> Mnist.load(dir, DType.F32));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte: expected 4×3 images like"
                + " train-images-idx3-ubyte, found 3×4"), e.getMessage());
    }

    @Test
    void rejectsATrainingFileTooSmallToSplit() throws IOException {
        TestData.writeMnistLike(dir, 1, 4);
        DataException e = assertThrows(DataException.class, () -> Mnist.load(dir, DType.F32));
        assertTrue(e.getMessage().contains("expected at least 2 images"), e.getMessage());
        assertTrue(e.getMessage().contains("found 1"), e.getMessage());
    }

    @Test
    void loadOrFetchReadsTheUsersDirectoryWithoutFetching() throws IOException {
        TestData.writeMnistLike(dir, 20, 5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path unusedCache = dir.resolve("cache");
        MnistSplits splits = Mnist.loadOrFetch(unusedCache, dir, DType.F32,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(14, splits.train().size());
        assertEquals(6, splits.validation().size());
        assertEquals(5, splits.test().size());
        String log = out.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("your own data"), log);
        assertTrue(log.contains("14 train, 6 validation, 5 test"), log);
        assertTrue(Files.notExists(unusedCache));
    }
}
