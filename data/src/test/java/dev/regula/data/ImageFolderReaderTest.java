package dev.regula.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {
    @TempDir
    Path dir;

    /** A 3×2 gray PNG whose pixel (r, c) is base + 10·r + c. */
    static void grayPng(Path file, int base, int h, int w) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                img.getRaster().setSample(c, r, 0, base + 10 * r + c);
            }
        }
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(img, "png", file.toFile()));
    }

    /** The case study's layout: train.csv beside Images/train/*.png. */
    Path caseStudyLayout(int n) throws IOException {
        StringBuilder index = new StringBuilder("filename,label\n");
        for (int i = 0; i < n; i++) {
            grayPng(dir.resolve("Images/train/" + i + ".png"), 5 * i, 3, 2);
            index.append(i).append(".png,").append(i % 10).append('\n');
        }
        Files.writeString(dir.resolve("train.csv"), index);
        return dir;
    }

    @Test
    void roundTripOfGrayPngs() throws IOException {
        Dataset d = ImageFolderReader.read(caseStudyLayout(5), DType.F64);
        assertEquals(5, d.size());
        assertEquals(6, d.features());
        assertEquals(3, d.label(3));
        assertEquals((5 * 3 + 10 * 2 + 1) / 255.0, d.x().get(3, 2 * 2 + 1), 0.0);
    }

    @Test
    void colorImagesBecomeLuma() throws IOException {
        BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xFF0000);
        rgb.setRGB(1, 0, 0x10C080);
        Path f = dir.resolve("c.png");
        ImageIO.write(rgb, "png", f.toFile());
        byte[] out = new byte[2];
        ImageFolderReader.gray(ImageIO.read(f.toFile()), out, 0);
        assertEquals(Math.round(0.299 * 255), out[0] & 0xFF);
        assertEquals(Math.round(0.299 * 0x10 + 0.587 * 0xC0 + 0.114 * 0x80), out[1] & 0xFF);
        BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x80FFFFFF);
        ImageFolderReader.gray(argb, out, 0);
        assertEquals(255, out[0] & 0xFF, "transparency is ignored, as PIL's convert('L')");
    }

    @Test
    void errorsNameTheFileAndLine() throws IOException {
        caseStudyLayout(3);
        Files.writeString(dir.resolve("train.csv"), "filename,label\n0.png,1\n1.png,1,extra\n");
        assertEquals("train.csv line 3: expected 2 fields (filename,label), found 3", message());
        Files.writeString(dir.resolve("train.csv"), "filename,label\n0.png,12\n");
        assertEquals("train.csv line 2: expected a label in 0..9, found 12", message());
        Files.writeString(dir.resolve("train.csv"), "0.png,x\n");
        assertEquals("train.csv line 1: expected an integer label in 0..9, found 'x'", message());
        Files.writeString(dir.resolve("train.csv"), "filename,label\n0.png,1\n7.png,2\n");
        assertEquals("7.png (train.csv line 3): image file not found in " + dir.toAbsolutePath().resolve("Images/train"),
                message());
        Files.writeString(dir.resolve("Images/train/2.png"), "not a png");
        Files.writeString(dir.resolve("train.csv"), "filename,label\n0.png,1\n2.png,2\n");
        assertEquals("2.png (train.csv line 3): expected a PNG image, could not decode it (no image reader recognizes the file)",
                message());
        grayPng(dir.resolve("Images/train/2.png"), 0, 4, 2);
        assertEquals("2.png (train.csv line 3): expected a 3×2 image (height×width, as the first image, 0.png), found 4×2",
                message());
        Files.writeString(dir.resolve("train.csv"), "filename,label\nnope.png,1\n");
        String notFound = message();
        assertTrue(notFound.startsWith("nope.png (train.csv line 2): image file not found; looked in ["), notFound);
    }

    private String message() {
        return assertThrows(DataException.class, () -> ImageFolderReader.read(dir, DType.F32)).getMessage();
    }
}
