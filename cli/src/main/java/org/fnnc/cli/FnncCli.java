package org.fnnc.cli;

import java.io.PrintWriter;
import org.fnnc.generator.GeneratorVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code fnnc} command: {@code generate}, {@code inspect}, {@code train}, {@code eval}, {@code predict},
 * {@code grad}, {@code gradcheck}, {@code bench}, {@code export} and {@code import}. Exit codes: 0 success, 1 run-time failure, 2 usage or
 * spec error. See docs/cli.md.
 */
@Command(name = "fnnc", mixinStandardHelpOptions = true, versionProvider = FnncCli.Version.class,
        description = "fnnc compiles YAML specs of feed-forward networks into specialised Java classes, and trains,"
                + " evaluates and benchmarks them.",
        subcommands = {GenerateCommand.class, InspectCommand.class, TrainCommand.class, EvalCommand.class,
                PredictCommand.class, GradCommand.class, GradcheckCommand.class, BenchCommand.class, ExportCommand.class,
                ImportCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 run-time failure, 2 usage or spec error."})
public final class FnncCli implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Show stack traces of errors.")
    boolean verbose;

    /** Without a subcommand: a usage error. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: missing command (one of " + String.join(", ", spec.subcommands().keySet()) + ")");
        err.println(hint(spec.commandLine()));
        return CliException.USAGE;
    }

    /** The one line that follows a usage error: where the whole help is. */
    static String hint(CommandLine command) {
        return "try '" + command.getCommandSpec().qualifiedName() + " --help' for the options";
    }

    /** Runs the command line with the given streams and returns the exit code, without exiting. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    /** The configured picocli command line. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FnncCli());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        // picocli's own errors (unknown option, bad number...) look like ours: one error line and a hint
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter err = c.getErr();
            err.println("error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println(hint(c));
            err.flush();
            return CliException.USAGE;
        });
        return cl;
    }

    public static void main(String[] args) {
        // The chart is drawn with Java2D; never look for a display.
        System.setProperty("java.awt.headless", "true");
        CtrlC.install();
        System.exit(commandLine().execute(args));
    }

    /** The version line of {@code fnnc --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"fnnc " + GeneratorVersion.VERSION};
        }
    }
}
