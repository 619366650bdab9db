package org.fnnc.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writesNewAndReplacesExistingFiles() throws IOException {
        Path f = dir.resolve("w.bin");
        AtomicFiles.write(f, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
        AtomicFiles.write(f, out -> {
            out.write(9);
            out.close(); // allowed
        });
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(f));
        assertEquals(List.of("w.bin"), names());
    }

    @Test
    void failureMidwayLeavesTheOldFileByteIdenticalAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("weights.safetensors");
        byte[] old = new byte[100_000];
        for (int i = 0; i < old.length; i++) {
            old[i] = (byte) (i * 31);
        }
        Files.write(f, old);
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[200_000]); // more than the buffer: some of it reaches the temporary file
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertArrayEquals(old, Files.readAllBytes(f));
        assertEquals(List.of("weights.safetensors"), names());

        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, out -> {
            out.write(1);
            throw new IllegalStateException("bug in the writer");
        }));
        assertArrayEquals(old, Files.readAllBytes(f));
        assertEquals(List.of("weights.safetensors"), names());
    }

    @Test
    void failureWithoutAnOldFileLeavesNothing() {
        Path f = dir.resolve("new.bin");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            throw new IOException("no");
        }));
        assertFalse(Files.exists(f));
    }

    @Test
    void staleTemporariesOfOneTargetAreDeletedAndNothingElse() throws IOException {
        Path target = dir.resolve("Net.java");
        Files.writeString(target, "class Net {}");
        // The names killed writes leave (written out here, not taken from AtomicFiles), and look-alikes.
        List<String> stale = List.of(".Net.java.0.tmp", ".Net.java.7f3a9c01d2e4b5a6.tmp");
        List<String> others = List.of(".Net.java.tmp", ".Net.java.xyz.tmp", ".Net.java.00000000000000000.tmp",
                ".Other.java.1a.tmp", "Net.java.1a.tmp", ".Net.java.1a.tmp.java", ".Net.javaX.1a.tmp");
        for (String name : stale) {
            Files.writeString(dir.resolve(name), "half a clas");
        }
        for (String name : others) {
            Files.writeString(dir.resolve(name), "keep");
        }
        assertEquals(2, AtomicFiles.deleteStaleTemporaries(target));
        List<String> kept = new java.util.ArrayList<>(others);
        kept.add("Net.java");
        assertEquals(kept.stream().sorted().collect(Collectors.toList()), names());
        assertEquals("class Net {}", Files.readString(target));
        assertEquals(0, AtomicFiles.deleteStaleTemporaries(dir.resolve("missing/dir/X.java")));
    }
}
