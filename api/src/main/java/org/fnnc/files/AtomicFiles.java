package org.fnnc.files;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Writes files so that readers (and a crash) see either the old content or the complete new content, never a
 * torn file: weights, checkpoints, generated sources.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Temporary files this JVM is writing now: cleaning up skips them without opening them (see below). */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    /**
     * Writes {@code target} with {@code body}: into a temporary file in the same directory, which is flushed,
     * forced to disk, then renamed over the target in one atomic step; the directory is then forced too (where
     * the platform allows). If anything fails, the temporary file is deleted and the old target, if any, is
     * left as it was. The stream passed to {@code body} is buffered; closing it is allowed but not needed.
     *
     * <p>A process killed mid-write ({@code kill -9}, power loss) cannot delete its temporary file: it stays as
     * {@code .<target name>.<random hex>.tmp} beside the target. The next write of the same target removes
     * such leftovers ({@link #deleteStaleTemporaries(Path)}); a write in progress holds a lock on its
     * temporary file, so no cleanup, in this process or another, ever removes it.
     */
    public static void write(Path target, IOConsumer<? super OutputStream> body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        deleteStaleTemporaries(absolute);
        boolean moved = false;
        Path temp = null;
        try (Temp t = Temp.create(dir, absolute.getFileName().toString())) {
            temp = t.path;
            FileChannel channel = t.channel;
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
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved && temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException suppressed) {
                    // the original failure is what matters; the next write removes a stray .tmp file
                }
            }
        }
        forceDirectory(dir);
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Why {@link #write} could not write {@code target}, or empty if it can: checked before long work so that
     * a bad output path fails in the first second, not after it. The reasons name paths as given, e.g.
     * "directory out/run1 does not exist", "it is a directory", "cannot create files in /data (permission
     * denied)". Creating a file is tried for real (and undone), since permission bits do not tell (root,
     * read-only mounts, ACLs).
     */
    public static Optional<String> whyNotWritable(Path target) {
        if (Files.isDirectory(target)) {
            return Optional.of("it is a directory");
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            return Optional.of("it exists and is not a regular file");
        }
        Path dir = target.toAbsolutePath().getParent();
        Path shown = target.getParent() != null ? target.getParent() : dir;
        if (!Files.exists(dir)) {
            return Optional.of("directory " + shown + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            return Optional.of(shown + " is not a directory");
        }
        try (Temp t = Temp.create(dir, target.getFileName().toString())) {
            Files.delete(t.path);
        } catch (IOException e) {
            return Optional.of("cannot create files in " + shown + " (" + reason(e) + ")");
        }
        return Optional.empty();
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "the file system refuses new files";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Deletes the temporary files that killed writes of {@code target} left beside it
     * ({@code .<target name>.<hex>.tmp}, nothing else); a missing directory has none. A temporary file whose
     * write is still running, in this process or another, is locked by it and kept. {@link #write} calls this
     * first, so leftovers do not pile up.
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
                if (ours.matcher(temp.getFileName().toString()).matches() && deleteIfAbandoned(temp)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /** Deletes {@code temp} unless a running write holds its lock. */
    private static boolean deleteIfAbandoned(Path temp) throws IOException {
        if (WRITING.contains(temp)) {
            // ours and running; opening and closing it here could drop the writer's POSIX lock
            return false;
        }
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock == null) {
                return false; // another process is writing it
            }
            return Files.deleteIfExists(temp);
        } catch (NoSuchFileException gone) {
            return false;
        } catch (OverlappingFileLockException | IOException unlockable) {
            return false; // no locks on this file system, or a race with another cleanup: keep it
        }
    }

    /**
     * A new temporary file beside the target, open for writing and locked: a lock is released by the
     * operating system when its process dies, so an unlocked temporary file is one a killed write left.
     */
    private static final class Temp implements AutoCloseable {
        final Path path;
        final FileChannel channel;

        private Temp(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }

        static Temp create(Path dir, String name) throws IOException {
            // Not Files.createTempFile: that makes the file owner-only, and the target should get normal permissions.
            for (int attempt = 0; ; attempt++) {
                Path temp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                        + ".tmp");
                FileChannel channel;
                try {
                    channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    if (attempt > 100) {
                        throw e;
                    }
                    continue;
                }
                WRITING.add(temp);
                try {
                    channel.lock();
                } catch (IOException | UnsupportedOperationException noLocks) {
                    // file systems without locks: the file is still ours; cleanup cannot tell and keeps it
                }
                if (Files.exists(temp)) {
                    return new Temp(temp, channel);
                }
                // another process's cleanup took it between creation and lock: try another name
                WRITING.remove(temp);
                channel.close();
                if (attempt > 100) {
                    throw new IOException("cannot keep a temporary file in " + dir);
                }
            }
        }

        @Override
        public void close() throws IOException {
            try {
                channel.close(); // releases the lock
            } finally {
                WRITING.remove(path);
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
