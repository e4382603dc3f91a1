package dev.regula.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Keras-style progress line, driven by calling the callback methods with made-up logs. */
class ProgressLoggerTest {

    /** {@code Epoch e/E - seen/total [bar] - 2.1s - name: 0.1234 ...}. */
    private static final Pattern LINE = Pattern.compile(
            "Epoch (\\d+)/(\\d+) - +(\\d+)/(\\d+) \\[([=>.]{30})\\] - (\\d+\\.\\d)s"
            + "((?: - [a-z_]+: \\d+\\.\\d{4})*)");

    private static Map<String, Double> logs(double loss, double acc, double valLoss, double valAcc, double seconds) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", loss);
        logs.put("acc", acc);
        logs.put("val_loss", valLoss);
        logs.put("val_acc", valAcc);
        logs.put("seconds", seconds);
        return logs;
    }

    @Test
    void nonInteractiveOutputIsOneLinePerEpoch() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLogger logger = new ProgressLogger(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        logger.onTrainBegin(null, new Callback.TrainInfo(0, 10, 42000, 329, List.of("loss", "acc", "val_loss", "val_acc")));
        double[][] epochs = {{0.3012, 0.9113, 0.1830, 0.9452, 2.34}, {0.1204, 0.9641, 0.1277, 0.9610, 2.05},
                {0.0792, 0.9765, 0.1114, 0.9671, 2.1}};
        for (int e = 1; e <= 3; e++) {
            logger.onEpochBegin(e);
            Map<String, Double> running = new LinkedHashMap<>();
            for (int b = 0; b < 329; b++) {
                running.put("loss", 0.5);
                running.put("acc", 0.5);
                logger.onBatchEnd(b, Math.min(42000, (b + 1) * 128), running);
            }
            double[] v = epochs[e - 1];
            logger.onEpochEnd(e, logs(v[0], v[1], v[2], v[3], v[4]));
        }
        String[] metrics = {
            " - loss: 0.3012 - acc: 0.9113 - val_loss: 0.1830 - val_acc: 0.9452",
            " - loss: 0.1204 - acc: 0.9641 - val_loss: 0.1277 - val_acc: 0.9610",
            " - loss: 0.0792 - acc: 0.9765 - val_loss: 0.1114 - val_acc: 0.9671"};
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.endsWith(System.lineSeparator()), "every line ends with a newline");
        assertTrue(!out.replace(System.lineSeparator(), "\n").contains("\r"), "no carriage-return redraws");
        List<String> lines = out.lines().toList();
        assertEquals(3, lines.size(), "exactly one line per epoch, nothing per batch:\n" + out);
        for (int e = 1; e <= 3; e++) {
            String line = lines.get(e - 1);
            Matcher m = LINE.matcher(line);
            assertTrue(m.matches(), "line " + e + " does not match the Keras format: " + line);
            assertEquals(Integer.toString(e), m.group(1));
            assertEquals("10", m.group(2));
            assertEquals("42000", m.group(3));
            assertEquals("42000", m.group(4));
            assertEquals("=".repeat(30), m.group(5), "a finished epoch has a full bar");
            assertEquals(metrics[e - 1], m.group(7), "metrics in log order with 4 decimals, no seconds");
        }
        assertEquals("Epoch 3/10 - 42000/42000 [==============================] - 2.1s"
                + " - loss: 0.0792 - acc: 0.9765 - val_loss: 0.1114 - val_acc: 0.9671", lines.get(2));
        assertTrue(lines.get(0).contains("- 2.3s -"), "seconds with one decimal: " + lines.get(0));
    }

    @Test
    void linesWithoutValidationDataAndWithOtherSampleCounts() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLogger logger = new ProgressLogger(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        logger.onTrainBegin(null, new Callback.TrainInfo(0, 2, 1000, 8, List.of("loss", "acc")));
        logger.onEpochBegin(1);
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", 1.23456);
        logs.put("acc", 0.5);
        logs.put("seconds", 0.04);
        logger.onEpochEnd(1, logs);
        assertEquals("Epoch 1/2 - 1000/1000 [==============================] - 0.0s - loss: 1.2346 - acc: 0.5000"
                + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void partialBarShowsTheArrow() {
        ProgressLogger logger = new ProgressLogger(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), true);
        logger.onTrainBegin(null, new Callback.TrainInfo(0, 5, 42000, 329, List.of("loss", "acc")));
        logger.onEpochBegin(2);
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", 0.5);
        // Half the samples: 15 of 30 cells done, the arrow in the 16th, the rest dots; the count
        // is padded to the width of the total.
        assertEquals("Epoch 2/5 - 21000/42000 [===============>..............] - 1.0s - loss: 0.5000",
                logger.line(21000, 1.0, logs));
        assertEquals("Epoch 2/5 -   128/42000 [>.............................] - 0.0s - loss: 0.5000",
                logger.line(128, 0.0, logs));
    }

    @Test
    void interactiveOutputEndsWithTheFinishedLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLogger logger = new ProgressLogger(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        logger.onTrainBegin(null, new Callback.TrainInfo(0, 1, 100, 2, List.of("loss", "acc")));
        logger.onEpochBegin(1);
        Map<String, Double> running = new LinkedHashMap<>();
        running.put("loss", 0.25);
        running.put("acc", 0.75);
        logger.onBatchEnd(0, 50, running);
        logger.onBatchEnd(1, 100, running);
        Map<String, Double> logs = new LinkedHashMap<>(running);
        logs.put("seconds", 1.24);
        logger.onEpochEnd(1, logs);
        String out = bytes.toString(StandardCharsets.UTF_8);
        String finished = "\rEpoch 1/1 - 100/100 [==============================] - 1.2s - loss: 0.2500 - acc: 0.7500"
                + System.lineSeparator();
        assertTrue(out.endsWith(finished), "interactive output should end with the redrawn line: " + out.replace("\r", "\\r"));
        // The last batch (all samples seen) is always drawn, whatever the time since the last draw.
        assertTrue(out.contains("\rEpoch 1/1 - 100/100 [==============================] - "), out.replace("\r", "\\r"));
    }
}
