package dev.regula.cli;

import dev.regula.docs.Explain;
import dev.regula.docs.shell.Scripts;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Callable;
import jdk.jshell.tool.JavaShellToolBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code regula shell [TOPIC]}: JShell with the engine on the class path. With a topic, the script
 * {@code docs/jshell/TOPIC.jsh} (bundled in the jar) runs first: it rebuilds the chapter's worked
 * example step by step in variables the reader can change and re-evaluate, then the prompt opens.
 *
 * <p>How JShell gets the engine: the snippets are compiled against this JVM's class path (the fat
 * jar {@code regula.jar} when run by {@code ./regula}) and run in this JVM ({@code --execution local}),
 * which {@code ./regula} starts with {@code --add-modules jdk.incubator.vector}: the snippets call the
 * same GEMM kernel as {@code regula explain} and print the same last digits. The script is copied to a
 * temporary file for JShell to load, and deleted when the shell ends.
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Open JShell with the engine on the class path, and a topic's worked example to re-run.",
                "With TOPIC, first run the topic's script, which rebuilds the worked example of 'regula explain TOPIC'",
                "in variables you can change and re-evaluate",
                "(e.g. in dropout: keepProb = 0.5; forward()). /exit leaves."})
final class ShellCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TOPIC",
            description = "A topic of 'regula explain' (dense, relu, ..., dropout, ...); without it, only the imports")
    String topic;

    @Override
    public Integer call() throws Exception {
        if (topic != null && !Scripts.topics().contains(topic)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Unknown topic for 'regula shell': expected one of "
                    + String.join(", ", Scripts.topics()) + ", received: " + topic);
        }
        String script = topic == null ? Scripts.imports() : Scripts.script(topic);
        Path file = Files.createTempFile("regula-" + (topic == null ? "shell" : topic) + "-", ".jsh");
        try {
            Files.writeString(file, script, StandardCharsets.UTF_8);
            List<String> args = new ArrayList<>(List.of("--execution", "local",
                    "--class-path", System.getProperty("java.class.path"),
                    "--startup", "DEFAULT", "--feedback", "concise"));
            args.add(file.toString());
            if (topic == null) {
                System.out.println("regula shell: the engine is imported (dev.regula.core, nn, regularization, data and "
                        + "Show.*); try 'regula shell dropout'. /exit leaves.");
            } else {
                System.out.println("regula shell " + topic + ": running docs/jshell/" + topic + ".jsh (" + Explain.summary(topic)
                        + "). Change a variable and re-evaluate; /list shows the snippets, /exit leaves.");
            }
            System.out.flush();
            // The scripts print ·, ⊙, ᵀ and λ: UTF-8 whatever the platform's default (the tool captures System.out
            // when its builder is made). Preferences in memory: no user preferences directory written or logged.
            System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
            return JavaShellToolBuilder.builder().persistence(new HashMap<>()).start(args.toArray(new String[0]));
        } finally {
            deleteQuietly(file);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.err.println("regula: could not delete the temporary script " + file + ": " + e.getMessage());
        }
    }
}
