package dev.regula.cli;

import dev.regula.data.DataException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code regula} command. Subcommands: {@code fetch}, {@code train}, {@code augment}, {@code explain},
 * {@code exercise}, ...
 *
 * <p>A user's mistake (a bad argument, a missing or corrupted file) ends with one line on stderr,
 * {@code regula: <what was wrong>}, and a non-zero exit code; no stack trace.
 */
@Command(name = "regula", mixinStandardHelpOptions = true, version = "regula 0.1.0",
        description = "A pure-Java deep learning engine about regularization.",
        subcommands = {FetchCommand.class, TrainCommand.class, AugmentCommand.class, ExplainCommand.class, ExerciseCommand.class,
                BenchCommand.class, CaseStudyCommand.class, TuneCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the picocli command line with Regula's error handling. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("regula: " + ex.getMessage() + " (see: " + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof DataException
                    || ex instanceof IllegalStateException || ex instanceof java.io.IOException) {
                commandLine.getErr().println("regula: " + ex.getMessage());
                return 1;
            }
            throw ex;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
