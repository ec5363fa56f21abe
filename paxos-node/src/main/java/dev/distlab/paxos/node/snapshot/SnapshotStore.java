package dev.distlab.paxos.node.snapshot;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.distlab.paxos.storage.LogFile;
import dev.distlab.paxos.storage.LogFileSystem;
import dev.distlab.paxos.storage.NioLogFileSystem;

/**
 * State machine snapshots, one file each: {@code snap-<index>.snap} = magic {@code DLSNAP01}, the index, the
 * payload, then the payload's length and CRC32C. A file is written (or fetched) under a temporary name, forced,
 * renamed into place and the directory forced, so a snapshot file that exists is whole; its checksum is
 * checked again as it is read. Files below the one the durable log names are deleted by {@link #pruneBelow}.
 * It runs on a {@link LogFileSystem}, like the log: the real disk, or the simulator's.
 *
 * <p>Thread-safe for what replicas do at once: one thread writes snapshots, fetchers write their own partial
 * files, any thread reads complete ones.
 */
public final class SnapshotStore {

    private static final Logger log = LoggerFactory.getLogger(SnapshotStore.class);
    private static final byte[] MAGIC = { 'D', 'L', 'S', 'N', 'A', 'P', '0', '1' };
    static final int HEADER_BYTES = 16;
    static final int TRAILER_BYTES = 12;
    private static final Pattern NAME = Pattern.compile("snap-(\\d{20})\\.(snap|part)");

    /** Writes a snapshot's payload to a stream. */
    @FunctionalInterface
    public interface PayloadWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private final LogFileSystem fs;
    private final Path dir;

    public SnapshotStore(Path dir) throws IOException {
        this(NioLogFileSystem.INSTANCE, dir.toAbsolutePath());
    }

    public SnapshotStore(LogFileSystem fs, Path dir) throws IOException {
        this.fs = fs;
        this.dir = dir;
        fs.createDirectories(dir);
    }

    /** Writes the snapshot at {@code index} durably and returns its reference; any failure is fatal to the caller. */
    public SnapshotRef write(long index, PayloadWriter payload) throws IOException {
        Path tmp = dir.resolve(name(index, "snap") + ".tmp");
        fs.deleteIfExists(tmp);
        CRC32C crc = new CRC32C();
        long length;
        try (LogFile file = fs.open(tmp, true)) {
            FileOutput raw = new FileOutput(file, 0);
            OutputStream out = new BufferedOutputStream(raw, 256 * 1024);
            out.write(MAGIC);
            out.write(ByteBuffer.allocate(8).putLong(index).array());
            long[] counted = new long[1];
            payload.writeTo(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    crc.update(b);
                    counted[0]++;
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    crc.update(b, off, len);
                    counted[0] += len;
                    out.write(b, off, len);
                }
            });
            length = counted[0];
            out.write(ByteBuffer.allocate(TRAILER_BYTES).putLong(length).putInt((int) crc.getValue()).array());
            out.flush();
            file.force();
        }
        fs.moveAtomically(tmp, file(index));
        fs.forceDirectory(dir);
        return new SnapshotRef(index, HEADER_BYTES + length + TRAILER_BYTES, (int) crc.getValue());
    }

    /** True if the referenced snapshot is here, whole. */
    public boolean has(SnapshotRef ref) {
        try {
            return size(file(ref.index())) == ref.fileBytes();
        } catch (IOException e) {
            return false;
        }
    }

    /** The payload of a snapshot that is here; the stream fails at its end if the checksum does not match. */
    public InputStream open(SnapshotRef ref) throws IOException {
        return payload(file(ref.index()), ref);
    }

    /** Up to {@code max} raw bytes of a snapshot file from {@code offset}; empty past its end. */
    public byte[] readChunk(long index, long offset, int max) throws IOException {
        Path file = file(index);
        if (!fs.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try (LogFile in = fs.open(file, false)) {
            int length = (int) Math.max(0, Math.min(max, in.size() - offset));
            ByteBuffer chunk = ByteBuffer.allocate(length);
            while (chunk.hasRemaining() && in.read(chunk, offset + chunk.position()) >= 0) {
                // read until the chunk is full
            }
            return chunk.array();
        }
    }

    /** Bytes of {@code ref}'s file already fetched (a broken transfer resumes from here). */
    public long partialBytes(SnapshotRef ref) {
        try {
            return size(partial(ref.index()));
        } catch (IOException e) {
            return 0;
        }
    }

    /** Appends a fetched chunk at {@code offset}, which must be where the partial file ends. */
    public void appendChunk(SnapshotRef ref, long offset, byte[] chunk) throws IOException {
        Path partial = partial(ref.index());
        long size = partialBytes(ref);
        if (size != offset) {
            throw new IOException("chunk at " + offset + " does not follow the " + size + " bytes fetched so far");
        }
        try (LogFile file = fs.open(partial, !fs.exists(partial))) {
            file.write(ByteBuffer.wrap(chunk), offset);
        } catch (IOException e) {
            throw new SnapshotDiskException("could not store a chunk of the snapshot at slot " + ref.index(), e);
        }
    }

    /**
     * Completes a fetched snapshot: checks its size, header and checksum against the reference, forces it and
     * renames it into place. A damaged transfer is deleted and refused.
     */
    public void completeFetch(SnapshotRef ref) throws IOException {
        Path partial = partial(ref.index());
        try {
            long size = size(partial);
            if (size != ref.fileBytes()) {
                throw new IOException("fetched " + size + " of " + ref.fileBytes() + " bytes");
            }
            try (InputStream in = payload(partial, ref)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            fs.deleteIfExists(partial);
            throw new IOException("the fetched snapshot at slot " + ref.index() + " is damaged: " + e.getMessage(), e);
        }
        try {
            try (LogFile file = fs.open(partial, false)) {
                file.force();
            }
            fs.moveAtomically(partial, file(ref.index()));
            fs.forceDirectory(dir);
        } catch (IOException e) {
            // the file may now be in place but not durable: nothing may rely on it, so the replica must end
            throw new SnapshotDiskException("could not make the fetched snapshot at slot " + ref.index() + " durable",
                    e);
        }
    }

    /**
     * Deletes the snapshots below {@code named}, the one the durable log names now, and partial transfers up to
     * it, except those of {@code fetching} (a fetcher is still writing them: it ends the transfer itself). Only the
     * owner of the log may say which one that is: a snapshot written (or fetched) but not yet named by a synced
     * record is not the replica's state yet, and the one the log names must outlive it — a crash before the new
     * record is synced restarts from the old one.
     */
    public void pruneBelow(long named, Set<Long> fetching) throws IOException {
        for (Path file : fs.list(dir)) {
            Matcher matcher = NAME.matcher(file.getFileName().toString());
            if (!matcher.matches()) {
                continue;
            }
            long index = Long.parseLong(matcher.group(1));
            boolean whole = matcher.group(2).equals("snap");
            if (whole ? index < named : index <= named && !fetching.contains(index)) {
                fs.deleteIfExists(file);
                log.debug("Deleted {}: the log names the snapshot at slot {}", file.getFileName(), named);
            }
        }
    }

    private long size(Path file) throws IOException {
        if (!fs.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try (LogFile in = fs.open(file, false)) {
            return in.size();
        }
    }

    private InputStream payload(Path file, SnapshotRef ref) throws IOException {
        if (!fs.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        InputStream in = new FileInput(fs.open(file, false));
        byte[] header = in.readNBytes(HEADER_BYTES);
        if (header.length < HEADER_BYTES || !hasMagic(header)
                || ByteBuffer.wrap(header, 8, 8).getLong() != ref.index()) {
            in.close();
            throw new IOException("snapshot file " + file + " has a damaged header");
        }
        return new VerifyingStream(in, file, ref.fileBytes() - HEADER_BYTES - TRAILER_BYTES, ref.crc());
    }

    private Path file(long index) {
        return dir.resolve(name(index, "snap"));
    }

    private Path partial(long index) {
        return dir.resolve(name(index, "part"));
    }

    private static String name(long index, String kind) {
        return String.format("snap-%020d.%s", index, kind);
    }

    private static boolean hasMagic(byte[] header) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (header[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Writes sequentially to a {@link LogFile} from a position. */
    private static final class FileOutput extends OutputStream {
        private final LogFile file;
        private long position;

        FileOutput(LogFile file, long position) {
            this.file = file;
            this.position = position;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            file.write(ByteBuffer.wrap(b, off, len), position);
            position += len;
        }
    }

    /** Reads a {@link LogFile} sequentially from its start; closing the stream closes the file. */
    private static final class FileInput extends InputStream {
        private final LogFile file;
        private long position;

        FileInput(LogFile file) {
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n = file.read(ByteBuffer.wrap(b, off, len), position);
            if (n > 0) {
                position += n;
            }
            return n <= 0 ? -1 : n;
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    /** Passes the payload through, then checks its length and checksum against the trailer and the reference. */
    private static final class VerifyingStream extends FilterInputStream {
        private final Path file;
        private final int expectedCrc;
        private final CRC32C crc = new CRC32C();
        private final long payloadBytes;
        private long remaining;
        private boolean verified;

        VerifyingStream(InputStream in, Path file, long payloadBytes, int expectedCrc) {
            super(in);
            this.file = file;
            this.payloadBytes = payloadBytes;
            this.remaining = payloadBytes;
            this.expectedCrc = expectedCrc;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                verify();
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new IOException("snapshot file " + file + " ends " + remaining + " bytes early");
            }
            crc.update(b, off, n);
            remaining -= n;
            if (remaining == 0) {
                verify();
            }
            return n;
        }

        private void verify() throws IOException {
            if (verified) {
                return;
            }
            byte[] trailer = in.readNBytes(TRAILER_BYTES);
            if (trailer.length != TRAILER_BYTES || in.read() != -1 || ByteBuffer.wrap(trailer).getLong(0) != payloadBytes
                    || ByteBuffer.wrap(trailer).getInt(8) != (int) crc.getValue()
                    || (int) crc.getValue() != expectedCrc) {
                throw new IOException("snapshot file " + file + " fails its checksum");
            }
            verified = true;
        }
    }
}
