package org.fnnc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.fnnc.compiler.NetworkCompilationException;
import org.fnnc.data.DataFormatException;
import org.fnnc.data.FetchException;
import org.fnnc.io.WeightsFormatException;
import org.fnnc.spec.SpecException;
import org.fnnc.train.TrainingDivergedException;
import picocli.CommandLine;

/**
 * Turns exceptions from a command into a message on stderr and an exit code: 2 for usage and spec errors
 * and missing files, 1 for everything else. Stack traces only with {@code --verbose}, except for internal
 * errors (bugs), whose trace is the useful part of a report and is printed on request too.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        Throwable e = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        int code;
        String message;
        if (e instanceof CliException c) {
            code = c.exitCode();
            message = c.getMessage();
        } else if (e instanceof SpecException) {
            code = CliException.USAGE;
            message = e.getMessage();
        } else if (e instanceof NoSuchFileException) {
            code = CliException.USAGE;
            message = "no such file: " + e.getMessage();
        } else if (e instanceof AccessDeniedException) {
            code = CliException.USAGE;
            message = "permission denied: " + e.getMessage();
        } else if (e instanceof DataFormatException || e instanceof WeightsFormatException
                || e instanceof FetchException || e instanceof TrainingDivergedException) {
            code = CliException.FAILURE;
            message = e.getMessage();
        } else if (e instanceof IOException) {
            code = CliException.FAILURE;
            message = "I/O error: " + e;
        } else if (e instanceof NetworkCompilationException) {
            code = CliException.FAILURE;
            message = e.getMessage();
        } else {
            code = CliException.FAILURE;
            message = "internal error: " + e + (verbose(parseResult) ? "" : " (run with --verbose for details)");
        }
        // Spec and data messages already read "file:line:col: error: ..."; others get the prefix once.
        err.println(message.contains("error:") ? message : "error: " + message);
        if (verbose(parseResult)) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** True if {@code --verbose} was given to the top-level command or any subcommand. */
    static boolean verbose(CommandLine.ParseResult result) {
        for (CommandLine.ParseResult p = result; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
