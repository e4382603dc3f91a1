package dev.regula.experiments.casestudy;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Ops;
import dev.regula.core.Rng;
import dev.regula.data.AtomicFiles;
import dev.regula.data.Dataset;
import dev.regula.data.augment.Augmentation;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The case study's pictures, as PNG: XChart for the charts, plain Java 2D for the digit grid. */
final class Charts {
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(50, 50, 50)};
    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color VAL = new Color(255, 127, 14);

    private Charts() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static XYChart chart(String title, String x, String y, int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setMarkerSize(5);
        c.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        return c;
    }

    private static double[] column(List<Map<String, Object>> history, String key) {
        return history.stream().mapToDouble(r -> ((Number) r.getOrDefault(key, Double.NaN)).doubleValue()).toArray();
    }

    private static double[] epochs(int n) {
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = i + 1;
        }
        return e;
    }

    /**
     * Training and validation loss (left) and accuracy (right) of every seed of one config; the
     * best epoch of each seed (the early-stopping epoch whose weights were restored, for
     * early_stop) is marked with a vertical line.
     */
    static void learningCurves(Results.Config c, Path png) throws IOException {
        XYChart loss = chart(c.name + ": loss", "epoch", "loss", 600, 400);
        XYChart acc = chart(c.name + ": accuracy", "epoch", "accuracy", 600, 400);
        loss.getStyler().setYAxisDecimalPattern("0.00");
        acc.getStyler().setYAxisDecimalPattern("0.000");
        acc.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        boolean marksBest = c.name.equals("early_stop");
        double lossMax = 0;
        double lossMin = Double.MAX_VALUE;
        double accMin = 1;
        for (Results.Run r : c.runs) {
            for (String k : new String[] {"loss", "val_loss"}) {
                for (double v : column(r.history(), k)) {
                    if (Double.isFinite(v)) {
                        lossMax = Math.max(lossMax, v);
                        lossMin = Math.min(lossMin, v);
                    }
                }
            }
            for (String k : new String[] {"acc", "val_acc"}) {
                for (double v : column(r.history(), k)) {
                    if (Double.isFinite(v)) {
                        accMin = Math.min(accMin, v);
                    }
                }
            }
        }
        int i = 0;
        for (Results.Run r : c.runs) {
            double[] x = epochs(r.history().size());
            boolean first = i == 0;
            add(loss, "train (seed " + r.seed() + ")", x, column(r.history(), "loss"), TRAIN, i);
            add(loss, "validation (seed " + r.seed() + ")", x, column(r.history(), "val_loss"), VAL, i);
            add(acc, "train (seed " + r.seed() + ")", x, column(r.history(), "acc"), TRAIN, i);
            add(acc, "validation (seed " + r.seed() + ")", x, column(r.history(), "val_acc"), VAL, i);
            if (marksBest) {
                String label = "best epoch, restored (seed " + r.seed() + ")";
                vline(loss, label, r.bestEpoch(), lossMin, lossMax, first);
                vline(acc, label, r.bestEpoch(), accMin, 1.0, first);
            }
            i++;
        }
        writePng(side(BitmapEncoder.getBufferedImage(loss), BitmapEncoder.getBufferedImage(acc)), png);
    }

    private static void add(XYChart chart, String name, double[] x, double[] y, Color color, int seedIndex) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineStyle(seedIndex == 0 ? new BasicStroke(2f)
                : new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0));
    }

    private static void vline(XYChart chart, String name, int epoch, double lo, double hi, boolean first) {
        XYSeries s = chart.addSeries(name, new double[] {epoch, epoch}, new double[] {lo, hi});
        s.setLineColor(new Color(120, 120, 120));
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0));
        s.setShowInLegend(first);
    }

    /** Validation accuracy per epoch of every config, the mean over its seeds (where all seeds ran). */
    static void validationOverlay(List<Results.Config> configs, Path png) throws IOException {
        XYChart chart = chart("Validation accuracy per epoch (mean over seeds)", "epoch", "validation accuracy", 1000, 550);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        int k = 0;
        double lo = 1;
        for (Results.Config c : configs) {
            if (c.runs.isEmpty()) {
                continue;
            }
            int n = c.runs.stream().mapToInt(r -> r.history().size()).min().orElse(0);
            if (n == 0) {
                continue;
            }
            double[] mean = new double[n];
            for (Results.Run r : c.runs) {
                double[] v = column(r.history(), "val_acc");
                for (int e = 0; e < n; e++) {
                    mean[e] += v[e] / c.runs.size();
                }
            }
            for (double v : mean) {
                lo = Math.min(lo, v);
            }
            XYSeries s = chart.addSeries(String.format(Locale.ROOT, "%s (%.2f %% test)", c.name, 100 * c.testAccMean),
                    epochs(n), mean);
            Color color = PALETTE[k++ % PALETTE.length];
            s.setLineColor(color);
            s.setMarkerColor(color);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineStyle(new BasicStroke(2f));
        }
        chart.getStyler().setYAxisMin(Math.floor(lo * 100) / 100);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        chart.getStyler().setYAxisMax(1.0);
        writePng(BitmapEncoder.getBufferedImage(chart), png);
    }

    /**
     * Histograms of the first hidden layer's weights (one line per config, log-scaled counts),
     * with the fraction of near-zero weights |w| &lt; {@code eps} in the legend.
     */
    static void weightHistograms(Map<String, float[]> weights, double eps, Path png) throws IOException {
        XYChart chart = chart("First hidden layer's weights (784×500), seed " + CaseStudy.FIRST_SEED, "weight w",
                "count (log scale)", 900, 550);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        double range = 0.1;
        int bins = 201;
        double width = 2 * range / bins;
        int k = 0;
        Color[] colors = {new Color(31, 119, 180), new Color(44, 160, 44), new Color(214, 39, 40)};
        for (Map.Entry<String, float[]> e : weights.entrySet()) {
            float[] w = e.getValue();
            double[] counts = new double[bins];
            int near = 0;
            for (float v : w) {
                if (Math.abs(v) < eps) {
                    near++;
                }
                int b = (int) Math.floor((v + range) / width);
                if (b >= 0 && b < bins) {
                    counts[b]++;
                }
            }
            double[] x = new double[bins];
            for (int b = 0; b < bins; b++) {
                x[b] = -range + (b + 0.5) * width;
                counts[b] = Math.max(counts[b], 0.5);     // log axis: an empty bin sits just below 1
            }
            XYSeries s = chart.addSeries(String.format(Locale.ROOT, "%s: %.1f %% of |w| < %s", e.getKey(),
                    100.0 * near / w.length, eps), x, counts);
            Color color = colors[k++ % colors.length];
            s.setLineColor(color);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(new BasicStroke(2f));
        }
        chart.getStyler().setYAxisMin(0.5);
        chart.getStyler().setXAxisDecimalPattern("0.00");
        writePng(BitmapEncoder.getBufferedImage(chart), png);
    }

    /** Validation accuracy (mean ± std over seeds) against a hyperparameter's value. */
    static void tuneChart(String param, double[] values, double[] mean, double[] std, boolean logX, Path png) throws IOException {
        XYChart chart = chart("Validation accuracy against " + param + " (mean ± std over seeds)", param,
                "validation accuracy", 800, 500);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setLegendVisible(false);
        XYSeries s = chart.addSeries("val_acc", values, mean, std);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(TRAIN);
        s.setMarkerColor(TRAIN);
        writePng(BitmapEncoder.getBufferedImage(chart), png);
    }

    /**
     * A grid of augmented digits: one row per augmentation, the original then random versions,
     * each row a different training digit.
     */
    static void augmentedDigits(Dataset train, Path png) throws IOException {
        if (java.nio.file.Files.exists(png)) {
            return;
        }
        int d = train.features();
        int side = (int) Math.round(Math.sqrt(d));
        if (side * side != d || train.size() < 4) {
            return;      // not square images: no grid
        }
        record RowSpec(String label, Augmentation aug, int index) {}
        List<RowSpec> rows = new ArrayList<>();
        Augmentation caseStudy = dev.regula.experiments.RunSpec.preset("dropout_aug").augment().build();
        rows.add(new RowSpec("dropout_aug: " + caseStudy.describe(), caseStudy, 0));
        rows.add(new RowSpec("dropout_aug, another digit", caseStudy, 1));
        dev.regula.experiments.RunSpec best = dev.regula.experiments.RunSpec.preset("best");
        if (best.augment().hasTransforms()) {
            rows.add(new RowSpec("best: " + best.augment().build().describe(), best.augment().build(), 2));
            rows.add(new RowSpec("best, another digit", best.augment().build(), 3));
        }
        rows.add(new RowSpec("elastic α=34 σ=4 (Simard 2003), for comparison", Augmentation.elastic(34, 4), 0));
        int count = 8;
        int scale = 3;
        int cell = side * scale;
        int gap = 4;
        int labelH = 18;
        int width = (count + 1) * (cell + gap) + gap;
        int height = rows.size() * (cell + labelH + gap) + gap;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        Rng rng = new Rng(CaseStudy.FIRST_SEED);
        int y = gap;
        for (RowSpec row : rows) {
            g.setColor(Color.BLACK);
            g.drawString(row.label() + "  (column 1: original)", gap, y + 13);
            y += labelH;
            Matrix batch = Matrix.zeros(DType.F32, count, d);
            for (int i = 0; i < count; i++) {
                for (int j = 0; j < d; j++) {
                    batch.set(i * d + j, train.x().get(row.index(), j));
                }
            }
            row.aug().apply(batch, rng.fork());
            for (int col = 0; col <= count; col++) {
                int x0 = gap + col * (cell + gap);
                for (int p = 0; p < d; p++) {
                    double v = col == 0 ? train.x().get(row.index(), p) : batch.get((col - 1) * d + p);
                    int grey = (int) Math.round(255 * Math.max(0, Math.min(1, v)));
                    g.setColor(new Color(grey, grey, grey));
                    g.fillRect(x0 + (p % side) * scale, y + (p / side) * scale, scale, scale);
                }
            }
            y += cell + gap;
        }
        g.dispose();
        writePng(img, png);
    }

    /**
     * The test digits a model gets wrong, in test-set order, each captioned "true → predicted";
     * at most {@code limit} of them, ten to a row. Draws nothing for images that are not square.
     *
     * @param outputs the model's outputs for every test image (n × classes); argmax is the prediction
     * @return the number of misclassified digits (all of them, not only those drawn)
     */
    static int misclassified(Dataset test, Matrix outputs, String title, int limit, Path png) throws IOException {
        int[] predicted = Ops.argmaxRows(outputs);
        List<int[]> wrong = new ArrayList<>();           // {index, true label, predicted}
        for (int i = 0; i < test.size(); i++) {
            if (predicted[i] != test.label(i)) {
                wrong.add(new int[] {i, test.label(i), predicted[i]});
            }
        }
        int d = test.features();
        int side = (int) Math.round(Math.sqrt(d));
        if (side * side != d) {
            return wrong.size();
        }
        int shown = Math.min(limit, wrong.size());
        int columns = 10;
        int scale = 3;
        int cell = side * scale;
        int gap = 6;
        int captionH = 16;
        int titleH = 24;
        int rows = Math.max(1, (shown + columns - 1) / columns);
        int width = columns * (cell + gap) + gap;
        int height = titleH + rows * (cell + captionH + gap) + gap;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(String.format(Locale.ROOT, "%s: %d of %d test digits wrong%s (true → predicted)", title,
                wrong.size(), test.size(), shown < wrong.size() ? ", the first " + shown + " shown" : ""), gap, 16);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int n = 0; n < shown; n++) {
            int[] w = wrong.get(n);
            int x0 = gap + (n % columns) * (cell + gap);
            int y0 = titleH + (n / columns) * (cell + captionH + gap);
            for (int p = 0; p < d; p++) {
                int grey = (int) Math.round(255 * Math.max(0, Math.min(1, test.x().get(w[0], p))));
                g.setColor(new Color(grey, grey, grey));
                g.fillRect(x0 + (p % side) * scale, y0 + (p / side) * scale, scale, scale);
            }
            g.setColor(new Color(180, 0, 0));
            g.drawString(w[1] + " → " + w[2], x0 + 2, y0 + cell + 13);
        }
        g.dispose();
        writePng(img, png);
        return wrong.size();
    }

    private static BufferedImage side(BufferedImage a, BufferedImage b) {
        BufferedImage img = new BufferedImage(a.getWidth() + b.getWidth(), Math.max(a.getHeight(), b.getHeight()),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.drawImage(a, 0, 0, null);
        g.drawImage(b, a.getWidth(), 0, null);
        g.dispose();
        return img;
    }

    static void writePng(BufferedImage img, Path png) throws IOException {
        AtomicFiles.write(png, stream -> {
            if (!ImageIO.write(img, "png", stream)) {
                throw new IllegalStateException("No PNG writer available in this JVM");
            }
        });
    }
}
