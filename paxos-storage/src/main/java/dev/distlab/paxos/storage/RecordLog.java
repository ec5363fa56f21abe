package dev.distlab.paxos.storage;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of opaque records in one directory, for state that must survive a crash.
 *
 * <p>File {@code wal-<generation>.log}: a 16-byte header (magic {@code DLWAL001}, generation), then frames of
 * {@code int length, int CRC32C(payload), payload}. {@link #append} only buffers; {@link #sync} writes the
 * buffer and forces it to disk, so many appends share one fsync (group commit). Nothing appended is durable
 * before {@code sync} returns.
 *
 * <p>On {@link #open}, a torn tail — a frame cut short by a crash, or zeros where the file grew but the data
 * never landed — is cut off and logged: it was never synced, so nothing acknowledged is lost. A bad frame
 * followed by good data cannot come from a crash during an append; that is corruption, and opening fails
 * rather than silently dropping records that were acknowledged.
 *
 * <p>{@link #rewrite} replaces the whole log (compaction) crash-safely: the new generation is written to a
 * temporary file, forced, renamed into place and the directory forced, before older generations are deleted.
 * Not thread-safe: one owner drives it.
 */
public final class RecordLog implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(RecordLog.class);

    static final byte[] MAGIC = { 'D', 'L', 'W', 'A', 'L', '0', '0', '1' };
    static final int HEADER_BYTES = 16;
    static final int FRAME_HEADER_BYTES = 8;
    /** Larger frames are taken as garbage: no record the replica writes comes near this. */
    static final int MAX_RECORD_BYTES = 256 * 1024 * 1024;

    private static final Pattern FILE_NAME = Pattern.compile("wal-(\\d{20})\\.log");

    private final Path dir;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private FileChannel channel;
    private long generation;
    private List<byte[]> recovered;

    private RecordLog(Path dir) {
        this.dir = dir;
    }

    /** Opens (or creates) the log in {@code dir}, reading every intact record and cutting off a torn tail. */
    public static RecordLog open(Path dir) throws IOException {
        Files.createDirectories(dir);
        RecordLog recordLog = new RecordLog(dir);
        recordLog.recover();
        return recordLog;
    }

    /** The records found when the log was opened, oldest first. */
    public List<byte[]> recoveredRecords() {
        return recovered;
    }

    /** Buffers one record; durable only after the next {@link #sync}. */
    public void append(byte[] payload) {
        if (payload.length == 0 || payload.length > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("a record must have 1.." + MAX_RECORD_BYTES + " bytes, not "
                    + payload.length);
        }
        ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER_BYTES);
        header.putInt(payload.length).putInt(crc(payload, 0, payload.length));
        pending.writeBytes(header.array());
        pending.writeBytes(payload);
    }

    /** Writes what was appended since the last sync and forces it to disk. */
    public void sync() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(pending.toByteArray());
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        pending.reset();
        channel.force(false);
    }

    /** Size of the current generation on disk, for deciding when to compact. */
    public long sizeBytes() throws IOException {
        return channel.size();
    }

    public long generation() {
        return generation;
    }

    /**
     * Replaces the log with exactly these records, atomically: after a crash at any point the log is
     * either the old one (with everything synced before this call) or the new one.
     */
    public void rewrite(List<byte[]> records) throws IOException {
        sync();
        long next = generation + 1;
        Path tmp = dir.resolve(fileName(next) + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, header(next));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (byte[] record : records) {
                ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER_BYTES);
                frame.putInt(record.length).putInt(crc(record, 0, record.length));
                body.writeBytes(frame.array());
                body.writeBytes(record);
            }
            writeFully(out, ByteBuffer.wrap(body.toByteArray()));
            out.force(true);
        }
        Path target = dir.resolve(fileName(next));
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory();
        channel.close();
        Path old = dir.resolve(fileName(generation));
        generation = next;
        channel = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.READ);
        channel.position(channel.size());
        Files.deleteIfExists(old);
    }

    @Override
    public void close() throws IOException {
        if (channel != null && channel.isOpen()) {
            try {
                sync();
            } finally {
                channel.close();
            }
        }
    }

    private void recover() throws IOException {
        List<Long> generations = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".log.tmp")) {
                    // a rewrite that did not finish: the previous generation is still the log
                    Files.delete(file);
                    continue;
                }
                Matcher matcher = FILE_NAME.matcher(name);
                if (matcher.matches()) {
                    generations.add(Long.parseLong(matcher.group(1)));
                }
            }
        }
        generations.sort(null);
        if (generations.isEmpty()) {
            generation = 1;
            Path file = dir.resolve(fileName(generation));
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeFully(out, header(generation));
                out.force(true);
            }
            forceDirectory();
            recovered = List.of();
        } else {
            generation = generations.get(generations.size() - 1);
            // a crash between renaming a new generation into place and deleting the old one leaves both
            for (long older : generations.subList(0, generations.size() - 1)) {
                Files.deleteIfExists(dir.resolve(fileName(older)));
            }
        }
        Path file = dir.resolve(fileName(generation));
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        if (recovered == null) {
            recovered = readAndRepair(file);
        }
        channel.position(channel.size());
    }

    private List<byte[]> readAndRepair(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer data = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER_BYTES || !hasMagic(bytes)) {
            throw new CorruptLogException(file, 0, "missing or damaged header");
        }
        data.position(MAGIC.length);
        long headerGeneration = data.getLong();
        if (headerGeneration != generation) {
            throw new CorruptLogException(file, 0, "header names generation " + headerGeneration);
        }
        List<byte[]> records = new ArrayList<>();
        int offset = HEADER_BYTES;
        while (offset < bytes.length) {
            String problem = frameProblem(bytes, offset);
            if (problem != null) {
                if (!isTornTail(bytes, offset)) {
                    throw new CorruptLogException(file, offset, problem + ", followed by more data");
                }
                log.warn("Write-ahead log {}: cut off a torn tail of {} bytes at offset {} ({}); it was never "
                        + "synced, so nothing acknowledged is lost", file, bytes.length - offset, offset, problem);
                channel.truncate(offset);
                channel.force(true);
                break;
            }
            int length = ByteBuffer.wrap(bytes, offset, 4).getInt();
            byte[] payload = new byte[length];
            System.arraycopy(bytes, offset + FRAME_HEADER_BYTES, payload, 0, length);
            records.add(payload);
            offset += FRAME_HEADER_BYTES + length;
        }
        return records;
    }

    /** Why the frame at {@code offset} is not intact, or null if it is. */
    private static String frameProblem(byte[] bytes, int offset) {
        if (bytes.length - offset < FRAME_HEADER_BYTES) {
            return "frame header cut short";
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, offset, FRAME_HEADER_BYTES);
        int length = header.getInt();
        int expectedCrc = header.getInt();
        if (length <= 0 || length > MAX_RECORD_BYTES) {
            return "impossible record length " + length;
        }
        if ((long) offset + FRAME_HEADER_BYTES + length > bytes.length) {
            return "record cut short";
        }
        if (crc(bytes, offset + FRAME_HEADER_BYTES, length) != expectedCrc) {
            return "checksum mismatch";
        }
        return null;
    }

    /**
     * A crash while appending leaves at most the last write incomplete: a frame running past the end of the
     * file, or zeros where the file grew but the data never landed. Anything else is corruption.
     */
    private static boolean isTornTail(byte[] bytes, int offset) {
        if (bytes.length - offset >= FRAME_HEADER_BYTES) {
            int length = ByteBuffer.wrap(bytes, offset, 4).getInt();
            if (length > 0 && length <= MAX_RECORD_BYTES
                    && (long) offset + FRAME_HEADER_BYTES + length >= bytes.length) {
                return true;
            }
        } else {
            return true;
        }
        for (int i = offset; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasMagic(byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static ByteBuffer header(long generation) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.put(MAGIC).putLong(generation).flip();
        return header;
    }

    private void forceDirectory() throws IOException {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory for reading; the rename is still atomic there
            log.debug("Could not force directory {}: {}", dir, e.toString());
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    static String fileName(long generation) {
        return String.format("wal-%020d.log", generation);
    }
}
