package dev.regula.docs;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;

/**
 * A decision-boundary picture with XChart: the grid of {@link Overfitting} drawn as small tiles
 * coloured by the predicted class (a heat map of the class), the training points on top, and the
 * accuracies in the title.
 *
 * <p>XChart has one marker size per chart, so the tiles and the points are {@link Marker}s of
 * their own that ignore it: a tile is a filled square of {@link #TILE} pixels (a little more than
 * the grid spacing at this chart size, so that neighbouring tiles touch), a point a circle with a
 * white rim.
 */
final class DecisionBoundaryPlot {
    static final int WIDTH = 760;
    static final int HEIGHT = 560;
    /** The tile size in pixels: a little more than the grid spacing (the plot area is narrower than the chart). */
    static final int TILE = 6;

    private static final Color REGION_0 = new Color(189, 215, 238);
    private static final Color REGION_1 = new Color(252, 206, 170);
    private static final Color POINT_0 = new Color(31, 100, 170);
    private static final Color POINT_1 = new Color(214, 80, 20);

    private DecisionBoundaryPlot() {}

    /** Writes the PNG of {@code run} to {@code file}. */
    static void write(Overfitting.Result result, Overfitting.Run run, Path file) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");   // pictures only: no display needed
        }
        XYChart chart = chart(result, run);
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    static XYChart chart(Overfitting.Result result, Overfitting.Run run) {
        String title = String.format(Locale.ROOT, "%s: train %.1f%%, test %.1f%%", run.label(),
                100 * run.trainAccuracy(), 100 * run.testAccuracy());
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("x1").yAxisTitle("x2")
                .build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setPlotContentSize(1.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        chart.getStyler().setXAxisMin(Overfitting.X_MIN);
        chart.getStyler().setXAxisMax(Overfitting.X_MAX);
        chart.getStyler().setYAxisMin(Overfitting.Y_MIN);
        chart.getStyler().setYAxisMax(Overfitting.Y_MAX);
        chart.getStyler().setAntiAlias(false);

        for (int cls = 0; cls <= 1; cls++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            int[][] predicted = run.predictedClass();
            for (int r = 0; r < Overfitting.GRID_Y; r++) {
                for (int c = 0; c < Overfitting.GRID_X; c++) {
                    if (predicted[r][c] == cls) {
                        xs.add(Overfitting.gridX(c));
                        ys.add(Overfitting.gridY(r));
                    }
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            XYSeries region = chart.addSeries("predicted " + cls, xs, ys);
            region.setMarker(new Tile());
            region.setMarkerColor(cls == 0 ? REGION_0 : REGION_1);
        }
        Moons train = result.train();
        for (int cls = 0; cls <= 1; cls++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                if (train.labels()[i] == cls) {
                    xs.add(train.x().get(i, 0));
                    ys.add(train.x().get(i, 1));
                }
            }
            XYSeries points = chart.addSeries("training points, class " + cls, xs, ys);
            points.setMarker(new Dot());
            points.setMarkerColor(cls == 0 ? POINT_0 : POINT_1);
        }
        return chart;
    }

    /** A filled square of {@link #TILE} pixels, whatever the chart's marker size. */
    private static final class Tile extends Marker {
        @Override
        public void paint(Graphics2D g, double x, double y, int size) {
            g.fill(new Rectangle2D.Double(x - TILE / 2.0, y - TILE / 2.0, TILE, TILE));
        }
    }

    /** A filled circle of 10 pixels with a white rim. */
    private static final class Dot extends Marker {
        @Override
        public void paint(Graphics2D g, double x, double y, int size) {
            Ellipse2D.Double circle = new Ellipse2D.Double(x - 5, y - 5, 10, 10);
            g.fill(circle);
            Color fill = g.getColor();
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(1.5f));
            g.draw(circle);
            g.setColor(fill);
        }
    }
}
