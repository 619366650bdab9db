package org.fnnc.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Writes files so that readers (and a crash) see either the old content or the complete new content, never a
 * torn file: weights, checkpoints, generated sources.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Writes {@code target} with {@code body}: into a temporary file in the same directory, which is flushed,
     * forced to disk, then renamed over the target in one atomic step; the directory is then forced too (where
     * the platform allows). If anything fails, the temporary file is deleted and the old target, if any, is
     * left as it was. The stream passed to {@code body} is buffered; closing it is allowed but not needed.
     *
     * <p>A process killed mid-write ({@code kill -9}, power loss) cannot delete its temporary file: it stays as
     * {@code .<target name>.<random hex>.tmp} beside the target, at most one per killed write. fnnc never reads
     * such files; they are safe to delete when no write to that target is running
     * ({@code CrashSafetyTest} counts them), e.g. with {@link #deleteStaleTemporaries(Path)}.
     */
    public static void write(Path target, IOConsumer<? super OutputStream> body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = createTemp(dir, absolute.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(new FilterOutputStream(Channels.newOutputStream(channel)) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len); // FilterOutputStream would write byte by byte
                    }

                    @Override
                    public void close() throws IOException {
                        flush(); // the channel stays open until it has been forced
                    }
                }, 1 << 16);
                body.accept(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            forceDirectory(dir);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException suppressed) {
                    // the original failure is what matters; a stray .tmp file is harmless
                }
            }
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Deletes the temporary files that killed writes of {@code target} left beside it
     * ({@code .<target name>.<hex>.tmp}, nothing else); a missing directory has none. Call it only when no
     * write to {@code target} is running: a running write's temporary file looks the same.
     *
     * @return how many were deleted
     */
    public static int deleteStaleTemporaries(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Pattern ours = Pattern.compile(Pattern.quote("." + absolute.getFileName() + ".") + "[0-9a-f]{1,16}\\.tmp");
        int deleted = 0;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, "*.tmp")) {
            for (Path temp : temps) {
                if (ours.matcher(temp.getFileName().toString()).matches() && Files.deleteIfExists(temp)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        // Not Files.createTempFile: that makes the file owner-only, and the target should get normal permissions.
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** Makes the rename durable; some platforms (Windows) cannot open a directory, which is fine there. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported on this platform or file system
        }
    }
}
