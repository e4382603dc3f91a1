package dev.regula.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StepAllocationTest {
    @Test
    void printsOneLineWithTheTimesTheirRatioAndTheBytesOfBothThreads() {
        String line = StepAllocation.measure(new String[] {"l2", "F64"}, 2, 2, 3);
        Matcher m = Pattern.compile("l2 F64: ([0-9.]+) ms per step, baseline ([0-9.]+) \\(ratio ([0-9.]+)\\); "
                + "(\\d+) bytes per step on the calling thread, (\\d+) on the GEMM helper; Java .+").matcher(line);
        assertTrue(m.matches(), line);
        double preset = Double.parseDouble(m.group(1)), baseline = Double.parseDouble(m.group(2));
        assertTrue(preset > 0 && baseline > 0, line);
        // the ratio is of the unrounded times: within the rounding of the two printed ones
        assertEquals(preset / baseline, Double.parseDouble(m.group(3)), 0.01 * preset / baseline + 0.005 / baseline, line);
        assertEquals(1, line.lines().count());
    }

    @Test
    void badArgumentsAreNamedInOneLine() {
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> StepAllocation.measure(new String[] {"batchnorm"}, 0, 1, 1));
        assertEquals("expected 2 arguments, PRESET DTYPE (say: batchnorm F32), received 1", count.getMessage());
        IllegalArgumentException preset = assertThrows(IllegalArgumentException.class,
                () -> StepAllocation.measure(new String[] {"batchnrom", "F32"}, 0, 1, 1));
        assertTrue(preset.getMessage().endsWith("received: batchnrom"), preset.getMessage());
        IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
                () -> StepAllocation.measure(new String[] {"batchnorm", "f16"}, 0, 1, 1));
        assertEquals("Invalid value for dtype: expected f32 or f64, received: f16", dtype.getMessage());
    }
}
