package dev.distlab.paxos.node.snapshot;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State machine snapshots, one file each: {@code snap-<index>.snap} = magic {@code DLSNAP01}, the index, the
 * payload, then the payload's length and CRC32C. A file is written (or fetched) under a temporary name, forced,
 * renamed into place and the directory forced, so a snapshot file that exists is whole; its checksum is
 * checked again as it is read. Files below the one the durable log names are deleted by {@link #pruneBelow}.
 *
 * <p>Thread-safe for what replicas do at once: one thread writes snapshots, fetchers write their own partial
 * files, any thread reads complete ones.
 */
public final class SnapshotStore {

    private static final Logger log = LoggerFactory.getLogger(SnapshotStore.class);
    private static final byte[] MAGIC = { 'D', 'L', 'S', 'N', 'A', 'P', '0', '1' };
    static final int HEADER_BYTES = 16;
    static final int TRAILER_BYTES = 12;
    private static final Pattern NAME = Pattern.compile("snap-(\\d{20})\\.snap");

    /** Writes a snapshot's payload to a stream. */
    @FunctionalInterface
    public interface PayloadWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path dir;

    public SnapshotStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        forceDirectory(dir.getParent());
    }

    /** Writes the snapshot at {@code index} durably and returns its reference. */
    public SnapshotRef write(long index, PayloadWriter payload) throws IOException {
        Path tmp = dir.resolve(name(index) + ".tmp");
        CRC32C crc = new CRC32C();
        long[] length = new long[1];
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream file = new BufferedOutputStream(Channels.newOutputStream(channel), 256 * 1024);
            file.write(MAGIC);
            file.write(ByteBuffer.allocate(8).putLong(index).array());
            OutputStream counted = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    crc.update(b);
                    length[0]++;
                    file.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    crc.update(b, off, len);
                    length[0] += len;
                    file.write(b, off, len);
                }
            };
            payload.writeTo(counted);
            file.write(ByteBuffer.allocate(TRAILER_BYTES).putLong(length[0]).putInt((int) crc.getValue()).array());
            file.flush();
            channel.force(true);
        }
        Files.move(tmp, file(index), StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(dir);
        return new SnapshotRef(index, HEADER_BYTES + length[0] + TRAILER_BYTES, (int) crc.getValue());
    }

    /** True if the referenced snapshot is here, whole. */
    public boolean has(SnapshotRef ref) {
        try {
            return Files.size(file(ref.index())) == ref.fileBytes();
        } catch (IOException e) {
            return false;
        }
    }

    /** The payload of a snapshot that is here; the stream fails at its end if the checksum does not match. */
    public InputStream open(SnapshotRef ref) throws IOException {
        return payload(file(ref.index()), ref);
    }

    private static InputStream payload(Path file, SnapshotRef ref) throws IOException {
        InputStream in = Files.newInputStream(file);
        byte[] header = in.readNBytes(HEADER_BYTES);
        if (header.length < HEADER_BYTES || !hasMagic(header)
                || ByteBuffer.wrap(header, 8, 8).getLong() != ref.index()) {
            in.close();
            throw new IOException("snapshot file " + file + " has a damaged header");
        }
        return new VerifyingStream(in, file, ref.fileBytes() - HEADER_BYTES - TRAILER_BYTES, ref.crc());
    }

    /** Up to {@code max} raw bytes of a snapshot file from {@code offset}; empty past its end. */
    public byte[] readChunk(long index, long offset, int max) throws IOException {
        try (FileChannel channel = FileChannel.open(file(index), StandardOpenOption.READ)) {
            long size = channel.size();
            int length = (int) Math.max(0, Math.min(max, size - offset));
            ByteBuffer chunk = ByteBuffer.allocate(length);
            while (chunk.hasRemaining() && channel.read(chunk, offset + chunk.position()) >= 0) {
                // read until the chunk is full
            }
            return chunk.array();
        }
    }

    /** Bytes of {@code ref}'s file already fetched (a broken transfer resumes from here). */
    public long partialBytes(SnapshotRef ref) {
        try {
            return Files.size(partial(ref.index()));
        } catch (IOException e) {
            return 0;
        }
    }

    /** Appends a fetched chunk at {@code offset}, which must be where the partial file ends. */
    public void appendChunk(SnapshotRef ref, long offset, byte[] chunk) throws IOException {
        try (FileChannel channel = FileChannel.open(partial(ref.index()), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            if (channel.size() != offset) {
                throw new IOException("chunk at " + offset + " does not follow the " + channel.size()
                        + " bytes fetched so far");
            }
            ByteBuffer buffer = ByteBuffer.wrap(chunk);
            long at = offset;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
        }
    }

    /**
     * Completes a fetched snapshot: checks its size, header and checksum against the reference, forces it and
     * renames it into place. A damaged transfer is deleted and refused.
     */
    public void completeFetch(SnapshotRef ref) throws IOException {
        Path partial = partial(ref.index());
        try {
            if (Files.size(partial) != ref.fileBytes()) {
                throw new IOException("fetched " + Files.size(partial) + " of " + ref.fileBytes() + " bytes");
            }
            try (InputStream in = payload(partial, ref)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw new IOException("the fetched snapshot at slot " + ref.index() + " is damaged: " + e.getMessage(), e);
        }
        Files.move(partial, file(ref.index()), StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(dir);
    }

    /**
     * Deletes the snapshots below {@code named}, the one the durable log names now, and partial transfers up to
     * it. Only the owner of the log may say which one that is: a snapshot written (or fetched) but not yet named
     * by a synced record is not the replica's state yet, and the one the log names must outlive it — a crash
     * before the new record is synced restarts from the old one.
     */
    public void pruneBelow(long named) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Matcher matcher = NAME.matcher(name.replace(".part", ".snap"));
                if (!matcher.matches()) {
                    continue;
                }
                long index = Long.parseLong(matcher.group(1));
                if (name.endsWith(".snap") && index < named || name.endsWith(".part") && index <= named) {
                    Files.deleteIfExists(file);
                    log.debug("Deleted {}: the log names the snapshot at slot {}", name, named);
                }
            }
        }
    }

    private Path file(long index) {
        return dir.resolve(name(index));
    }

    private Path partial(long index) {
        return dir.resolve(name(index).replace(".snap", ".part"));
    }

    private static String name(long index) {
        return String.format("snap-%020d.snap", index);
    }

    private static boolean hasMagic(byte[] header) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (header[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static void forceDirectory(Path directory) throws IOException {
        if (directory == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
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
