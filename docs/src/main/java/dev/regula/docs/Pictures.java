package dev.regula.docs;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import dev.regula.core.Rng;
import dev.regula.data.augment.Augmentation;
import dev.regula.data.augment.Featurewise;
import dev.regula.data.augment.FillMode;
import dev.regula.data.augment.Shift;
import dev.regula.nn.Dense;
import dev.regula.nn.Initializer;
import dev.regula.nn.Mode;
import dev.regula.nn.ReLU;
import dev.regula.nn.Sgd;
import dev.regula.regularization.BatchNormalization;
import dev.regula.regularization.Dropout;
import dev.regula.regularization.L1;
import dev.regula.regularization.L2;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The pictures of the chapters, made by the engine. Each picture is its data (a small CSV, the numbers the
 * engine computed, in {@code docs/images/pictures/NAME.csv}) and a PNG drawn from that data
 * ({@code NAME.png}, XChart for the charts, plain pixels for masks and digits). {@code PicturesTest} recomputes
 * every CSV and compares it with the committed one (every number within a relative 1e-6, see the test), so a
 * picture cannot silently drift from the engine; the PNG bytes are not compared.
 *
 * <p>The tiny network's computational graph is not a PNG but a Mermaid block in {@code relu.md} (GitHub draws
 * it), between {@code <!-- picture:graph:begin -->} and {@code <!-- picture:graph:end -->}, compared exactly.
 *
 * <p>The digits are drawn by the engine itself ({@link #digit}): ten stroke-drawn 16×16 glyphs, rasterized by
 * distance to their strokes, so the pictures need no MNIST download and are the same on every machine.
 */
public final class Pictures {
    private Pictures() {}

    /** Where the pictures live, relative to the docs directory. */
    static final String DIR = "images/pictures";

    /**
     * One picture.
     *
     * @param name    the file stem: {@code NAME.csv} and {@code NAME.png}
     * @param chapter the chapter that shows it ({@code CHAPTER.md})
     * @param data    computes the CSV text (deterministic)
     * @param draw    draws the PNG from the CSV text
     */
    record Picture(String name, String chapter, Supplier<String> data, Drawer draw) {}

    interface Drawer {
        void draw(String csv, Path png) throws IOException;
    }

    static List<Picture> all() {
        return List.of(
                new Picture("gradient-check-epsilon", "gradient-check", Pictures::epsilonData, Pictures::drawEpsilon),
                new Picture("init-depth", "init", Pictures::depthData, Pictures::drawDepth),
                new Picture("l1-path", "l1", () -> pathData(true), (csv, png) -> drawPath(csv, png, true)),
                new Picture("l2-path", "l2", () -> pathData(false), (csv, png) -> drawPath(csv, png, false)),
                new Picture("dropout-mask", "dropout", Pictures::maskData, Pictures::drawMask),
                new Picture("batchnorm-before-after", "batchnorm", Pictures::batchNormData, Pictures::drawBatchNorm),
                new Picture("digits-augmented-zca", "zca", Pictures::digitsData, Pictures::drawDigits));
    }

    /** The id of the Mermaid graph's block in {@link #GRAPH_CHAPTER}. */
    static final String GRAPH = "graph";
    static final String GRAPH_CHAPTER = "relu";

    static String graphBegin() {
        return "<!-- picture:" + GRAPH + ":begin -->";
    }

    static String graphEnd() {
        return "<!-- picture:" + GRAPH + ":end -->";
    }

    /** Writes every CSV and PNG under {@code docsDir/images/pictures} and the graph block of relu.md; returns what it wrote. */
    public static List<String> regenerate(Path docsDir) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Path dir = docsDir.resolve(DIR);
        Files.createDirectories(dir);
        List<String> wrote = new ArrayList<>();
        for (Picture p : all()) {
            String csv = p.data().get();
            Files.writeString(dir.resolve(p.name() + ".csv"), csv, StandardCharsets.UTF_8);
            p.draw().draw(csv, dir.resolve(p.name() + ".png"));
            wrote.add(DIR + "/" + p.name() + ".png");
        }
        Path chapter = Chapters.chapter(docsDir, GRAPH_CHAPTER);
        String text = Chapters.read(chapter);
        int b = text.indexOf(graphBegin());
        int e = text.indexOf(graphEnd());
        if (b < 0 || e < b) {
            throw new IllegalArgumentException(chapter + " lacks the markers " + graphBegin() + " and " + graphEnd());
        }
        Chapters.write(chapter, text.substring(0, b + graphBegin().length()) + "\n" + graph() + text.substring(e));
        wrote.add(GRAPH_CHAPTER + ".md (graph)");
        return wrote;
    }

    // ------------------------------------------------------------------ the computational graph

    /** The tiny network's graph as a Mermaid block: every value and every gradient of one forward and backward. */
    static String graph() {
        TinyNet net = new TinyNet();
        net.gradients();
        StringBuilder sb = new StringBuilder("```mermaid\nflowchart LR\n");
        node(sb, "X", "X (input)", net.x, null, null);
        node(sb, "W1", "W1", net.w1().value(), "dW1 = Xᵀ·dZ1", net.w1().grad());
        node(sb, "b1", "b1", net.b1().value(), "db1 = Σ dZ1", net.b1().grad());
        node(sb, "Z1", "Z1 = X·W1 + b1", net.z1, "dZ1 = dA1 ⊙ [Z1 > 0]", net.dZ1);
        node(sb, "A1", "A1 = relu(Z1)", net.a1, "dA1 = dZ2·W2ᵀ", net.dA1);
        node(sb, "W2", "W2", net.w2().value(), "dW2 = A1ᵀ·dZ2", net.w2().grad());
        node(sb, "b2", "b2", net.b2().value(), "db2 = Σ dZ2", net.b2().grad());
        node(sb, "Z2", "Z2 = A1·W2 + b2", net.z2, "dZ2 = (P − Y)/m", net.dZ2);
        node(sb, "P", "P = softmax(Z2)", net.p, null, null);
        node(sb, "Y", "Y (targets)", net.y, null, null);
        sb.append(String.format(Locale.ROOT, "  J[\"J = −(1/m)·Σ Y ⊙ log P<br/>%.4f\"]%n", net.dataLoss));
        sb.append("  X --> Z1\n  W1 --> Z1\n  b1 --> Z1\n  Z1 --> A1\n  A1 --> Z2\n  W2 --> Z2\n  b2 --> Z2\n")
                .append("  Z2 --> P\n  P --> J\n  Y --> J\n");
        sb.append("```\n");
        return sb.toString();
    }

    private static void node(StringBuilder sb, String id, String title, Matrix value, String gradTitle, Matrix grad) {
        sb.append("  ").append(id).append("[\"<b>").append(title).append("</b><br/>").append(rows(value, 4));
        if (grad != null) {
            sb.append("<br/><i>").append(gradTitle).append("</i><br/>").append(rows(grad, 4));
        }
        sb.append("\"]\n");
    }

    private static String rows(Matrix m, int digits) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < m.rows(); r++) {
            sb.append(r == 0 ? "" : "<br/>");
            for (int c = 0; c < m.cols(); c++) {
                double v = m.get(r, c);
                if (Math.abs(v) < 0.5 * Math.pow(10, -digits)) {
                    v = 0;
                }
                sb.append(c == 0 ? "" : " ").append(String.format(Locale.ROOT, "%." + digits + "f", v));
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ gradient check: error against ε

    /** relError of the central difference for W1[0,0] of the gradient-check chapter, ε from 1e-1 to 1e-12. */
    static String epsilonData() {
        TinyNet net = new TinyNet();
        net.penalties.add(new L2(net.w1(), 0.01));
        net.penalties.add(new L2(net.w2(), 0.01));
        net.gradients();
        double analytic = net.w1().grad().get(0, 0);
        double[] theta = net.w1().value().doubles();
        double saved = theta[0];
        StringBuilder csv = new StringBuilder("epsilon,numeric,relError\n");
        for (int k = 4; k <= 48; k++) {
            double eps = Math.pow(10, -k / 4.0);
            theta[0] = saved + eps;
            double plus = net.loss();
            theta[0] = saved - eps;
            double minus = net.loss();
            theta[0] = saved;
            double numeric = (plus - minus) / (2 * eps);
            double rel = Math.abs(analytic - numeric) / Math.max(Math.max(Math.abs(analytic), Math.abs(numeric)), 1e-4);
            csv.append(String.format(Locale.ROOT, "%.6e,%.15e,%.6e%n", eps, numeric, Math.max(rel, 1e-17)));
        }
        return csv.toString();
    }

    private static void drawEpsilon(String csv, Path png) throws IOException {
        double[][] t = Csv.columns(csv);
        XYChart chart = chart("Central difference against backprop for W1[0,0]: the valley", "ε", "relative error");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        XYSeries s = chart.addSeries("relError(ε)", t[0], t[2]);
        s.setMarker(SeriesMarkers.CIRCLE);
        double[] trunc = new double[t[0].length];
        double[] round = new double[t[0].length];
        for (int i = 0; i < trunc.length; i++) {
            trunc[i] = t[2][0] * Math.pow(t[0][i] / t[0][0], 2);           // ∝ ε², through the first point
            round[i] = t[2][t[0].length - 1] * t[0][t[0].length - 1] / t[0][i];   // ∝ 1/ε, through the last point
        }
        chart.addSeries("truncation ∝ ε²", t[0], trunc).setMarker(SeriesMarkers.NONE);
        chart.addSeries("round-off ∝ 1e-16/ε", t[0], round).setMarker(SeriesMarkers.NONE);
        chart.getStyler().setYAxisMin(1e-14);
        chart.getStyler().setYAxisMax(1.0);
        save(chart, png);
    }

    // ------------------------------------------------------------------ init: E[A²] against depth

    static final String[] DEPTH_KINDS = {"he_normal", "glorot_uniform", "lecun_normal", "N(0, 0.01²)"};

    /** E[A²] after each of 20 layers Dense(256→256) + ReLU (the init chapter's experiment, deeper). */
    static String depthData() {
        int layers = 20;
        double[][] ms = new double[DEPTH_KINDS.length][];
        Initializer[] inits = {Initializer.HE_NORMAL, Initializer.GLOROT_UNIFORM, Initializer.LECUN_NORMAL, null};
        for (int kind = 0; kind < DEPTH_KINDS.length; kind++) {
            ms[kind] = BasicsTopics.meanSquaresByDepth(inits[kind], layers);   // null: the seeds' N(0, 0.01²)
        }
        StringBuilder csv = new StringBuilder("layer");
        for (String k : DEPTH_KINDS) {
            csv.append(',').append(k);
        }
        csv.append('\n');
        for (int l = 0; l < layers; l++) {
            csv.append(l + 1);
            for (int kind = 0; kind < DEPTH_KINDS.length; kind++) {
                csv.append(String.format(Locale.ROOT, ",%.6e", Math.max(ms[kind][l], 1e-300)));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    private static void drawDepth(String csv, Path png) throws IOException {
        double[][] t = Csv.columns(csv);
        XYChart chart = chart("E[A²] after each Dense(256→256) + ReLU layer", "layer", "E[A²] (log scale)");
        chart.getStyler().setYAxisLogarithmic(true);
        for (int k = 0; k < DEPTH_KINDS.length; k++) {
            chart.addSeries(DEPTH_KINDS[k], t[0], t[k + 1]).setMarker(SeriesMarkers.CIRCLE);
        }
        save(chart, png);
    }

    // ------------------------------------------------------------------ L1 diamond, L2 circle, and a path

    /** The data loss ½·Σ h_i·(w_i − w*_i)², minimum at w* = (1.0, 0.3), h = (1, 2). */
    static final double[] W_STAR = {1.0, 0.3};
    static final double[] H = {1.0, 2.0};
    static final double L1_LAMBDA = 0.7;
    static final double L2_LAMBDA = 0.5;
    static final double PATH_LR = 0.05;
    static final int PATH_STEPS = 150;

    /**
     * 150 SGD steps (lr 0.05) from (−0.6, 1.2) on the data loss plus the engine's L1(0.7) or L2(0.5) penalty on
     * w = (w1, w2): the penalty's gradient is the engine's ({@link L1#addGradient}, {@link L2#addGradient}).
     * The minimum is (0.3, 0) for L1 (soft-thresholding: w2 is pulled to 0, then oscillates around it by
     * lr·λ at most, since a subgradient step never lands on 0 exactly) and (0.5, 0.2) for L2 (both shrunk).
     */
    static String pathData(boolean l1) {
        Parameter w = new Parameter("w", Matrix.of(DType.F64, 1, 2, -0.6, 1.2));
        Sgd sgd = new Sgd(PATH_LR);
        StringBuilder csv = new StringBuilder("step,w1,w2\n");
        for (int step = 0; step <= PATH_STEPS; step++) {
            csv.append(String.format(Locale.ROOT, "%d,%.10f,%.10f%n", step, w.value().get(0), w.value().get(1)));
            w.zeroGrad();
            for (int i = 0; i < 2; i++) {
                w.grad().set(i, H[i] * (w.value().get(i) - W_STAR[i]));
            }
            if (l1) {
                new L1(w, L1_LAMBDA).addGradient();
            } else {
                new L2(w, L2_LAMBDA).addGradient();
            }
            sgd.step(List.of(w));
        }
        return csv.toString();
    }

    private static void drawPath(String csv, Path png, boolean l1) throws IOException {
        double[][] t = Csv.columns(csv);
        int last = t[0].length - 1;
        double w1 = t[1][last];
        double w2 = t[2][last];
        XYChart chart = chart(l1 ? "L1(λ = 0.7): the diamond's corner puts w2 at ≈ 0"
                : "L2(λ = 0.5): the circle shrinks both weights", "w1", "w2");
        chart.getStyler().setXAxisMin(-1.0);
        chart.getStyler().setXAxisMax(1.5);
        chart.getStyler().setYAxisMin(-0.75);
        chart.getStyler().setYAxisMax(1.5);
        // Contours of the data loss through the end point and two more.
        double base = 0.5 * (H[0] * sq(w1 - W_STAR[0]) + H[1] * sq(w2 - W_STAR[1]));
        for (double level : new double[] {base, base / 4, base * 2.5}) {
            int n = 200;
            double[] xs = new double[n + 1];
            double[] ys = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                double a = 2 * Math.PI * i / n;
                xs[i] = W_STAR[0] + Math.sqrt(2 * level / H[0]) * Math.cos(a);
                ys[i] = W_STAR[1] + Math.sqrt(2 * level / H[1]) * Math.sin(a);
            }
            chart.addSeries(String.format(Locale.ROOT, "data loss = %.3f", level), xs, ys).setMarker(SeriesMarkers.NONE);
        }
        // The penalty's level set through the end point: |w1| + |w2| = r (a diamond) or w1² + w2² = r² (a circle).
        int n = 200;
        double[] xs = new double[n + 1];
        double[] ys = new double[n + 1];
        double r = l1 ? Math.abs(w1) + Math.abs(w2) : Math.hypot(w1, w2);
        for (int i = 0; i <= n; i++) {
            double a = 2 * Math.PI * i / n;
            double c = Math.cos(a);
            double s = Math.sin(a);
            double scale = l1 ? r / (Math.abs(c) + Math.abs(s)) : r;
            xs[i] = scale * c;
            ys[i] = scale * s;
        }
        XYSeries region = chart.addSeries(l1 ? "|w1| + |w2| = const" : "w1² + w2² = const", xs, ys);
        region.setMarker(SeriesMarkers.NONE);
        region.setLineColor(Color.BLACK);
        XYSeries path = chart.addSeries("SGD path (150 steps)", t[1], t[2]);
        path.setMarker(SeriesMarkers.CIRCLE);
        path.setMarkerColor(new Color(214, 80, 20));
        path.setLineColor(new Color(214, 80, 20));
        save(chart, png);
    }

    private static double sq(double v) {
        return v * v;
    }

    // ------------------------------------------------------------------ a dropout mask

    static final int MASK_ROWS = 16;
    static final int MASK_COLS = 32;

    /** The mask of Dropout(keepProb = 0.75) on a 16×32 batch, its generator reseeded to 9 (as the chapter). */
    static String maskData() {
        Dropout dropout = new Dropout(DropoutTopic.KEEP_PROB);
        dropout.build("dropout", DType.F64, new Rng(0));
        dropout.reseed(TinyNet.MASK_SEED);
        dropout.forward(Matrix.zeros(DType.F64, MASK_ROWS, MASK_COLS).fill(1), Mode.TRAIN);
        Matrix mask = dropout.mask();
        StringBuilder csv = new StringBuilder();
        for (int c = 0; c < MASK_COLS; c++) {
            csv.append(c == 0 ? "" : ",").append("unit").append(c);
        }
        csv.append('\n');
        for (int r = 0; r < MASK_ROWS; r++) {
            for (int c = 0; c < MASK_COLS; c++) {
                csv.append(c == 0 ? "" : ",").append((int) mask.get(r, c));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    private static void drawMask(String csv, Path png) throws IOException {
        double[][] t = Csv.rows(csv);
        int cell = 16;
        BufferedImage img = new BufferedImage(t[0].length * cell, t.length * cell, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < t.length; r++) {
            for (int c = 0; c < t[r].length; c++) {
                int rgb = t[r][c] == 1 ? new Color(31, 100, 170).getRGB() : Color.WHITE.getRGB();
                for (int y = 1; y < cell; y++) {
                    for (int x = 1; x < cell; x++) {
                        img.setRGB(c * cell + x, r * cell + y, rgb);
                    }
                }
            }
        }
        writePng(img, png);
    }

    // ------------------------------------------------------------------ batch norm before and after

    /** 200 examples of two features on very different scales, through BatchNormalization(2) in TRAIN (γ = 1, β = 0). */
    static String batchNormData() {
        Rng rng = new Rng(17);
        int n = 200;
        Matrix x = Matrix.zeros(DType.F64, n, 2);
        for (int i = 0; i < n; i++) {
            double z0 = rng.nextGaussian();
            double z1 = rng.nextGaussian();
            x.set(i, 0, 3 + 2 * z0);
            x.set(i, 1, -2 + 0.5 * (0.6 * z0 + 0.8 * z1));
        }
        BatchNormalization bn = new BatchNormalization(2);
        bn.build("batchnorm", DType.F64, null);
        Matrix y = bn.forward(x, Mode.TRAIN);
        StringBuilder csv = new StringBuilder("x0,x1,y0,y1\n");
        for (int i = 0; i < n; i++) {
            csv.append(String.format(Locale.ROOT, "%.10f,%.10f,%.10f,%.10f%n", x.get(i, 0), x.get(i, 1), y.get(i, 0),
                    y.get(i, 1)));
        }
        return csv.toString();
    }

    private static void drawBatchNorm(String csv, Path png) throws IOException {
        double[][] t = Csv.columns(csv);
        XYChart chart = chart("Batch norm: each column to mean 0, variance 1 (the correlation stays)", "feature 0",
                "feature 1");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        chart.addSeries("before: X", t[0], t[1]);
        chart.addSeries("after: x̂ = (X − μ)/sqrt(σ² + ε)", t[2], t[3]);
        save(chart, png);
    }

    // ------------------------------------------------------------------ digits: augmented and ZCA-whitened

    static final int SIDE = 16;

    /** Stroke polylines of the ten digits, in a unit box (x right, y down), as x0, y0, x1, y1, ... per stroke. */
    private static final double[][][] STROKES = {
            {{0.3, 0.15, 0.7, 0.15, 0.75, 0.5, 0.7, 0.85, 0.3, 0.85, 0.25, 0.5, 0.3, 0.15}},
            {{0.35, 0.3, 0.55, 0.15, 0.55, 0.85}, {0.35, 0.85, 0.75, 0.85}},
            {{0.25, 0.3, 0.4, 0.15, 0.65, 0.15, 0.75, 0.3, 0.7, 0.45, 0.25, 0.85, 0.75, 0.85}},
            {{0.25, 0.15, 0.7, 0.15, 0.5, 0.45, 0.7, 0.6, 0.7, 0.75, 0.55, 0.85, 0.25, 0.85}},
            {{0.6, 0.85, 0.6, 0.15, 0.25, 0.6, 0.8, 0.6}},
            {{0.75, 0.15, 0.3, 0.15, 0.28, 0.45, 0.6, 0.45, 0.72, 0.6, 0.7, 0.78, 0.55, 0.85, 0.25, 0.82}},
            {{0.7, 0.15, 0.4, 0.3, 0.28, 0.6, 0.35, 0.85, 0.65, 0.85, 0.72, 0.65, 0.6, 0.5, 0.3, 0.6}},
            {{0.25, 0.15, 0.75, 0.15, 0.4, 0.85}},
            {{0.5, 0.5, 0.3, 0.35, 0.35, 0.15, 0.65, 0.15, 0.7, 0.35, 0.5, 0.5, 0.28, 0.68, 0.35, 0.85, 0.65, 0.85,
                    0.72, 0.68, 0.5, 0.5}},
            {{0.7, 0.4, 0.6, 0.5, 0.35, 0.45, 0.3, 0.25, 0.45, 0.15, 0.7, 0.2, 0.7, 0.85}}};

    /** The digit {@code d} as SIDE×SIDE pixels in [0, 1], row by row: 1 on a stroke, fading over one pixel. */
    static double[] digit(int d) {
        double[] px = new double[SIDE * SIDE];
        double half = 0.9;           // half the stroke width, in pixels
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                double best = Double.POSITIVE_INFINITY;
                for (double[] s : STROKES[d]) {
                    for (int k = 0; k + 3 < s.length; k += 2) {
                        best = Math.min(best, segmentDistance(c, r, s[k] * (SIDE - 1), s[k + 1] * (SIDE - 1),
                                s[k + 2] * (SIDE - 1), s[k + 3] * (SIDE - 1)));
                    }
                }
                px[r * SIDE + c] = Math.max(0, Math.min(1, half + 0.5 - best));
            }
        }
        return px;
    }

    private static double segmentDistance(double px, double py, double ax, double ay, double bx, double by) {
        double dx = bx - ax;
        double dy = by - ay;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        double qx = ax + t * dx - px;
        double qy = ay + t * dy - py;
        return Math.sqrt(qx * qx + qy * qy);
    }

    /**
     * Row "clean" (the ten drawn digits), rows "augmented 1" and "augmented 2" (rotation ±15°, shift ±2 pixels,
     * fill 0; image seeds 100 + d and 200 + d), and row "zca" (the clean digits through ZCA with ε = 0.1, fitted
     * on 500 augmented digits, 50 of each; shown scaled to [0, 1] per image in the PNG).
     */
    static String digitsData() {
        Augmentation aug = Augmentation.builder().imageSize(SIDE, SIDE).rotation(15).shift(Shift.pixels(2, 2))
                .fill(FillMode.CONSTANT, 0).threads(1).build();
        Matrix train = Matrix.zeros(DType.F64, 500, SIDE * SIDE);
        for (int i = 0; i < 500; i++) {
            double[] img = digit(i % 10);
            aug.applyToImage(img, SIDE, SIDE, 1000 + i);
            for (int p = 0; p < img.length; p++) {
                train.set(i, p, img[p]);
            }
        }
        Featurewise zca = Featurewise.fitZca(train, 0.1);
        Matrix clean = Matrix.zeros(DType.F64, 10, SIDE * SIDE);
        for (int d = 0; d < 10; d++) {
            double[] img = digit(d);
            for (int p = 0; p < img.length; p++) {
                clean.set(d, p, img[p]);
            }
        }
        Matrix white = zca.transform(clean);
        StringBuilder csv = new StringBuilder("row,digit");
        for (int p = 0; p < SIDE * SIDE; p++) {
            csv.append(",p").append(p);
        }
        csv.append('\n');
        String[] names = {"clean", "augmented 1", "augmented 2", "zca"};
        for (int row = 0; row < 4; row++) {
            for (int d = 0; d < 10; d++) {
                double[] img;
                if (row == 0) {
                    img = digit(d);
                } else if (row == 3) {
                    img = new double[SIDE * SIDE];
                    for (int p = 0; p < img.length; p++) {
                        img[p] = white.get(d, p);
                    }
                } else {
                    img = digit(d);
                    aug.applyToImage(img, SIDE, SIDE, row * 100L + d);
                }
                csv.append(row).append(',').append(d);
                for (double v : img) {
                    csv.append(String.format(Locale.ROOT, ",%.6f", v));
                }
                csv.append('\n');
            }
        }
        return csv.toString().replace("-0.000000", "0.000000");
    }

    private static void drawDigits(String csv, Path png) throws IOException {
        double[][] t = Csv.rows(csv);
        int scale = 6;
        int gap = 4;
        int cell = SIDE * scale + gap;
        BufferedImage img = new BufferedImage(10 * cell + gap, 4 * cell + gap, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, Color.WHITE.getRGB());
            }
        }
        for (double[] row : t) {
            int panel = (int) row[0];
            int d = (int) row[1];
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < SIDE * SIDE; p++) {
                lo = Math.min(lo, row[2 + p]);
                hi = Math.max(hi, row[2 + p]);
            }
            boolean stretch = panel == 3;      // the whitened digits have negative values: scale each to [0, 1]
            for (int p = 0; p < SIDE * SIDE; p++) {
                double v = row[2 + p];
                v = stretch ? (v - lo) / Math.max(hi - lo, 1e-12) : Math.max(0, Math.min(1, v));
                int g = (int) Math.round(255 * (1 - v));
                int rgb = new Color(g, g, g).getRGB();
                int x0 = gap + d * cell + (p % SIDE) * scale;
                int y0 = gap + panel * cell + (p / SIDE) * scale;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        img.setRGB(x0 + dx, y0 + dy, rgb);
                    }
                }
            }
        }
        writePng(img, png);
    }

    // ------------------------------------------------------------------ shared

    private static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(760).height(520).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(5);
        return chart;
    }

    private static void save(XYChart chart, Path png) throws IOException {
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static void writePng(BufferedImage img, Path png) throws IOException {
        if (!ImageIO.write(img, "png", png.toFile())) {
            throw new IOException("No PNG writer for " + png);
        }
    }

    /** Reading the pictures' CSVs: a header line, then numbers separated by commas. */
    static final class Csv {
        private Csv() {}

        static double[][] rows(String csv) {
            String[] lines = csv.strip().split("\n");
            double[][] out = new double[lines.length - 1][];
            for (int i = 1; i < lines.length; i++) {
                String[] cells = lines[i].split(",");
                out[i - 1] = new double[cells.length];
                for (int j = 0; j < cells.length; j++) {
                    out[i - 1][j] = Double.parseDouble(cells[j]);
                }
            }
            return out;
        }

        static double[][] columns(String csv) {
            double[][] rows = rows(csv);
            double[][] cols = new double[rows[0].length][rows.length];
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < rows[i].length; j++) {
                    cols[j][i] = rows[i][j];
                }
            }
            return cols;
        }
    }
}
