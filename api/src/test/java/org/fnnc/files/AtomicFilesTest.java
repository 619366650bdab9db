package org.fnnc.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Before: killed writes' temporaries piled up (CrashSafetyTest counted 2-7 after 20 kills). */
    @Test
    void theNextWriteOfATargetRemovesItsStaleTemporaries() throws IOException {
        Path target = dir.resolve("w.safetensors");
        Files.writeString(dir.resolve(".w.safetensors.3fa9.tmp"), "torn");
        Files.writeString(dir.resolve(".w.safetensors.0123456789abcdef.tmp"), "torn");
        Files.writeString(dir.resolve(".other.safetensors.3fa9.tmp"), "someone else's");
        AtomicFiles.write(target, new byte[] {1, 2, 3});
        assertEquals(List.of(".other.safetensors.3fa9.tmp", "w.safetensors"), names());
    }

    /** A write in progress holds a lock on its temporary file: cleaning up never removes it. */
    @Test
    void aWriteInProgressKeepsItsTemporary() throws IOException {
        Path target = dir.resolve("w.bin");
        AtomicFiles.write(target, out -> {
            out.write(new byte[100]);
            assertEquals(0, AtomicFiles.deleteStaleTemporaries(target));
            out.write(new byte[100]);
        });
        assertEquals(200, Files.size(target));
        assertEquals(List.of("w.bin"), names());
    }

    /** Outputs are checked before work starts; the reasons name the path as given. */
    @Test
    void writabilityIsCheckedWithAReason() throws IOException {
        assertEquals(java.util.Optional.empty(), AtomicFiles.whyNotWritable(dir.resolve("new.bin")));
        Files.writeString(dir.resolve("old.bin"), "x");
        assertEquals(java.util.Optional.empty(), AtomicFiles.whyNotWritable(dir.resolve("old.bin")));
        assertEquals("it is a directory", AtomicFiles.whyNotWritable(dir).orElseThrow());
        assertEquals("directory " + dir.resolve("a/b") + " does not exist",
                AtomicFiles.whyNotWritable(dir.resolve("a/b/c.bin")).orElseThrow());
        assertEquals(dir.resolve("old.bin") + " is not a directory",
                AtomicFiles.whyNotWritable(dir.resolve("old.bin/c.bin")).orElseThrow());
        assertEquals("it exists and is not a regular file",
                AtomicFiles.whyNotWritable(Path.of("/dev/null")).orElseThrow());
        assertTrue(AtomicFiles.whyNotWritable(Path.of("/proc/x.bin")).orElseThrow()
                .startsWith("cannot create files in /proc"));
        assertEquals(List.of("old.bin"), names(), "the check leaves nothing behind");
    }
}
