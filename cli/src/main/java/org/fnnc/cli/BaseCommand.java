package org.fnnc.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fnnc.Fnnc;
import org.fnnc.files.AtomicFiles;
import org.fnnc.interpreter.Interpreter;
import org.fnnc.network.Network;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.yaml.SpecLoader;
import picocli.CommandLine;

/** What every subcommand shares: its output streams, spec loading and network creation. */
abstract class BaseCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    PrintWriter out() {
        return commandSpec.commandLine().getOut();
    }

    PrintWriter err() {
        return commandSpec.commandLine().getErr();
    }

    @Override
    public final Integer call() throws Exception {
        int code = execute();
        out().flush();
        return code;
    }

    /** Runs the command; returns the exit code. */
    abstract int execute() throws Exception;

    /** Loads a spec file; a missing file is a usage error, a bad spec a {@code SpecException}. */
    static NetworkSpec loadSpec(Path file) {
        requireFile(file, "spec file");
        return SpecLoader.withDefaults().load(file);
    }

    /** Fails with a usage error naming {@code what} unless {@code file} is a readable regular file. */
    static void requireFile(Path file, String what) {
        if (!Files.exists(file)) {
            throw CliException.usage(what + " " + file + " does not exist");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw CliException.usage(what + " " + file + " is not a readable file");
        }
    }

    /**
     * Fails with a usage error (exit 2) unless {@code file} can be written, naming it as the user typed it:
     * outputs are checked before any long work, so a bad path fails in the first second, not after training.
     */
    static void requireWritable(Path file, String what) {
        AtomicFiles.whyNotWritable(file).ifPresent(reason -> {
            throw CliException.usage("cannot write " + what + " " + file + ": " + reason);
        });
    }

    /** The generated network for {@code spec}, or the reference interpreter if {@code interpreted}. */
    static Network network(NetworkSpec spec, boolean interpreted) {
        return interpreted ? Interpreter.create(spec) : Fnnc.compile(spec);
    }

    /** "generated" or "interpreted", for log lines. */
    static String kind(boolean interpreted) {
        return interpreted ? "interpreted" : "generated";
    }
}
