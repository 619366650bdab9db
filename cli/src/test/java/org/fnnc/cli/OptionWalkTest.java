package org.fnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * "internal error" means a bug in fnnc: every option of every command (docs/cli.md documents them all, see
 * {@link OptionNamesTest}), given awkward values on top of a command line that works, and the option
 * combinations the docs describe, must end in success or an {@code error:} line with exit 1 or 2 - never an
 * internal error or a stack trace.
 */
class OptionWalkTest {

    @TempDir
    static Path dir;

    static Path irisWeights;
    static Path xorWeights;
    static Path irisInputs;
    static Path irisLabels;
    static Path emptyFile;
    static Path garbageFile;

    @BeforeAll
    static void trainOnce() throws IOException {
        irisWeights = dir.resolve("iris.safetensors");
        CliRun iris = CliRun.run("train", FinishedWorkTest.IRIS, "--data", FinishedWorkTest.IRIS_DATA, "--epochs",
                "3", "-o", irisWeights.toString());
        assertEquals(0, iris.exitCode(), iris::toString);
        xorWeights = dir.resolve("xor.safetensors");
        CliRun xor = CliRun.run("train", FinishedWorkTest.XOR, "--data", FinishedWorkTest.XOR_DATA, "--epochs", "2",
                "--test-fraction", "0", "--validation-fraction", "0", "-o", xorWeights.toString());
        assertEquals(0, xor.exitCode(), xor::toString);
        irisInputs = dir.resolve("x.csv");
        Files.writeString(irisInputs, "5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n");
        irisLabels = dir.resolve("y.csv");
        Files.writeString(irisLabels, "0\n2\n");
        emptyFile = Files.createFile(dir.resolve("empty.txt"));
        garbageFile = dir.resolve("garbage.bin");
        Files.write(garbageFile, new byte[] {0, 1, 2, (byte) 0xff, '\n', ',', ':', '{'});
    }

    /** A working command line of each command, without the command name. */
    static Map<String, List<String>> baseLines() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("generate", List.of(FinishedWorkTest.XOR, "-o", dir.resolve("gen").toString()));
        m.put("inspect", List.of(FinishedWorkTest.XOR));
        m.put("train", List.of(FinishedWorkTest.XOR, "--data", FinishedWorkTest.XOR_DATA, "--epochs", "2",
                "--test-fraction", "0", "--validation-fraction", "0", "-o", xorWeights.toString()));
        m.put("eval", List.of(FinishedWorkTest.IRIS, "-w", irisWeights.toString(), "--data",
                FinishedWorkTest.IRIS_DATA));
        m.put("predict", List.of(FinishedWorkTest.IRIS, "-w", irisWeights.toString(), "--data", irisInputs.toString()));
        m.put("grad", List.of(FinishedWorkTest.IRIS, "-w", irisWeights.toString(), "--data", irisInputs.toString(),
                "--labels", irisLabels.toString(), "-o", dir.resolve("g.safetensors").toString()));
        m.put("gradcheck", List.of(FinishedWorkTest.XOR, "--subset", "20"));
        m.put("bench", List.of(FinishedWorkTest.XOR, "--seconds", "0.01", "--warmup", "0.01"));
        m.put("export", List.of(FinishedWorkTest.IRIS, "-w", irisWeights.toString(), "-o",
                dir.resolve("iris.onnx").toString()));
        m.put("import", List.of("../onnx/src/test/resources/org/fnnc/onnx/torch/sequential_softmax.onnx", "-o",
                dir.resolve("imported").toString()));
        return m;
    }

    /** Awkward values for an option of this type; none may make a run last long. */
    static List<String> awkwardValues(Class<?> type, String option) {
        if (type == Path.class) {
            List<String> paths = new ArrayList<>(List.of(dir.resolve("missing/none.x").toString(), dir.toString(),
                    emptyFile.toString(), garbageFile.toString()));
            if (!option.equals("--out")) {
                paths.add(""); // the current directory: generate -o "" would write into the module
            }
            return paths;
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return List.of("0", "-1", "1", "2", "x", "99999999999999999999");
        }
        if (type == double.class || type == Double.class) {
            // no huge values: --seconds and --warmup would run for that long
            return List.of("0", "-1", "NaN", "Infinity", "-Infinity", "x", "1e-300", "0.999");
        }
        List<String> values = new ArrayList<>(List.of("", "bogus", "0", "-"));
        if (type.isEnum()) {
            for (Object c : type.getEnumConstants()) {
                values.add(c.toString());
            }
        }
        if (option.equals("--optimizer")) {
            values.addAll(List.of("sgd", "momentum", "nesterov", "adam", "ADAM"));
        } else if (option.equals("--scale")) {
            values.addAll(List.of("none", "minmax", "min_max", "standardize"));
        } else if (option.equals("--kernels")) {
            values.addAll(List.of("scalar", "vector_api"));
        } else if (option.equals("--delimiter")) {
            values.addAll(List.of("tab", ";", ","));
        }
        return values;
    }

    private static final Set<String> SKIPPED = Set.of("--help", "--version", "-h", "-V");

    @Test
    void everyOptionWithAwkwardValuesEndsInAnErrorLineOrSuccess() {
        List<String> failures = new ArrayList<>();
        int runs = 0;
        for (Map.Entry<String, List<String>> e : baseLines().entrySet()) {
            String command = e.getKey();
            CommandLine sub = FnncCli.commandLine().getSubcommands().get(command);
            for (OptionSpec o : sub.getCommandSpec().options()) {
                if (SKIPPED.contains(o.longestName())) {
                    continue;
                }
                List<String> values = o.arity().max() == 0 ? List.of("") : awkwardValues(o.type(), o.longestName());
                for (String v : values) {
                    List<String> args = new ArrayList<>(List.of(command));
                    args.addAll(withOption(e.getValue(), o.longestName(), o.arity().max() == 0 ? null : v));
                    runs++;
                    check(args, failures);
                }
            }
            for (PositionalParamSpec p : sub.getCommandSpec().positionalParameters()) {
                for (String v : awkwardValues(Path.class, "SPEC")) {
                    List<String> args = new ArrayList<>(List.of(command));
                    List<String> base = new ArrayList<>(e.getValue());
                    base.set(p.index().min(), v);
                    args.addAll(base);
                    runs++;
                    check(args, failures);
                }
            }
        }
        System.out.println("option walk: " + runs + " command lines");
        assertEquals(List.of(), failures, failures.size() + " of " + runs + " command lines failed badly");
    }

    /** The combinations docs/cli.md describes: resume with each option changed, eval of each split. */
    @Test
    void documentedCombinationsEndInAnErrorLineOrSuccess() {
        List<String> failures = new ArrayList<>();
        List<String> train = baseLines().get("train");
        String[][] variations = {
            {}, {"--epochs", "3"}, {"--epochs", "1"}, {"--optimizer", "sgd"}, {"--batch-size", "2"},
            {"--learning-rate", "0.5"}, {"--seed", "9"}, {"--patience", "2"}, {"--checkpoint-every", "0"},
            {"--threads", "2"}, {"--kernels", "scalar"}, {"--interpreted"}, {"--validation-fraction", "0.5"},
            {"--test-fraction", "0.5"}, {"--scale", "minmax"}, {"--label-column", "1"}, {"--quiet"},
            {"--metrics", dir.resolve("m.csv").toString()}, {"--checkpoint", dir.resolve("other.ckpt").toString()},
        };
        for (String[] v : variations) {
            for (boolean resume : new boolean[] {false, true}) {
                List<String> args = new ArrayList<>(List.of("train"));
                args.addAll(train);
                args.addAll(List.of(v));
                if (resume) {
                    args.add("--resume");
                }
                check(args, failures);
            }
        }
        for (String split : new String[] {"test", "validation", "train"}) {
            for (String w : new String[] {irisWeights.toString(), xorWeights.toString(),
                    dir.resolve("iris.checkpoint.safetensors").toString()}) {
                String spec = w.contains("xor") ? FinishedWorkTest.XOR : FinishedWorkTest.IRIS;
                String data = w.contains("xor") ? FinishedWorkTest.XOR_DATA : FinishedWorkTest.IRIS_DATA;
                check(List.of("eval", spec, "-w", w, "--data", data, "--split", split), failures);
                check(List.of("eval", FinishedWorkTest.XOR, "-w", w, "--data", data, "--split", split), failures);
            }
        }
        assertEquals(List.of(), failures);
    }

    private static List<String> withOption(List<String> base, String option, String value) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            if (base.get(i).equals(option) || (option.equals("--out") && base.get(i).equals("-o"))
                    || (option.equals("--weights") && base.get(i).equals("-w"))) {
                i++; // replaced below
                continue;
            }
            args.add(base.get(i));
        }
        args.add(option);
        if (value != null) {
            args.add(value);
        }
        return args;
    }

    private static void check(List<String> args, List<String> failures) {
        CliRun r = CliRun.run(args.toArray(new String[0]));
        String problem = null;
        if (r.exitCode() < 0 || r.exitCode() > 2) {
            problem = "exit code " + r.exitCode();
        } else if (r.err().contains("internal error")) {
            problem = "internal error";
        } else if (r.err().contains("\tat ") || r.err().contains("Exception")) {
            problem = "stack trace or exception name";
        } else if (r.exitCode() != 0 && !r.err().startsWith("error: ") && !r.err().contains("error: ")) {
            problem = "no error line";
        }
        if (problem != null) {
            failures.add(problem + ": fnnc " + String.join(" ", args) + "\n" + r.err().strip());
        }
        assertTrue(failures.size() < 200, () -> String.join("\n", failures));
    }
}
