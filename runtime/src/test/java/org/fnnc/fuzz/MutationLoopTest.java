package org.fnnc.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A bounded, deterministic stand-in for coverage-guided fuzzing that runs in every {@code mvn verify}: each
 * target gets its committed Jazzer seed corpus plus {@value #MUTANTS} random mutants of it (bit flips,
 * interesting integers, inserted, deleted and duplicated runs, splices of two seeds, truncation) from a fixed
 * seed, within {@value #BUDGET_MILLIS} ms. A failure names the seed and the mutant's index, so it replays.
 * The real fuzzing is {@code mvn verify -Pfuzz} (docs/reliability.md).
 */
class MutationLoopTest {

    static final int MUTANTS = 3000;
    static final long BUDGET_MILLIS = 2500;
    private static final long SEED = 0x5EED_F22EL;

    /** One fuzz target: raw bytes in, documented errors caught inside. */
    interface Target {
        void accept(byte[] data) throws Exception;
    }

    @Test
    void specLoader() throws Exception {
        run("SpecLoaderFuzzTest", FuzzTargets::specLoader);
    }

    @Test
    void safeTensors() throws Exception {
        run("SafeTensorsFuzzTest", FuzzTargets::safeTensors);
    }

    @Test
    void idx() throws Exception {
        run("IdxFuzzTest", FuzzTargets::idx);
    }

    @Test
    void csv() throws Exception {
        run("CsvFuzzTest", FuzzTargets::csv);
    }

    /** Replays {@code fuzzTest}'s corpus and its mutants through {@code target} (fnnc-onnx's target uses it too). */
    static void run(String fuzzTest, Target target) throws Exception {
        List<byte[]> seeds = seeds(fuzzTest);
        assertFalse(seeds.isEmpty(), "no seed corpus for " + fuzzTest);
        for (byte[] seed : seeds) {
            target.accept(seed);
        }
        Random random = new Random(SEED ^ fuzzTest.hashCode());
        long deadline = System.nanoTime() + BUDGET_MILLIS * 1_000_000L;
        int executed = 0;
        for (; executed < MUTANTS && System.nanoTime() < deadline; executed++) {
            byte[] mutant = mutate(seeds, random);
            try {
                target.accept(mutant);
            } catch (Throwable t) {
                throw new AssertionError(fuzzTest + ": mutant " + executed + " (seed " + SEED + ") escaped with " + t
                        + "; input bytes " + Arrays.toString(Arrays.copyOf(mutant, Math.min(mutant.length, 200))), t);
            }
        }
        assertTrue(executed > 0);
        System.out.println(fuzzTest + ": " + seeds.size() + " seeds, " + executed + " mutants, no escape");
    }

    /** Stacks one to four random edits on a random seed. */
    static byte[] mutate(List<byte[]> seeds, Random r) {
        byte[] b = seeds.get(r.nextInt(seeds.size())).clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = b.length == 0 ? 0 : r.nextInt(b.length);
            switch (r.nextInt(7)) {
                case 0 -> {
                    if (b.length > 0) {
                        b[at] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                case 1 -> {
                    if (b.length > 0) {
                        b[at] = (byte) new int[] {0, 0xff, 0x7f, 0x80, '[', '{', '"', '\\', '-', '9', '\n', ','}[r.nextInt(12)];
                    }
                }
                case 2 -> b = splice(b, at, 0, randomBytes(r, 1 + r.nextInt(8)));
                case 3 -> b = splice(b, at, Math.min(b.length - at, 1 + r.nextInt(16)), new byte[0]);
                case 4 -> b = splice(b, at, 0, Arrays.copyOfRange(b, at, Math.min(b.length, at + 1 + r.nextInt(64))));
                case 5 -> {
                    byte[] other = seeds.get(r.nextInt(seeds.size()));
                    int from = other.length == 0 ? 0 : r.nextInt(other.length);
                    b = splice(Arrays.copyOf(b, at), at, 0, Arrays.copyOfRange(other, from, other.length));
                }
                default -> b = Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length + 1));
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] out = new byte[n];
        r.nextBytes(out);
        return out;
    }

    /** The committed Jazzer corpus of a fuzz test, in name order. */
    static List<byte[]> seeds(String fuzzTest) throws IOException, URISyntaxException {
        URL dir = MutationLoopTest.class.getResource(fuzzTest + "Inputs/fuzz");
        List<byte[]> out = new ArrayList<>();
        if (dir == null) {
            return out;
        }
        try (Stream<Path> files = Files.list(Path.of(dir.toURI())).sorted()) {
            for (Path f : (Iterable<Path>) files::iterator) {
                out.add(Files.readAllBytes(f));
            }
        }
        return out;
    }
}
