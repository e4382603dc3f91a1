package dev.regula.data;

import dev.regula.core.DType;
import dev.regula.core.InputFiles;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a folder of PNG images listed in a CSV index of {@code filename,label}: the layout of the
 * seed case study ("Identify the Digits"), whose {@code Train} folder holds
 * <pre>
 * Train/train.csv                 filename,label      (header optional)
 *                                 0.png,4
 *                                 1.png,9
 * Train/Images/train/0.png        28 × 28 PNG
 * </pre>
 * The images are looked up, for an index {@code NAME.csv} in directory D, in the first of
 * {@code D}, {@code D/Images/NAME}, {@code D/images/NAME}, {@code D/Images}, {@code D/images} and
 * {@code D/NAME} that holds the first listed file (so {@code train.csv} finds
 * {@code Images/train/}).
 *
 * <p>Images are decoded with {@link ImageIO} (PNG, and whatever else it reads) and converted to
 * grayscale 0..255: a gray image's samples as they are (scaled from 1, 2, 4 or 16 bits); a color
 * or palette image's luma {@code L = (299·R + 587·G + 114·B) / 1000}, rounded, the ITU-R 601
 * weights PIL's {@code convert('L')} uses (as the seed's {@code imread(path, flatten=True)}).
 * Transparency is ignored, as PIL's conversion ignores it. Pixels are then scaled to [0, 1] as
 * value/255. The first image fixes the size; every other must have it.
 *
 * <p>Every problem is a {@link DataException} naming the index file and line, or the image file:
 * a line without exactly two fields, a label that is not an integer in 0..9, a missing image, an
 * image ImageIO cannot decode, an image of another size.
 */
public final class ImageFolderReader {
    /** The training index, as in the case study. */
    public static final String TRAIN_INDEX = "train.csv";
    /** The longest line of an index (a file name and a label). */
    static final int MAX_INDEX_LINE = 8192;

    private ImageFolderReader() {}

    /**
     * Reads {@code dir/train.csv} and its images as one dataset, 10 classes.
     *
     * @param dir the directory holding train.csv and the images
     * @param dtype dtype of x and of the one-hot targets
     * @return every labeled image, in the order of train.csv
     * @throws DataException as the class javadoc describes
     */
    public static Dataset read(Path dir, DType dtype) {
        LabeledImages data = readImages(dir.resolve(TRAIN_INDEX), 0, 0, null);
        return Dataset.fromIdx(data.images(), data.labels(), Mnist.NUM_CLASSES, dtype, data.source());
    }

    /**
     * Whether {@code index} looks like an image index: a header {@code filename,...}, or a first
     * line of two fields whose first is not a number.
     */
    static boolean isImageIndex(Path index) {
        try (BoundedLines in = BoundedLines.open(index, "a CSV file", CsvReader.MAX_FIRST_LINE)) {
            String line;
            while ((line = in.next()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String first = CsvReader.firstField(stripBom(line));
                return first.equalsIgnoreCase("filename")
                        || (CsvReader.fieldCount(line) == 2 && !first.matches("-?\\d+"));
            }
            return false;
        } catch (IOException e) {
            throw new DataException("Could not read " + index + ": " + e, e);
        }
    }

    /** Whether an index has a label column: a header {@code filename,label} or two fields per line. */
    static boolean isLabeled(Path index) {
        try (BoundedLines in = BoundedLines.open(index, "a CSV file", CsvReader.MAX_FIRST_LINE)) {
            String line;
            while ((line = in.next()) != null) {
                if (!line.isBlank()) {
                    return CsvReader.fieldCount(line) == 2;
                }
            }
            return false;
        } catch (IOException e) {
            throw new DataException("Could not read " + index + ": " + e, e);
        }
    }

    /**
     * Reads an index and its images.
     *
     * @param height the required image height, or 0 to take the first image's
     * @param width the required image width, or 0 to take the first image's
     * @param sizeOrigin where a required size comes from, for messages (e.g. "the training images")
     */
    static LabeledImages readImages(Path index, int height, int width, String sizeOrigin) {
        Objects.requireNonNull(index, "index");
        String indexName = CsvReader.nameOf(index);
        if (!Files.exists(index)) {
            throw new DataException("Image index not found: " + index + " (expected a CSV of filename,label)");
        }
        List<String> files = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int[] labels = new int[1024];
        try (BoundedLines in = BoundedLines.open(index, "a CSV file of filename,label", MAX_INDEX_LINE)) {
            String line;
            int lineNo = 0;
            boolean first = true;
            while ((line = in.nextUtf8()) != null) {
                lineNo = in.lineNo();
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = stripBom(line).split(",", -1);
                if (first) {
                    first = false;
                    if (fields[0].trim().equalsIgnoreCase("filename")) {
                        continue; // the header
                    }
                }
                if (fields.length != 2) {
                    throw new DataException(indexName + " line " + lineNo + ": expected 2 fields (filename,label),"
                            + " found " + fields.length);
                }
                String file = fields[0].trim();
                String labelText = fields[1].trim();
                int label;
                try {
                    label = Integer.parseInt(labelText);
                } catch (NumberFormatException e) {
                    throw new DataException(indexName + " line " + lineNo + ": expected an integer label in 0.."
                            + (Mnist.NUM_CLASSES - 1) + ", found '" + CsvReader.abbreviate(labelText) + "'");
                }
                if (label < 0 || label >= Mnist.NUM_CLASSES) {
                    throw new DataException(indexName + " line " + lineNo + ": expected a label in 0.."
                            + (Mnist.NUM_CLASSES - 1) + ", found " + label);
                }
                if (file.isEmpty()) {
                    throw new DataException(indexName + " line " + lineNo + ": expected a file name, found an empty field");
                }
                checkRelative(file, indexName, lineNo);
                if (files.size() == labels.length) {
                    labels = Arrays.copyOf(labels, labels.length * 2);
                }
                labels[files.size()] = label;
                files.add(file);
                lines.add(lineNo);
            }
        } catch (IOException e) {
            throw new DataException("Could not read " + index + ": " + e, e);
        }
        if (files.isEmpty()) {
            throw new DataException(indexName + ": expected at least one line of filename,label, found none");
        }
        Path imageDir = imageDirectory(index, files.get(0), lines.get(0));
        Path root = realPath(index.toAbsolutePath().getParent());
        long limit = InputFiles.maxBytes();
        int count = files.size();
        byte[] pixels = null;
        String origin = height > 0 ? sizeOrigin : "the first image, " + dev.regula.core.Checks.printable(files.get(0));
        for (int i = 0; i < count; i++) {
            String file = files.get(i);
            String where = dev.regula.core.Checks.printable(file) + " (" + indexName + " line " + lines.get(i) + ")";
            Path path = imageDir.resolve(file);
            if (!Files.exists(path)) {
                throw new DataException(where + ": image file not found in " + imageDir);
            }
            String problem = InputFiles.notRegular(path, "a PNG image");
            if (problem != null) {
                throw new DataException(where + ": " + problem.substring(problem.indexOf(": expected ") + 2));
            }
            if (!realPath(path).startsWith(root)) {
                throw new DataException(where + ": expected an image inside the data folder " + root
                        + ", found a symbolic link to " + realPath(path));
            }
            BufferedImage image;
            try {
                long[] size = declaredSize(path);
                long imageBytes = InputFiles.product(size[0], size[1]);
                long total = InputFiles.product(count, imageBytes);
                if (size[0] < 1 || size[1] < 1 || total > limit) {
                    throw new DataException(where + ": expected images whose pixels fit the limit of "
                            + InputFiles.human(limit) + " (-D" + InputFiles.MAX_BYTES_PROPERTY + "), found one that declares "
                            + size[0] + "×" + size[1] + " pixels (" + count + " images of it: "
                            + InputFiles.human(total).replace("bytes", "pixels") + ")");
                }
                image = ImageIO.read(path.toFile());
            } catch (DataException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new DataException(where + ": expected a PNG image, could not decode it (" + e.getMessage() + ")", e);
            } catch (OutOfMemoryError e) {
                throw new DataException(where + ": expected an image that fits in memory, found one that does not"
                        + " (raise -Xmx through REGULA_JAVA_OPTS)");
            }
            if (image == null) {
                throw new DataException(where + ": expected a PNG image, could not decode it (no image reader"
                        + " recognizes the file)");
            }
            if (pixels == null) {
                if (height == 0) {
                    height = image.getHeight();
                    width = image.getWidth();
                }
                long total = InputFiles.product(count, height, width);
                if (total > Math.min(limit, Integer.MAX_VALUE - 8)) {
                    throw new DataException(where + ": expected " + count + " images of " + height + "×" + width
                            + " pixels to fit the limit of " + InputFiles.human(Math.min(limit, Integer.MAX_VALUE - 8))
                            + ", found " + InputFiles.human(total).replace("bytes", "pixels"));
                }
                pixels = new byte[(int) total];
            }
            if (image.getHeight() != height || image.getWidth() != width) {
                throw new DataException(where + ": expected a " + height + "×" + width + " image (height×width, as "
                        + origin + "), found " + image.getHeight() + "×" + image.getWidth());
            }
            gray(image, pixels, i * (height * width));
        }
        return new LabeledImages(new IdxImages(count, height, width, pixels), Arrays.copyOf(labels, count),
                indexName + " (" + imageDir + ")");
    }

    /**
     * Refuses a file name that could leave the data folder: an absolute path, or one with a
     * {@code ..} component. (A symbolic link that leaves it is refused when the image is opened.)
     */
    private static void checkRelative(String file, String indexName, int lineNo) {
        String portable = file.replace('\\', '/');
        boolean absolute = portable.startsWith("/") || (portable.length() > 1 && portable.charAt(1) == ':');
        boolean up = java.util.Arrays.asList(portable.split("/")).contains("..");
        if (absolute || up || file.indexOf('\0') >= 0) {
            throw new DataException(indexName + " line " + lineNo + ": expected a file name relative to the data folder,"
                    + " without '..', found '" + CsvReader.abbreviate(file) + "'");
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new DataException(p + ": expected a readable path, found: " + e.getMessage());
        }
    }

    /** The width and height an image's header declares, read without decoding the pixels. */
    private static long[] declaredSize(Path path) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(path.toFile())) {
            java.util.Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return new long[] {1, 1}; // ImageIO.read reports the undecodable file below
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new long[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        }
    }

    /** The first candidate directory that holds the first image (see the class javadoc). */
    private static Path imageDirectory(Path index, String firstFile, int line) {
        Path dir = index.toAbsolutePath().getParent();
        String fileName = CsvReader.nameOf(index);
        String split = fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")
                ? fileName.substring(0, fileName.length() - 4) : fileName;
        List<Path> candidates = List.of(dir, dir.resolve("Images").resolve(split), dir.resolve("images").resolve(split),
                dir.resolve("Images"), dir.resolve("images"), dir.resolve(split));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve(firstFile))) {
                return candidate;
            }
        }
        throw new DataException(dev.regula.core.Checks.printable(firstFile) + " (" + fileName + " line " + line + "): image file not found; looked in "
                + candidates);
    }

    /**
     * Writes the image's gray levels 0..255 into {@code out} from {@code offset}, row by row (see
     * the class javadoc for the conversion).
     */
    static void gray(BufferedImage image, byte[] out, int offset) {
        int h = image.getHeight();
        int w = image.getWidth();
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof IndexColorModel) {
            IndexColorModel icm = (IndexColorModel) cm;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = icm.getRGB(raster.getSample(x, y, 0));
                    out[offset + y * w + x] = (byte) luma((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
                }
            }
        } else if (cm.getNumColorComponents() == 1) {
            int max = (1 << cm.getComponentSize(0)) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = raster.getSample(x, y, 0);
                    out[offset + y * w + x] = (byte) (max == 255 ? v : Math.round(v * 255.0 / max));
                }
            }
        } else {
            int rMax = (1 << cm.getComponentSize(0)) - 1;
            int gMax = (1 << cm.getComponentSize(1)) - 1;
            int bMax = (1 << cm.getComponentSize(2)) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int r = scale(raster.getSample(x, y, 0), rMax);
                    int g = scale(raster.getSample(x, y, 1), gMax);
                    int b = scale(raster.getSample(x, y, 2), bMax);
                    out[offset + y * w + x] = (byte) luma(r, g, b);
                }
            }
        }
    }

    private static int scale(int v, int max) {
        return max == 255 ? v : (int) Math.round(v * 255.0 / max);
    }

    /** ITU-R 601 luma, {@code (299·R + 587·G + 114·B) / 1000} rounded, in 0..255. */
    static int luma(int r, int g, int b) {
        return (299 * r + 587 * g + 114 * b + 500) / 1000;
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
