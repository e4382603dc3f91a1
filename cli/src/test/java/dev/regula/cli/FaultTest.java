package dev.regula.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regula.core.Rng;
import dev.regula.data.IdxImages;
import dev.regula.data.IdxWriter;
import dev.regula.data.Mnist;
import dev.regula.nn.Checkpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on a real {@code regula train} process (issue 16): {@code kill -9} in the middle of a save
 * of the checkpoint it writes every epoch (the kill waits for the save's temporary file to appear),
 * after which the checkpoint always loads and resuming from it gives the uninterrupted run's next
 * epoch bit for bit; and SIGTERM, which stops the run within a batch with exit code 130, a history
 * and a loadable checkpoint. Bounded: a child process lives {@value #CHILD_SECONDS} s at most (it
 * is killed when its test ends, whatever happened), each test has a timeout, and the whole takes
 * about half a minute.
 */
class FaultTest {
    private static final int KILLS = 3;
    private static final int EPOCHS = 12;
    /** The longest a child process may live. */
    private static final int CHILD_SECONDS = 45;

    @TempDir
    Path dir;

    /** Every child process, killed when the test ends if it is still running. */
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Path dataset() throws Exception {
        Path data = dir.resolve("data");
        if (Files.isDirectory(data)) {
            return data;
        }
        Files.createDirectories(data);
        for (String[] f : new String[][] {{Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS, "40"},
                {Mnist.TEST_IMAGES, Mnist.TEST_LABELS, "10"}}) {
            int n = Integer.parseInt(f[2]);
            Rng rng = new Rng(n);
            byte[] pixels = new byte[n * 784];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = i % 10;
                for (int p = 0; p < 784; p++) {
                    pixels[i * 784 + p] = (byte) ((p / 78 == y[i] ? 200 : 20) + rng.nextInt(40));
                }
            }
            IdxWriter.writeImages(data.resolve(f[0]), new IdxImages(n, 28, 28, pixels));
            IdxWriter.writeLabels(data.resolve(f[1]), y);
        }
        return data;
    }

    private List<String> args(String out, int epochs, String... more) throws Exception {
        List<String> a = new ArrayList<>(List.of("train", "--data", dataset().toString(), "--preset", "dropout",
                "--seed", "11", "--batch-size", "16", "--epochs", Integer.toString(epochs), "--out",
                dir.resolve(out).toString()));
        a.addAll(List.of(more));
        return a;
    }

    /**
     * {@code regula train} in another JVM, as the launcher runs it (same module flags as this one),
     * killed by {@link #killChildren} if it outlives the test.
     */
    private Process start(List<String> args, String log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
        children.add(p);
        return p;
    }

    private JsonNode inProcess(List<String> args) throws Exception {
        StringWriter err = new StringWriter();
        java.io.PrintStream saved = System.out;
        try {
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            picocli.CommandLine cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            assertEquals(0, cl.execute(args.toArray(new String[0])), err.toString());
        } finally {
            System.setOut(saved);
        }
        return new ObjectMapper().readTree(dir.resolve(args.get(args.indexOf("--out") + 1)).resolve("history.json").toFile());
    }

    private static JsonNode epoch(JsonNode history, int i) {
        ObjectNode e = history.get("epochs").get(i).deepCopy();
        e.remove("seconds");
        return e;
    }

    /** The deadline of a child started now: {@value #CHILD_SECONDS} s. */
    private static long deadline() {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_SECONDS);
    }

    /** Waits until {@code file} exists, the process ends or the deadline passes; true if it exists. */
    private static boolean awaitFile(Path file, Process p, long deadline) throws InterruptedException {
        while (!Files.exists(file) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return Files.exists(file);
    }

    /** Whether {@code dir} holds a temporary file of a save of {@code checkpoint} ({@code .NAME.<hex>.tmp}). */
    private static boolean saving(Path dir, Path checkpoint) throws java.io.IOException {
        String prefix = "." + checkpoint.getFileName() + ".";
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith(prefix));
        }
    }

    /** Waits until a save of {@code checkpoint} is under way; false if the process ended or the deadline passed. */
    private static boolean awaitSave(Path dir, Path checkpoint, Process p, long deadline) throws Exception {
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (saving(dir, checkpoint)) {
                return true;
            }
            Thread.sleep(1);
        }
        return false;
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void killingTheProcessWhileItSavesNeverLeavesACheckpointThatDoesNotResumeExactly() throws Exception {
        Rng delays = new Rng(2024);
        List<Path> kept = new ArrayList<>();
        List<Process> runs = new ArrayList<>();
        for (int k = 0; k < KILLS; k++) {     // started together: their JVMs start up side by side
            kept.add(dir.resolve("ck" + k + ".safetensors"));
            runs.add(start(args("killed-" + k, EPOCHS, "--save", kept.get(k).toString()), "killed-" + k + ".log"));
        }
        long deadline = deadline();
        int midSave = 0;
        for (int k = 0; k < KILLS; k++) {
            Path checkpoint = kept.get(k);
            Process p = runs.get(k);
            assertTrue(awaitFile(checkpoint, p, deadline), "the first checkpoint was written: "
                    + Files.readString(dir.resolve("killed-" + k + ".log")));
            // Kill it while it writes the next one: up to 20 ms after its temporary file appears.
            boolean inSave = awaitSave(dir, checkpoint, p, deadline);
            Thread.sleep(delays.nextInt(20));
            p.destroyForcibly();   // SIGKILL
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "killed");
            midSave += inSave && saving(dir, checkpoint) ? 1 : 0;
        }
        System.out.println("FaultTest: " + midSave + " of " + KILLS + " kills fell into a save");
        assertTrue(midSave >= 1, "at least one kill fell into a save (its temporary file was left behind)");
        int last = 0;
        for (Path checkpoint : kept) {
            last = Math.max(last, Checkpoint.load(checkpoint).epoch());   // always loads
        }
        JsonNode whole = inProcess(args("whole", Math.min(EPOCHS, last + 1)));
        for (Path checkpoint : kept) {
            Checkpoint.Loaded loaded = Checkpoint.load(checkpoint);
            int done = loaded.epoch();
            assertTrue(done >= 1 && done <= EPOCHS, "epoch " + done);
            if (done < EPOCHS) {
                JsonNode resumed = inProcess(List.of("train", "--resume", checkpoint.toString(), "--data",
                        dataset().toString(), "--epochs", Integer.toString(done + 1), "--out", dir.resolve("resumed").toString()));
                assertEquals(epoch(whole, done), epoch(resumed, 0), checkpoint + ": resumed after epoch " + done);
            }
            Checkpoint.save(loaded.model(), checkpoint, done, loaded.metadata());
        }
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")),
                    "the next save deletes what a killed one left");
        }
    }

    @Test
    @Timeout(value = 45, unit = TimeUnit.SECONDS)
    void sigtermStopsWithinABatchWritingTheHistoryAndExits130() throws Exception {
        Path checkpoint = dir.resolve("term.safetensors");
        Process p = start(args("term", 200, "--save", checkpoint.toString()), "term.log");
        assertTrue(awaitFile(checkpoint, p, deadline()), "the first checkpoint was written: "
                + Files.readString(dir.resolve("term.log")));
        Thread.sleep(300);
        long sent = System.nanoTime();
        p.destroy();   // SIGTERM
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "stopped");
        double seconds = (System.nanoTime() - sent) / 1e9;
        String log = Files.readString(dir.resolve("term.log"));
        assertEquals(130, p.exitValue(), log);
        assertTrue(log.contains("regula: SIGTERM: stopping after this batch") && log.contains("Interrupted by SIGTERM"), log);
        assertTrue(seconds < 10, "stopped within a batch or so: " + seconds + " s");
        JsonNode h = new ObjectMapper().readTree(dir.resolve("term").resolve("history.json").toFile());
        assertEquals("interrupted", h.get("stopped_by").asText());
        int epochs = h.get("epochs").size();
        assertTrue(epochs >= 1, h.toString());
        assertEquals(epochs, Checkpoint.load(checkpoint).epoch(), "the checkpoint is the last completed epoch's");
    }
}
