package dev.regula.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code regula} command. Subcommands: {@code fetch}, {@code train}, {@code predict}, {@code augment},
 * {@code explain}, {@code shell}, {@code exercise}, {@code bench}, {@code casestudy}, {@code tune} and {@code help};
 * {@code regula --help} lists them with one line each.
 *
 * <p>A user's mistake (a bad argument, a missing or corrupted file) ends with one line on stderr,
 * {@code regula: <what was wrong>}, and exit code 2; a failure at run time with exit code 1; an
 * interrupted run with 130; no stack trace (see {@link ExitCodes}).
 */
@Command(name = "regula", mixinStandardHelpOptions = true, version = "regula 0.2.0",
        description = "A pure-Java deep learning engine about regularization.",
        subcommands = {FetchCommand.class, TrainCommand.class, PredictCommand.class, AugmentCommand.class,
                ExplainCommand.class, ShellCommand.class, ExerciseCommand.class, BenchCommand.class, CaseStudyCommand.class,
                TuneCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * Builds the picocli command line with Regula's error handling: one line on stderr and an exit
     * code from {@link ExitCodes}, the same for every command.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("regula: " + ex.getMessage().lines().findFirst().orElse("") + " (see: "
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return ExitCodes.BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (System.getenv("REGULA_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().println("regula: " + ExitCodes.message(ex));
            return ExitCodes.of(ex);
        });
        return cl;
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = commandLine().execute(args);
        } catch (OutOfMemoryError e) {   // an Error is not an Exception: picocli's handler does not see it
            System.err.println("regula: " + ExitCodes.message(e));
            exit = ExitCodes.FAILURE;
        }
        System.exit(exit);
    }
}
