package dev.regula.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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

class DataSourcesTest {
    @TempDir
    Path dir;

    @Test
    void idxDirectoryGoesToMnist() throws IOException {
        TestData.writeMnistLike(dir, 20, 5);
        assertEquals(DataSources.Kind.IDX, DataSources.detect(dir));
        MnistSplits s = DataSources.load(dir, DType.F32);
        assertEquals(14, s.train().size());
        assertEquals(5, s.test().size());
        assertTrue(s.hasSeparateTest());
    }

    @Test
    void csvFileSplits70To30AndReportsValidationWithoutATestFile() throws IOException {
        Path f = dir.resolve("digits.csv");
        Files.writeString(f, CsvReaderTest.csv(20, true));
        assertEquals(DataSources.Kind.CSV, DataSources.detect(f));
        MnistSplits s = DataSources.load(f, DType.F32);
        assertEquals(14, s.train().size());
        assertEquals(6, s.validation().size());
        assertEquals(14 % 10, s.validation().label(0), "file order: the validation set is the last 30 %");
        assertSame(s.validation(), s.test());
        assertFalse(s.hasSeparateTest());
        // Kaggle's unlabeled test.csv beside it is not a test set...
        Files.writeString(dir.resolve("test.csv"), "pixel0,pixel1,pixel2,pixel3\n1,2,3,4\n");
        assertFalse(DataSources.load(f, DType.F32).hasSeparateTest());
        // ...a labeled one is.
        Files.writeString(dir.resolve("test.csv"), CsvReaderTest.csv(4, false));
        MnistSplits withTest = DataSources.load(f, DType.F32);
        assertTrue(withTest.hasSeparateTest());
        assertEquals(4, withTest.test().size());
        // A directory holding train.csv of pixels is the same data.
        Files.move(f, dir.resolve("train.csv"));
        assertEquals(DataSources.Kind.CSV, DataSources.detect(dir));
        assertEquals(14, DataSources.load(dir, DType.F32).train().size());
    }

    @Test
    void pngFolderWithTrainCsv() throws IOException {
        StringBuilder index = new StringBuilder("filename,label\n");
        for (int i = 0; i < 10; i++) {
            ImageFolderReaderTest.grayPng(dir.resolve("Images/train/" + i + ".png"), i, 3, 2);
            index.append(i).append(".png,").append(i).append('\n');
        }
        Files.writeString(dir.resolve("train.csv"), index);
        Files.writeString(dir.resolve("test.csv"), "filename\n100.png\n"); // the case study's unlabeled test.csv
        assertEquals(DataSources.Kind.IMAGE_FOLDER, DataSources.detect(dir));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        MnistSplits s = DataSources.loadOrFetch(null, dir, DType.F64, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(7, s.train().size());
        assertEquals(3, s.validation().size());
        assertFalse(s.hasSeparateTest());
        assertEquals(7, s.validation().label(0));
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("7 train, 3 validation, no labeled test.csv"), text);
        // A labeled test.csv with images in Images/test.
        ImageFolderReaderTest.grayPng(dir.resolve("Images/test/t0.png"), 1, 3, 2);
        Files.writeString(dir.resolve("test.csv"), "filename,label\nt0.png,4\n");
        MnistSplits t = DataSources.load(dir, DType.F64);
        assertTrue(t.hasSeparateTest());
        assertEquals(4, t.test().label(0));
        ImageFolderReaderTest.grayPng(dir.resolve("Images/test/t0.png"), 1, 5, 5);
        assertEquals("t0.png (test.csv line 2): expected a 3×2 image (height×width, as the training images), found 5×5",
                assertThrows(DataException.class, () -> DataSources.load(dir, DType.F64)).getMessage());
    }

    @Test
    void unknownPaths() throws IOException {
        Path missing = dir.resolve("nothing");
        String m = assertThrows(DataException.class, () -> DataSources.load(missing, DType.F32)).getMessage();
        assertTrue(m.startsWith("Data path not found: " + missing + " (expected a directory with the four MNIST IDX files"), m);
        Path txt = Files.writeString(dir.resolve("data.txt"), "1,2");
        assertTrue(assertThrows(DataException.class, () -> DataSources.load(txt, DType.F32)).getMessage()
                .startsWith(txt + ": expected a .csv file or a directory"));
        Files.createDirectories(dir.resolve("empty"));
        assertTrue(assertThrows(DataException.class, () -> DataSources.load(dir.resolve("empty"), DType.F32)).getMessage()
                .contains("found neither the MNIST IDX files"));
        Path one = Files.writeString(dir.resolve("one.csv"), "3,0,0\n");
        assertEquals("one.csv: expected at least 2 images to split 70:30 into training and validation, found 1",
                assertThrows(DataException.class, () -> DataSources.load(one, DType.F32)).getMessage());
    }
}
