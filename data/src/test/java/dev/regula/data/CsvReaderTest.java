package dev.regula.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    /** A CSV of {@code n} 2×2 images: label i mod 10, pixels 10·i + j. */
    static String csv(int n, boolean header) {
        StringBuilder sb = new StringBuilder(header ? "label,pixel0,pixel1,pixel2,pixel3\n" : "");
        for (int i = 0; i < n; i++) {
            sb.append(i % 10);
            for (int j = 0; j < 4; j++) {
                sb.append(',').append(10 * i + j);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void roundTripWithAndWithoutHeader() throws IOException {
        for (boolean header : new boolean[] {true, false}) {
            Dataset d = CsvReader.read(write("train.csv", csv(12, header)), DType.F64);
            assertEquals(12, d.size());
            assertEquals(4, d.features());
            assertEquals(7, d.label(7));
            assertEquals(72 / 255.0, d.x().get(7, 2), 0.0);
            assertEquals("train.csv", d.name());
        }
        LabeledImages images = CsvReader.readImages(write("t.csv", csv(3, true)), 0);
        assertEquals(2, images.images().rows(), "4 pixels: a 2×2 image");
        Dataset spaced = CsvReader.read(write("s.csv", "label, pixel0, pixel1\r\n 3 , 0 ,255\r\n\r\n"), DType.F32);
        assertEquals(1, spaced.size());
        assertEquals(1.0, spaced.x().get(0, 1));
        assertEquals(2, spaced.features(), "3 fields: 1 × 2 images");
    }

    @Test
    void errorsNameFileLineAndValue() throws IOException {
        assertEquals("bad.csv line 3: expected 5 fields (label + 4 pixels), found 4",
                message(write("bad.csv", "label,pixel0,pixel1,pixel2,pixel3\n1,0,0,0,0\n2,0,0,0\n")));
        assertEquals("bad.csv line 2: expected 5 fields (label + 4 pixels), found 6",
                message(write("bad.csv", "1,0,0,0,0\n2,0,0,0,0,\n")));
        assertEquals("bad.csv line 2, field 4 (pixel2): expected a pixel value in 0..255, found 256",
                message(write("bad.csv", "label,pixel0,pixel1,pixel2,pixel3\n1,0,0,256,0\n")));
        assertEquals("bad.csv line 1, field 2 (pixel0): expected a pixel value in 0..255, found -1",
                message(write("bad.csv", "1,-1,0,0,0\n")));
        assertEquals("bad.csv line 2, field 3 (pixel1): expected an integer pixel value in 0..255, found 'x7'",
                message(write("bad.csv", "1,0,0,0,0\n1,0,x7,0,0\n")));
        assertEquals("bad.csv line 1, field 3 (pixel1): expected an integer pixel value in 0..255, found '12.5'",
                message(write("bad.csv", "1,0,12.5,0,0\n")));
        assertEquals("bad.csv line 2: expected a label in 0..9, found 10",
                message(write("bad.csv", "label,pixel0\n10,0\n")));
        assertEquals("bad.csv line 2, field 1 (label): expected an integer label, found 'seven'",
                message(write("bad.csv", "7,0\nseven,0\n")));
        // a control character in the value is escaped, so that the message stays one line (found by fuzzing)
        assertEquals("bad.csv line 1, field 3 (pixel1): expected an integer pixel value in 0..255, found '1\\r2\\u0000'",
                message(write("bad.csv", "1,0,1\r2\u0000,0,0\n")));
        assertEquals("bad.csv line 1: expected a header starting with 'label' (label,pixel0,...,pixel783) or a data row"
                + " starting with the label, found 'pixel0' (an unlabeled test file?)",
                message(write("bad.csv", "pixel0,pixel1\n0,0\n")));
        assertEquals("bad.csv: expected at least one data row (label,pixel0,...), found none",
                message(write("bad.csv", "label,pixel0\n\n")));
        assertEquals("CSV file not found: " + dir.resolve("missing.csv"), message(dir.resolve("missing.csv")));
    }

    @Test
    void labeledOrNot() throws IOException {
        assertTrue(CsvReader.isLabeled(write("a.csv", csv(2, true)), 4));
        assertTrue(CsvReader.isLabeled(write("b.csv", csv(2, false)), 4));
        assertFalse(CsvReader.isLabeled(write("c.csv", "pixel0,pixel1,pixel2,pixel3\n0,0,0,0\n"), 4));
        assertFalse(CsvReader.isLabeled(write("d.csv", "0,0,0,0\n"), 4));
    }

    private static String message(Path file) {
        return assertThrows(DataException.class, () -> CsvReader.read(file, DType.F32)).getMessage();
    }
}
