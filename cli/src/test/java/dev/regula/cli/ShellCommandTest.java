package dev.regula.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code regula shell}'s bad input; the scripts themselves are run by the docs module's ShellScriptsTest. */
class ShellCommandTest {

    @Test
    void anUnknownTopicIsOneLineAndExitCode2() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("shell", "dropuot"));
        String message = err.toString().strip();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("regula: Unknown topic for 'regula shell'") && message.contains("dropout")
                && message.contains("received: dropuot"), message);
    }

    @Test
    void twoTopicsAreBadUsage() {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, cl.execute("shell", "dropout", "relu"));
    }
}
