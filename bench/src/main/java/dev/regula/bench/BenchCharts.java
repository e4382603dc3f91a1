package dev.regula.bench;

import dev.regula.data.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The pictures of {@code regula bench --plot DIR}, from one run's rows:
 * <ul>
 *   <li>{@code roofline.png}: every benchmarked pass as a point, its achieved GFLOP/s against its
 *       arithmetic intensity (flops per byte of the minimal memory traffic, the counts of
 *       {@link QuickBench}'s {@code Cost}: a GEMM's three operands once, an element-wise pass's
 *       reads and writes), under two roofs measured in the same run: the vector GEMM's peak
 *       (flat) and the triad's memory bandwidth (sloped, GFLOP/s = GB/s × intensity). A point
 *       far under both roofs is neither compute- nor bandwidth-bound: overhead, latency or a
 *       poor kernel; a small pass whose operands stay in cache can sit above the memory roof,
 *       which is DRAM's. Element-wise passes' flops are nominal (1 per element for ReLU and dropout,
 *       16 for batch norm, 60 per image for the loss).</li>
 *   <li>{@code step_breakdown.png}: where one F32 training step's time goes (baseline MLP, batch
 *       128), in ms, timed inside the step ({@link TrainingStepProblem#timedStep}, a clock read
 *       between its parts over {@value QuickBench#PART_STEPS} steps, in the step row's forks after
 *       its timing; the median of the forks for each part): zeroing the gradients, each kind of
 *       layer's forward and backward, the loss, the optimizer. The parts add up to the step as it
 *       runs, with its layers' caches and the helper's hand-offs, which the rows timed alone do
 *       not see.</li>
 * </ul>
 */
final class BenchCharts {
    private BenchCharts() {}

    static List<Path> write(Path dir, List<QuickBench.Row> rows, double peak, Map<String, Double> stepParts) {
        try {
            Files.createDirectories(dir);
            return List.of(roofline(dir.resolve("roofline.png"), rows, peak),
                    breakdown(dir.resolve("step_breakdown.png"), stepParts));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the charts into " + dir, e);
        }
    }

    /** Achieved GFLOP/s of a row: its rate times its flops per unit of rate. */
    static double achieved(QuickBench.Row r) {
        double perUnit = r.spec().costPerUnit().flops();
        return r.spec().unit().equals("images/s") ? r.rate() * perUnit * 1e-9 : r.rate() * perUnit;
    }

    private static Path roofline(Path png, List<QuickBench.Row> rows, double peak) throws IOException {
        double bandwidth = rows.stream().filter(r -> r.spec().unit().equals("GB/s")).mapToDouble(QuickBench.Row::rate)
                .findFirst().orElse(Double.NaN);
        XYChart chart = new XYChartBuilder().width(1400).height(800)
                .title(String.format(Locale.ROOT, "Roofline: peak %.0f GFLOP/s (vector GEMM 1024³ F32), memory %.1f GB/s (triad)",
                        peak, bandwidth))
                .xAxisTitle("arithmetic intensity (flop / byte)").yAxisTitle("achieved GFLOP/s").build();
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true)
                .setLegendPosition(Styler.LegendPosition.OutsideE).setChartBackgroundColor(java.awt.Color.WHITE)
                .setMarkerSize(9);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (double i = 0.01; i <= 1000; i *= 1.25) {
            xs.add(i);
            ys.add(Math.min(peak, Double.isNaN(bandwidth) ? peak : bandwidth * i));
        }
        XYSeries roof = chart.addSeries("roof", xs, ys);
        roof.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE)
                .setLineColor(java.awt.Color.BLACK);
        for (QuickBench.Row r : rows) {
            QuickBench.Cost cost = r.spec().costPerUnit();
            double g = achieved(r);
            if (Double.isNaN(cost.flops()) || !(g > 0)) {
                continue;
            }
            XYSeries s = chart.addSeries(String.format(Locale.ROOT, "%s (%.1f)", r.spec().name(), g),
                    new double[] {cost.intensity()}, new double[] {g});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        writePng(BitmapEncoder.getBufferedImage(chart), png);
        return png;
    }

    private static Path breakdown(Path png, Map<String, Double> parts) throws IOException {
        if (parts.isEmpty()) {
            throw new IllegalStateException("the step breakdown needs the parts of the F32 training step"
                    + " (the PART lines of its fork)");
        }
        List<String> names = new ArrayList<>();
        List<Double> ms = new ArrayList<>();
        double step = 0;
        for (Map.Entry<String, Double> e : parts.entrySet()) {
            step += e.getValue();
            if (e.getValue() >= 0.001) {      // parts the model does not have (penalties, constraints) take 0
                names.add(e.getKey());
                ms.add(e.getValue());
            }
        }
        CategoryChart chart = new CategoryChartBuilder().width(1200).height(650)
                .title(String.format(Locale.ROOT, "One F32 training step (baseline MLP, batch 128), timed part by part"
                        + " inside the step: %.2f ms", step))
                .xAxisTitle("part").yAxisTitle("ms per step").build();
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("0.00");
        chart.getStyler().setLegendVisible(false).setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(15);
        chart.addSeries("ms", names, ms);
        writePng(BitmapEncoder.getBufferedImage(chart), png);
        return png;
    }

    private static void writePng(BufferedImage img, Path png) throws IOException {
        AtomicFiles.write(png, stream -> {
            if (!ImageIO.write(img, "png", stream)) {
                throw new IllegalStateException("No PNG writer available in this JVM");
            }
        });
    }
}
