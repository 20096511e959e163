package dev.wasmdbg.symbolserver;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Unpacks an uploaded .zip or .tar.gz into its files, in memory. Archives are hostile until read:
 * every entry name is checked (no absolute paths, no "..": zip-slip), and entry count and unpacked
 * bytes are bounded whatever the archive claims (zip bombs).
 */
final class Bundles {
    /**
     * One file of a bundle: its path inside the archive, its kind, and its bytes (empty for a file
     * that is neither a module nor a source map: those are read through, never kept).
     */
    record Entry(String name, FileKind kind, byte[] data) {
        static Entry of(String name, byte[] data) {
            return new Entry(name, FileKind.of(data), data);
        }

        String baseName() {
            return name.substring(name.lastIndexOf('/') + 1);
        }
    }

    private final int maxEntries;
    private final long maxUnpackedBytes;

    Bundles(int maxEntries, long maxUnpackedBytes) {
        this.maxEntries = maxEntries;
        this.maxUnpackedBytes = maxUnpackedBytes;
    }

    List<Entry> unpack(byte[] archive, FileKind kind) {
        try {
            return switch (kind) {
                case ZIP -> unzip(archive);
                case TAR_GZ -> untar(archive);
                default -> throw new IllegalArgumentException(kind + " is not an archive");
            };
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw new ApiException(400, "corrupt " + kind.description() + ": " + oneLine(e));
        }
    }

    private List<Entry> unzip(byte[] archive) throws IOException {
        List<Entry> entries = new ArrayList<>();
        long[] total = {0};
        try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(archive)).get()) {
            for (Enumeration<ZipArchiveEntry> e = zip.getEntriesInPhysicalOrder(); e.hasMoreElements(); ) {
                ZipArchiveEntry entry = e.nextElement();
                String name = checkedName(entry);
                if (name == null) {
                    continue;
                }
                // Stored and deflate only: Commons Compress would reach for optional libraries
                // (zstd, xz) that are not here for the other methods.
                int method = entry.getMethod();
                if (method != ZipArchiveEntry.STORED && method != ZipArchiveEntry.DEFLATED) {
                    throw new ApiException(400, "zip entry '" + printable(name) + "' uses compression method "
                            + method + "; only stored (0) and deflate (8) are read");
                }
                if (!zip.canReadEntryData(entry)) {
                    throw new ApiException(400, "zip entry '" + name + "' uses a compression method or"
                            + " encryption this service cannot read");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    entries.add(read(name, in, entry.getSize(), total));
                }
                checkCount(entries);
            }
        }
        return done(entries);
    }

    private List<Entry> untar(byte[] archive) throws IOException {
        List<Entry> entries = new ArrayList<>();
        long[] total = {0};
        // The whole decompressed stream is bounded too: tar headers (pax, long names) are read
        // outside the entries' data.
        InputStream gunzipped = new Limited(new GzipCompressorInputStream(new ByteArrayInputStream(archive)),
                maxUnpackedBytes + (1 << 20));
        try (ArchiveInputStream<?> tar = new TarArchiveInputStream(gunzipped)) {
            for (ArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                String name = checkedName(entry);
                if (name == null) {
                    continue;
                }
                entries.add(read(name, tar, entry.getSize(), total));
                checkCount(entries);
            }
        }
        return done(entries);
    }

    /** The entry's name if it is a file to read, null for directories; a hostile name is refused. */
    private static String checkedName(ArchiveEntry entry) {
        String name = entry.getName();
        if (entry.isDirectory()) {
            return null;
        }
        if (name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.contains("\0")
                || name.matches("^[A-Za-z]:.*")) {
            throw new ApiException(400, "archive entry '" + printable(name) + "' has an absolute or empty path");
        }
        for (String part : name.split("[/\\\\]")) {
            if (part.equals("..")) {
                throw new ApiException(400, "archive entry '" + printable(name)
                        + "' climbs out of the archive ('..'): refused");
            }
        }
        if (name.endsWith("/")) {
            return null;
        }
        return name.replace('\\', '/');
    }

    /**
     * Reads one entry: its first bytes tell its kind; a module or source map is kept (presized
     * from the size the archive declares, within what is left of the bound), anything else is
     * read through and dropped. Every byte counts toward the unpacked bound.
     */
    private Entry read(String name, InputStream in, long declaredSize, long[] total) throws IOException {
        byte[] head = in.readNBytes(64);
        count(head.length, total);
        FileKind kind = FileKind.of(head);
        boolean keep = kind == FileKind.WASM || kind == FileKind.SOURCE_MAP;
        long room = maxUnpackedBytes - total[0];
        int initial = (int) Math.max(head.length, Math.min(Math.max(declaredSize, 0), Math.min(room, 1 << 30)));
        ByteArrayOutputStream out = new ByteArrayOutputStream(keep ? initial : 0);
        if (keep) {
            out.write(head);
        }
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            count(n, total);
            if (keep) {
                out.write(buffer, 0, n);
            }
        }
        return new Entry(name, kind, keep ? out.toByteArray() : new byte[0]);
    }

    private void count(int n, long[] total) {
        total[0] += n;
        if (total[0] > maxUnpackedBytes) {
            throw new ApiException(413, "the archive unpacks to more than " + maxUnpackedBytes + " bytes");
        }
    }

    private void checkCount(List<Entry> entries) {
        if (entries.size() > maxEntries) {
            throw new ApiException(413, "the archive holds more than " + maxEntries + " files");
        }
    }

    private static List<Entry> done(List<Entry> entries) {
        if (entries.isEmpty()) {
            throw new ApiException(400, "the archive holds no files");
        }
        return entries;
    }

    private static String printable(String name) {
        String shown = name.replaceAll("[^\\x20-\\x7e]", "?");
        return shown.length() > 200 ? shown.substring(0, 200) + "..." : shown;
    }

    /** Reads at most {@code limit} bytes from a stream, then refuses with 413. */
    private static final class Limited extends FilterInputStream {
        private long left;
        private final long limit;

        Limited(InputStream in, long limit) {
            super(in);
            this.left = limit;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                left -= n;
                if (left < 0) {
                    throw new ApiException(413, "the archive unpacks to more than " + limit + " bytes");
                }
            }
            return n;
        }
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ");
    }
}
