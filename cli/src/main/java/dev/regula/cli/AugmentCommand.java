package dev.regula.cli;

import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.OutputPaths;
import dev.regula.core.Rng;
import dev.regula.data.AtomicFiles;
import dev.regula.data.DataSources;
import dev.regula.data.Dataset;
import dev.regula.data.MnistSplits;
import dev.regula.data.augment.Augmentation;
import dev.regula.data.augment.FillMode;
import dev.regula.data.augment.Featurewise;
import dev.regula.data.augment.RandomErasing;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code regula augment --preview --out DIR}: writes {@code DIR/augment-preview.png}, a grid that
 * shows what each augmentation does to a digit. One row per transform (each alone, then the
 * seeds' case-study combination, elastic distortion, and ZCA whitening for comparison); the first
 * column is the original training image, the next {@code --count} columns are random versions of
 * it, drawn with {@code --seed}. The label of each row is written on the left, and also, one line
 * per row, to {@code DIR/augment-preview.txt}.
 *
 * <pre>
 * regula augment --preview --out out/augment [--count 8] [--index 0] [--seed 128] [--data PATH]
 * </pre>
 */
@Command(name = "augment", mixinStandardHelpOptions = true,
        description = "Show what the augmentations do: --preview writes DIR/augment-preview.png, a grid of "
                + "originals beside random augmented versions, one row per transform.")
final class AugmentCommand implements Callable<Integer> {
    /** File names written into --out. */
    static final String PNG = "augment-preview.png";
    static final String LEGEND = "augment-preview.txt";

    @Option(names = "--preview", description = "Write the preview grid (the only action for now)")
    boolean preview;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: out/augment)")
    Path out;

    @Option(names = "--seed", defaultValue = "128", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--count", defaultValue = "8", paramLabel = "N",
            description = "Augmented versions per row, 1 to 32 (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--index", defaultValue = "0", paramLabel = "I",
            description = "Which training image to show (default: ${DEFAULT-VALUE})")
    int index;

    @Option(names = "--scale", defaultValue = "3", paramLabel = "K",
            description = "Screen pixels per image pixel, 1 to 16 (default: ${DEFAULT-VALUE})")
    int scale;

    @Option(names = "--zca-epsilon", defaultValue = "0.1", paramLabel = "E",
            description = "ε of the ZCA row, fitted on the training split; 0 leaves the row out (default: ${DEFAULT-VALUE})")
    double zcaEpsilon;

    @Mixin
    DataOptions dataOptions;

    /** One row of the grid: its label and its images (each h·w values). */
    private record Row(String label, List<double[]> images, boolean signed) {}

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (!preview) {
            throw new IllegalArgumentException("Nothing to do: regula augment needs --preview (see: regula augment --help)");
        }
        if (count < 1 || count > 32) {
            throw new IllegalArgumentException("Invalid value for --count: expected an integer in [1, 32], received: " + count);
        }
        if (scale < 1 || scale > 16) {
            throw new IllegalArgumentException("Invalid value for --scale: expected an integer in [1, 16], received: " + scale);
        }
        Checks.nonNegative("--index", index);
        Checks.nonNegative("--zca-epsilon", zcaEpsilon);
        Path outDir = out != null ? out : Path.of("out", "augment");
        OutputPaths.requireWritableDirectory("--out", outDir);

        MnistSplits splits = DataSources.loadOrFetch(dataOptions.cacheDir, dataOptions.data, DType.F32, System.out);
        Dataset train = splits.train();
        if (index >= train.size()) {
            throw new IllegalArgumentException("Invalid value for --index: expected an integer in [0, " + train.size()
                    + "), received: " + index);
        }
        int d = train.features();
        int side = (int) Math.round(Math.sqrt(d));
        if (side * side != d) {
            throw new IllegalArgumentException("The preview needs square images; the data has " + d + " pixels per image");
        }
        double[] original = new double[d];
        for (int j = 0; j < d; j++) {
            original[j] = train.x().get(index, j);
        }

        List<Row> rows = new ArrayList<>();
        Rng root = new Rng(seed);
        for (Augmentation aug : transforms()) {
            rows.add(augmentedRow(aug.describe(), aug, original, root.fork()));
        }
        if (zcaEpsilon > 0) {
            System.out.printf(Locale.ROOT, "Fitting ZCA (ε = %s) on the %d training images...%n", zcaEpsilon, train.size());
            Featurewise zca = Featurewise.fitZca(train.x(), zcaEpsilon);
            Matrix one = Matrix.zeros(DType.F32, 1, d);
            for (int j = 0; j < d; j++) {
                one.set(j, original[j]);
            }
            zca.apply(one);
            rows.add(new Row("ZCA whitening ε=" + zcaEpsilon + " (deterministic; grey = 0)",
                    List.of(original, one.toDoubleArray()), true));
        }

        BufferedImage grid = render(rows, side);
        Path png = outDir.resolve(PNG);
        AtomicFiles.write(png, stream -> {
            if (!ImageIO.write(grid, "png", stream)) {
                throw new IllegalStateException("No PNG writer available in this JVM");
            }
        });
        StringBuilder legend = new StringBuilder();
        legend.append(String.format(Locale.ROOT, "Training image %d (label %d), seed %d; column 1 is the original, "
                + "columns 2-%d random augmented versions.%n", index, train.label(index), seed, count + 1));
        for (int r = 0; r < rows.size(); r++) {
            legend.append(String.format(Locale.ROOT, "row %2d: %s%n", r + 1, rows.get(r).label()));
        }
        AtomicFiles.write(outDir.resolve(LEGEND), legend.toString().getBytes(StandardCharsets.UTF_8));
        System.out.print(legend);
        System.out.println("Wrote " + png + " (" + grid.getWidth() + "×" + grid.getHeight() + ") and " + outDir.resolve(LEGEND));
        return 0;
    }

    /** The transforms of the grid: each alone, then the case study's combination and elastic distortion. */
    static List<Augmentation> transforms() {
        return List.of(
                Augmentation.builder().horizontalFlip(0.5).build(),
                Augmentation.builder().verticalFlip(0.5).build(),
                Augmentation.builder().rotation(20).fill(FillMode.CONSTANT, 0).build(),
                Augmentation.builder().shift(0.15).fill(FillMode.CONSTANT, 0).build(),
                Augmentation.builder().zoom(0.7, 1.3).fill(FillMode.CONSTANT, 0).build(),
                Augmentation.builder().shear(25).fill(FillMode.CONSTANT, 0).build(),
                Augmentation.builder().crop(4).fill(FillMode.CONSTANT, 0).build(),
                Augmentation.builder().brightness(0.3, 1.0).build(),
                Augmentation.builder().contrast(0.2, 1.0).build(),
                Augmentation.builder().noise(0.15).build(),
                Augmentation.builder().erasing(new RandomErasing(1, 0.02, 0.2, 0.3, 3.3, 0)).build(),
                Augmentation.elastic(34, 4),
                dev.regula.experiments.RunSpec.preset("dropout_aug").augment().build());   // the dropout_aug preset's
    }

    private Row augmentedRow(String label, Augmentation aug, double[] original, Rng rng) {
        int d = original.length;
        Matrix batch = Matrix.zeros(DType.F32, count, d);
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < d; j++) {
                batch.set(i * d + j, original[j]);
            }
        }
        aug.apply(batch, rng);
        List<double[]> images = new ArrayList<>();
        images.add(original);
        for (int i = 0; i < count; i++) {
            double[] img = new double[d];
            for (int j = 0; j < d; j++) {
                img[j] = batch.get(i * d + j);
            }
            images.add(img);
        }
        return new Row(label, images, false);
    }

    /** Draws the grid: a label column, then one cell per image, white ink on black. */
    private BufferedImage render(List<Row> rows, int side) {
        int cell = side * scale;
        int gap = 4;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        int labelWidth = 360;
        boolean text = true;
        try {
            BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = probe.createGraphics();
            FontMetrics fm = g.getFontMetrics(font);
            for (Row row : rows) {
                labelWidth = Math.max(labelWidth, fm.stringWidth(row.label()) + 2 * gap + 8);
            }
            g.dispose();
        } catch (Throwable e) { // a JVM without fonts: draw the grid without labels (the legend file has them)
            text = false;
            labelWidth = gap;
            System.out.println("Note: no fonts available, the grid has no labels; see " + LEGEND);
        }
        int headerHeight = text ? 22 : 0;
        int width = labelWidth + (count + 1) * (cell + gap) + gap;
        int height = headerHeight + rows.size() * (cell + gap) + gap;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0x30, 0x30, 0x38));
        g.fillRect(0, 0, width, height);
        if (text) {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            g.setColor(new Color(0xE0, 0xE0, 0xE0));
            g.drawString("original", labelWidth, 16);
            g.drawString("random augmented versions (seed " + seed + ")", labelWidth + cell + gap, 16);
        }
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            int y0 = headerHeight + gap + r * (cell + gap);
            if (text) {
                g.setColor(new Color(0xE0, 0xE0, 0xE0));
                g.drawString(row.label(), gap + 4, y0 + cell / 2 + 5);
            }
            for (int c = 0; c < row.images().size(); c++) {
                double[] pixels = row.images().get(c);
                double max = 0;
                if (row.signed() && c > 0) {
                    for (double v : pixels) max = Math.max(max, Math.abs(v));
                }
                int x0 = labelWidth + c * (cell + gap);
                for (int py = 0; py < side; py++) {
                    for (int px = 0; px < side; px++) {
                        double v = pixels[py * side + px];
                        if (row.signed() && c > 0) {
                            v = max == 0 ? 0.5 : 0.5 + v / (2 * max);
                        }
                        int level = (int) Math.round(255 * Math.min(1, Math.max(0, v)));
                        g.setColor(new Color(level, level, level));
                        g.fillRect(x0 + px * scale, y0 + py * scale, scale, scale);
                    }
                }
            }
        }
        g.dispose();
        return img;
    }
}
