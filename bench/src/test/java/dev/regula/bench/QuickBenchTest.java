package dev.regula.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bookkeeping of {@code regula bench} (what it reports, not how fast anything is): medians and
 * spreads over forks, the rows' costs, the fork protocol, and the charts written from given rows.
 */
class QuickBenchTest {

    @Test
    void medianAndSpreadOverForks() {
        assertEquals(2.0, QuickBench.median(new double[] {3, 1, 2}));
        assertEquals(2.5, QuickBench.median(new double[] {4, 1, 2, 3}));
        QuickBench.Spec spec = QuickBench.specs(QuickBench.Options.quick()).get(QuickBench.STEP_F32);
        QuickBench.Row row = new QuickBench.Row(spec, new double[] {90, 100, 110}, new double[] {1, 2, 3});
        assertEquals(100, row.rate());
        assertEquals(2, row.gflop());
        assertEquals(0.10, row.spread(), 1e-12);   // (110 − 90) / 2 / 100
    }

    /**
     * The bench's allocation figure of the F32 training step is 0 bytes. Its row is run the way
     * {@code regula bench} runs it, in fresh JVMs with the launcher's collector (parallel), and the
     * figure is what the bench prints: the fewest bytes of its forks' {@code ALLOCATED} lines,
     * here over up to {@value #ALLOCATION_FORKS} forks. It was 32 bytes a step in every JVM: the for-each over the
     * layers in {@code Sequential.forward} allocated its iterator, which C2 did not remove there
     * (in this test's own JVM it did, so an in-process loop would not have seen it). It was also
     * 44,832 bytes a step in most JDK 17 JVMs on a loaded machine: Adam's vector kernel, inlined
     * into {@code Adam.update}, boxed a vector per turn ({@code AdamKernelF32}'s javadoc;
     * {@code AdamKernelF32Test} keeps it from being inlined). The bench reports the fewest bytes
     * over its forks, because a step still run by the interpreter or C1 (a JVM starved of CPU
     * during warm-up) allocates; this test takes up to {@value #ALLOCATION_FORKS} forks, and
     * stops at the first that reports 0. The iterator gave 32 in all.
     */
    private static final int ALLOCATION_FORKS = 6;

    @Test
    void theTrainingStepRowReportsNoBytesAllocated() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC", "-Xmx2g",
                "-cp", System.getProperty("java.class.path"), QuickBench.class.getName(),
                "--quick", "--warmup", "0.2", "--seconds", "0.5", "--fork", QuickBench.STEP_F32));
        List<String> figures = new ArrayList<>();
        for (int f = 0; f < ALLOCATION_FORKS && !figures.contains("ALLOCATED 0"); f++) {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            figures.add(out.lines().filter(l -> l.startsWith("ALLOCATED ")).findFirst().orElseThrow(
                    () -> new AssertionError("no ALLOCATED line in the fork's output: " + out)).trim());
        }
        assertTrue(figures.contains("ALLOCATED 0"), "bytes per F32 training step, the fewest of "
                + QuickBench.ALLOCATION_WINDOWS + " windows of " + QuickBench.ALLOCATION_STEPS + " steps, in "
                + figures.size() + " fresh JVMs: " + figures);
    }

    @Test
    void rowsCoverTheTableAndTheirCostsAreTheStatedCounts() {
        Map<String, QuickBench.Spec> quick = QuickBench.specs(QuickBench.Options.quick());
        Map<String, QuickBench.Spec> full = QuickBench.specs(QuickBench.Options.full());
        assertTrue(quick.containsKey(QuickBench.PEAK));
        assertTrue(quick.containsKey("training step, baseline MLP, batch 128 F64"), "quick keeps the F64 step");
        assertTrue(full.containsKey("ReLU forward 128×500 F64") && !quick.containsKey("ReLU forward 128×500 F64"));
        // GEMM 128×500×500 F32: 2·m·k·n flops over 4·(mk + kn + mn) bytes
        QuickBench.Cost gemm = quick.get("GEMM 128×500×500 A·B F32 vector").costPerUnit();
        assertEquals(2.0 * 128 * 500 * 500 / (4.0 * (128 * 500 + 500 * 500 + 128 * 500)), gemm.intensity(), 1e-9);
        // the training step: 7.598 MFLOP per image, as TrainingStepProblem counts it
        assertEquals(7.598e6, quick.get(QuickBench.STEP_F32).costPerUnit().flops(), 0.001e6);
    }

    @Test
    void aForkPrintsOneResultLineAndAnUnknownRowIsRefusedByName() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        QuickBench.runFork(new QuickBench.Options(0, 0.01, false, 1, null), "memory bandwidth, triad 3×64 MiB, 2 threads",
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.matches("RESULT [0-9.E]+ NaN\\R"), out);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QuickBench.runFork(
                QuickBench.Options.quick(), "no such row", new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("received: no such row"), e.getMessage());
    }

    @Test
    void forksCsvHoldsEveryForkOfEveryRow(@TempDir Path dir) throws Exception {
        Map<String, QuickBench.Spec> specs = QuickBench.specs(QuickBench.Options.quick());
        List<QuickBench.Row> rows = List.of(
                new QuickBench.Row(specs.get(QuickBench.PEAK), new double[] {250.5, 260}, new double[] {250.5, 260}),
                new QuickBench.Row(specs.get("ReLU forward 128×500 F32"), new double[] {18.25, 17}, new double[] {Double.NaN, Double.NaN}));
        Path file = QuickBench.writeForks(dir.resolve("out"), rows);
        assertEquals(dir.resolve("out/forks.csv"), file);
        assertEquals(List.of("row,unit,fork,rate,gflops",
                "\"peak\",GFLOP/s,1,250.5,250.5", "\"peak\",GFLOP/s,2,260.0,260.0",
                "\"ReLU forward 128×500 F32\",Gelem/s,1,18.25,", "\"ReLU forward 128×500 F32\",Gelem/s,2,17.0,"),
                Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    @Test
    void chartsAreWrittenFromTheRows(@TempDir Path dir) throws Exception {
        List<QuickBench.Row> rows = new ArrayList<>();
        for (QuickBench.Spec spec : QuickBench.specs(QuickBench.Options.quick()).values()) {
            if (!spec.name().equals(QuickBench.PEAK)) {
                double rate = spec.unit().equals("images/s") ? 20_000 : 10;
                rows.add(new QuickBench.Row(spec, new double[] {rate}, new double[] {rate}));
            }
        }
        Map<String, Double> parts = new java.util.LinkedHashMap<>();
        parts.put("zeroing the gradients", 0.1);
        parts.put("Dense(500→500) fwd+bwd ×4", 4.0);
        parts.put("penalties", 0.0);
        List<Path> written = BenchCharts.write(dir.resolve("plots"), rows, 300, parts);
        assertEquals(List.of(dir.resolve("plots/roofline.png"), dir.resolve("plots/step_breakdown.png")), written);
        for (Path png : written) {
            BufferedImage img = ImageIO.read(png.toFile());
            assertTrue(img.getWidth() >= 1000 && img.getHeight() >= 600, png + " " + img.getWidth() + "×" + img.getHeight());
        }
        assertArrayEquals(new String[] {"plots"}, Files.list(dir).map(p -> p.getFileName().toString()).toArray());
        // the roofline's achieved GFLOP/s: images/s × flops per image
        QuickBench.Row step = rows.stream().filter(r -> r.spec().name().equals(QuickBench.STEP_F32)).findFirst().orElseThrow();
        assertEquals(20_000 * 7.598e6 * 1e-9, BenchCharts.achieved(step), 0.1);
    }

    @Test
    void theBreakdownNeedsTheStepsParts(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BenchCharts.write(dir, List.of(), 300, Map.of()));
        assertTrue(e.getMessage().contains("needs the parts of the F32 training step"), e.getMessage());
    }
}
