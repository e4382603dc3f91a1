package dev.regula.cli;

import dev.regula.core.Rng;
import dev.regula.data.IdxImages;
import dev.regula.data.IdxWriter;
import dev.regula.data.Mnist;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntUnaryOperator;
import picocli.CommandLine;

/** What the command-line tests share: running {@code regula} in-process, and a tiny MNIST-format dataset. */
final class CliTests {
    private CliTests() {}

    /** A command's exit code, standard output and standard error. */
    record Run(int exit, String out, String err) {}

    /** Runs {@code regula ARGS} in this JVM, capturing what it prints. */
    static Run run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            exit = cl.execute(args);
        } finally {
            System.setOut(saved);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    /**
     * Writes 40 training and 10 test images of 28×28 in MNIST's IDX files under {@code data}: image i
     * has the class {@code label.applyAsInt(i)}, drawn as bright pixels in the class's band of 78
     * pixels over a dark background, so a network learns it in a few epochs.
     */
    static Path dataset(Path data, IntUnaryOperator label) throws IOException {
        Files.createDirectories(data);
        write(data, Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS, 40, 1, label);
        write(data, Mnist.TEST_IMAGES, Mnist.TEST_LABELS, 10, 2, label);
        return data;
    }

    private static void write(Path dir, String images, String labels, int n, long seed, IntUnaryOperator label) {
        Rng rng = new Rng(seed);
        byte[] pixels = new byte[n * 784];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = label.applyAsInt(i);
            for (int p = 0; p < 784; p++) {
                int base = p / 78 == y[i] ? 200 : 20;
                pixels[i * 784 + p] = (byte) (base + rng.nextInt(40));
            }
        }
        IdxWriter.writeImages(dir.resolve(images), new IdxImages(n, 28, 28, pixels));
        IdxWriter.writeLabels(dir.resolve(labels), y);
    }
}
