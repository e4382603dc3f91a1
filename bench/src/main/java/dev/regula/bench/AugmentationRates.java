package dev.regula.bench;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.data.augment.Augmentation;
import dev.regula.data.augment.FillMode;
import dev.regula.data.augment.RandomErasing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A quick table of augmentation rates in images per second, without JMH: for each transform
 * and thread count, transform 28 × 28 F32 batches for {@code --warmup} seconds (so that the JIT
 * has compiled the loops), then count the images transformed in {@code --seconds} seconds; the
 * rate is the median of 5 windows. {@link AugmentationBenchmark} is the careful JMH measurement.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.regula.bench.AugmentationRates \
 *      [--batch 128] [--threads 1,2] [--seconds 1] [--warmup 1] [transform ...]
 * </pre>
 * Transforms ({@link #augmentation}): {@value #ALL}. {@code affine} is the seeds' case study
 * (rotation ±10°, shift ±10 %, zoom 0.9-1.1: the {@code dropout_aug} preset), the whole affine
 * pipeline; {@code elastic} is Simard's α = 34, σ = 4.
 *
 * <p>Run it with {@code --add-modules jdk.incubator.vector}, as the {@code regula} launcher does:
 * elastic distortion smooths its displacement fields with the engine's GEMM, which without the
 * module falls back to EJML's.
 *
 * <p>The batch is gathered once from synthetic digit-like images (strokes on a black background)
 * and transformed again and again in place; a transform's cost does not depend on the pixel
 * values.
 */
public final class AugmentationRates {
    /** Every transform name, in table order. */
    static final String ALL = "hflip,vflip,rotation,shift,zoom,shear,crop,brightness,contrast,noise,erasing,"
            + "affine,elastic,affine+elastic";

    private AugmentationRates() {}

    public static void main(String[] args) {
        int batch = 128;
        List<Integer> threads = List.of(1, 2);
        double seconds = 1, warmup = 1;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--batch": batch = Integer.parseInt(args[++i]); break;
                case "--threads": threads = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList(); break;
                case "--seconds": seconds = Double.parseDouble(args[++i]); break;
                case "--warmup": warmup = Double.parseDouble(args[++i]); break;
                default:
                    if (args[i].startsWith("-")) {
                        System.err.println("Unknown option " + args[i] + "; see the javadoc of AugmentationRates");
                        System.exit(2);
                    }
                    names.add(args[i]);
            }
        }
        if (names.isEmpty()) {
            names = Arrays.asList(ALL.split(","));
        }
        System.out.printf(Locale.ROOT, "Images/s, 28×28 F32, batch %d, %d processors, %s%n",
                batch, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-16s", "transform"));
        for (int t : threads) header.append(String.format(Locale.ROOT, " %12s", t + (t == 1 ? " thread" : " threads")));
        System.out.println(header);
        for (String name : names) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-16s", name));
            for (int t : threads) {
                row.append(String.format(Locale.ROOT, " %,12.0f", rate(augmentation(name, t), batch, warmup, seconds)));
            }
            System.out.println(row);
        }
    }

    /**
     * The augmentation benchmarked under {@code name} (see {@value #ALL}), with {@code threads}
     * threads.
     */
    static Augmentation augmentation(String name, int threads) {
        Augmentation.Builder b = Augmentation.builder().imageSize(28, 28).threads(threads);
        switch (name) {
            case "hflip": b.horizontalFlip(0.5); break;
            case "vflip": b.verticalFlip(0.5); break;
            case "rotation": b.rotation(10); break;
            case "shift": b.shift(0.1); break;
            case "zoom": b.zoom(0.9, 1.1); break;
            case "shear": b.shear(10); break;
            case "crop": b.crop(2).fill(FillMode.CONSTANT, 0); break;
            case "brightness": b.brightness(0.5, 1.5); break;
            case "contrast": b.contrast(0.5, 1.5); break;
            case "noise": b.noise(0.1); break;
            case "erasing": b.erasing(RandomErasing.defaults()); break;
            case "affine": b.rotation(10).shift(0.1).zoom(0.9, 1.1); break;
            case "elastic": b.elastic(34, 4).fill(FillMode.CONSTANT, 0); break;
            case "affine+elastic": b.rotation(10).shift(0.1).zoom(0.9, 1.1).elastic(34, 4); break;
            default:
                throw new IllegalArgumentException("Invalid transform name: expected one of " + ALL + ", received: " + name);
        }
        return b.build();
    }

    /**
     * {@code count} synthetic 28 × 28 "digits" in [0, 1], F32: a few thick random strokes on a
     * black background, seeded.
     */
    static Matrix digits(int count, long seed) {
        Rng rng = new Rng(seed);
        Matrix x = Matrix.zeros(DType.F32, count, 784);
        float[] a = x.floats();
        for (int i = 0; i < count; i++) {
            for (int stroke = 0; stroke < 3; stroke++) {
                double x0 = 6 + 16 * rng.nextDouble(), y0 = 6 + 16 * rng.nextDouble();
                double x1 = 6 + 16 * rng.nextDouble(), y1 = 6 + 16 * rng.nextDouble();
                for (int s = 0; s <= 40; s++) {
                    double px = x0 + (x1 - x0) * s / 40, py = y0 + (y1 - y0) * s / 40;
                    for (int r = (int) py - 1; r <= (int) py + 1; r++) {
                        for (int c = (int) px - 1; c <= (int) px + 1; c++) {
                            a[i * 784 + r * 28 + c] = 1f;
                        }
                    }
                }
            }
        }
        return x;
    }

    /** Images per second of {@code aug} on batches of {@code batch}: median of 5 windows. */
    static double rate(Augmentation aug, int batch, double warmup, double seconds) {
        Matrix x = digits(batch, 42);
        Rng rng = new Rng(7);
        runFor(aug, x, rng, warmup);
        double[] windows = new double[5];
        for (int i = 0; i < windows.length; i++) {
            long start = System.nanoTime();
            long batches = runFor(aug, x, rng, seconds / windows.length);
            windows[i] = batches * (double) batch / ((System.nanoTime() - start) * 1e-9);
        }
        Arrays.sort(windows);
        return windows[windows.length / 2];
    }

    private static long runFor(Augmentation aug, Matrix x, Rng rng, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long batches = 0;
        do {
            aug.apply(x, rng);
            batches++;
        } while (System.nanoTime() < end);
        return batches;
    }
}
