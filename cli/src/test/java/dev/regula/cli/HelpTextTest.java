package dev.regula.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's {@code --help} is formatted without picocli's complaint: a description is a format
 * string, so a lone % in it (such as "% of the peak") makes picocli print a WARN line to standard
 * error and the raw text instead.
 */
class HelpTextTest {

    @Test
    void everyCommandsHelpFormatsWithoutAWarning() {
        Map<String, CommandLine> commands = Main.commandLine().getSubcommands();
        assertTrue(commands.containsKey("bench") && commands.containsKey("train"), "the subcommands are found: " + commands.keySet());
        for (Map.Entry<String, CommandLine> command : commands.entrySet()) {
            String[] printed = usageAndStandardError(command.getValue());
            assertEquals("", printed[1], "regula " + command.getKey() + " --help wrote to standard error");
            assertFalse(printed[0].contains("%%") || printed[0].contains("%n"),
                    "regula " + command.getKey() + " --help shows a format escape:\n" + printed[0]);
        }
        String[] top = usageAndStandardError(Main.commandLine());
        assertEquals("", top[1], "regula --help wrote to standard error");
    }

    @Test
    void benchHelpSaysPercentOfThePeak() {
        String usage = usageAndStandardError(Main.commandLine().getSubcommands().get("bench"))[0];
        assertTrue(usage.contains("rates, % of the in-run GEMM peak"), usage);
    }

    /** The usage message, and what was written to System.err while it was formatted. */
    private static String[] usageAndStandardError(CommandLine command) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        String usage;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
        } finally {
            System.setErr(saved);
        }
        return new String[] {usage, err.toString(StandardCharsets.UTF_8)};
    }
}
