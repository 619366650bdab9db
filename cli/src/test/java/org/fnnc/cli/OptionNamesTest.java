package org.fnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** One name per concept across commands, documented; picocli's own errors look like ours (issue 12). */
class OptionNamesTest {

    static final Path DOCS = Path.of("../docs/cli.md");

    @TempDir
    Path dir;

    /** Every option name of every command, as "command option". */
    static Set<String> optionsByCommand() {
        Set<String> names = new TreeSet<>();
        CommandLine top = FnncCli.commandLine();
        for (CommandLine sub : top.getSubcommands().values()) {
            for (OptionSpec o : sub.getCommandSpec().options()) {
                for (String n : o.names()) {
                    names.add(sub.getCommandName() + " " + n);
                }
            }
        }
        return names;
    }

    @Test
    void oneNamePerConcept() {
        Set<String> all = optionsByCommand();
        List<String> forbidden = all.stream()
                .filter(n -> n.endsWith(" --batch") || n.endsWith(" -i") || n.endsWith(" --inputs"))
                .toList();
        assertEquals(List.of(), forbidden, "use --batch-size and --data everywhere");
        for (String c : new String[] {"train", "eval", "predict", "grad"}) {
            assertTrue(all.contains(c + " --data"), c + " takes --data");
        }
        assertTrue(all.contains("gradcheck --batch-size"), all::toString);
    }

    /** Every option a command has is in docs/cli.md, and every option the docs name exists. */
    @Test
    void docsNameEveryOptionAndNoOtherOption() throws IOException {
        String docs = Files.readString(DOCS);
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*").matcher(docs);
        while (m.find()) {
            documented.add(m.group());
        }
        Set<String> existing = new TreeSet<>();
        for (String n : optionsByCommand()) {
            String option = n.substring(n.indexOf(' ') + 1);
            if (option.startsWith("--")) {
                existing.add(option);
            }
        }
        existing.add("--add-modules"); // a java option the docs quote
        Set<String> undocumented = new TreeSet<>(existing);
        undocumented.removeAll(documented);
        undocumented.removeAll(Set.of("--help", "--version", "--add-modules"));
        assertEquals(Set.of(), undocumented, "options missing from docs/cli.md");
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(existing);
        assertEquals(Set.of(), unknown, "docs/cli.md names options no command has");
    }

    /** Columns are 1-based in flags, as in every message ("file:line:column"). */
    @Test
    void labelColumnIsOneBased() throws IOException {
        Path csv = dir.resolve("first.csv");
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(Path.of(FinishedWorkTest.IRIS_DATA)).subList(1, 151)) {
            String[] c = line.split(",");
            sb.append(c[4]).append(',').append(c[0]).append(',').append(c[1]).append(',').append(c[2]).append(',')
                    .append(c[3]).append('\n');
        }
        Files.writeString(csv, sb);
        CliRun r = CliRun.run("train", FinishedWorkTest.IRIS, "--data", csv.toString(), "--label-column", "1",
                "--epochs", "20", "-o", dir.resolve("w.safetensors").toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.number("test accuracy ([0-9.]+)%") > 80, r::toString);
        CliRun zero = CliRun.run("train", FinishedWorkTest.IRIS, "--data", csv.toString(), "--label-column", "0");
        assertEquals(2, zero.exitCode(), zero::toString);
        assertTrue(zero.err().contains("--label-column must be at least 1 (columns are numbered from 1)"),
                zero::toString);
    }

    /** Before: "Unknown option: '--epochz'" followed by the whole help of train (60 lines), no "error:". */
    @Test
    void picocliErrorsAreOneErrorLineAndAHint() {
        CliRun unknown = CliRun.run("train", FinishedWorkTest.XOR, "--epochz", "3");
        assertEquals(2, unknown.exitCode(), unknown::toString);
        List<String> lines = unknown.err().lines().toList();
        assertTrue(lines.get(0).startsWith("error: Unknown option") && lines.get(0).contains("'--epochz'"),
                unknown::toString);
        assertTrue(lines.size() <= 3, () -> "not the whole help: " + unknown);
        assertTrue(unknown.err().contains("fnnc train --help"), unknown::toString);
        assertFalse(unknown.err().contains("Usage:"), unknown::toString);

        CliRun badNumber = CliRun.run("train", FinishedWorkTest.XOR, "--epochs", "many");
        assertEquals(2, badNumber.exitCode(), badNumber::toString);
        assertTrue(badNumber.err().startsWith("error: "), badNumber::toString);
        assertTrue(badNumber.err().contains("'many'"), badNumber::toString);
        assertTrue(badNumber.err().lines().count() <= 3, badNumber::toString);

        CliRun missing = CliRun.run("eval", FinishedWorkTest.IRIS);
        assertEquals(2, missing.exitCode(), missing::toString);
        assertTrue(missing.err().startsWith("error: Missing required option: '--weights=FILE'"), missing::toString);
        assertTrue(missing.err().contains("fnnc eval --help"), missing::toString);

        CliRun noCommand = CliRun.run("trian");
        assertEquals(2, noCommand.exitCode(), noCommand::toString);
        assertTrue(noCommand.err().startsWith("error: "), noCommand::toString);
        assertTrue(noCommand.err().contains("fnnc --help"), noCommand::toString);
    }
}
