package dev.distlab.paxos.storage;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An append-only log of opaque records in one directory, for state that must survive a crash.
 *
 * <p>File {@code wal-<generation>.log} in the layout of {@link Frames} ({@code DLWAL002}: every frame header has
 * its own checksum). {@link #append} only buffers; {@link #sync} writes the buffer and forces it to disk, so many
 * appends share one fsync (group commit). Nothing appended is durable before {@code sync} returns, and once a
 * write or fsync has failed the log refuses every further append, sync and rewrite: the kernel may have dropped
 * the pages it could not write, so a later fsync that succeeds proves nothing about them.
 *
 * <p>{@link #open} streams the file frame by frame through a bounded buffer and hands each record to a consumer;
 * a torn tail is cut off and anything a crash cannot explain is refused (see {@link LogRecovery}). A log in the
 * old {@code DLWAL001} format is refused with {@link UnsupportedLogFormatException}.
 *
 * <p>{@link #rewrite} replaces the whole log (compaction) crash-safely and streams the records through a bounded
 * buffer: the new generation is written to a temporary file, forced, renamed into place and the directory
 * forced, before older generations are deleted. Every directory fsync is checked. Not thread-safe: one owner
 * drives it.
 */
public final class RecordLog implements Closeable {

    static final int HEADER_BYTES = Frames.FILE_HEADER_BYTES;
    static final int FRAME_HEADER_BYTES = Frames.FRAME_HEADER_BYTES;

    private static final Pattern FILE_NAME = Pattern.compile("wal-(\\d{20})\\.log");

    private final LogFileSystem fs;
    private final Path dir;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private LogFile file;
    private long end;
    private long generation;
    private IOException failure;

    private RecordLog(LogFileSystem fs, Path dir) {
        this.fs = fs;
        this.dir = dir;
    }

    /** Opens (or creates) the log in {@code dir} on the real disk; see {@link #open(LogFileSystem, Path, Consumer)}. */
    public static RecordLog open(Path dir, Consumer<byte[]> onRecord) throws IOException {
        return open(NioLogFileSystem.INSTANCE, dir.toAbsolutePath(), onRecord);
    }

    /**
     * Opens (or creates) the log in {@code dir}, handing every intact record to {@code onRecord}, oldest first, as
     * it is read, and cutting off a torn tail.
     */
    public static RecordLog open(LogFileSystem fs, Path dir, Consumer<byte[]> onRecord) throws IOException {
        fs.createDirectories(dir);
        RecordLog recordLog = new RecordLog(fs, dir);
        recordLog.recover(onRecord);
        return recordLog;
    }

    /** Buffers one record; durable only after the next {@link #sync}. */
    public void append(byte[] payload) {
        Frames.checkRecordLength(payload.length);
        ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER_BYTES);
        Frames.putFrameHeader(header, payload);
        pending.writeBytes(header.array());
        pending.writeBytes(payload);
    }

    /** Writes what was appended since the last sync and forces it to disk; throws if the disk did not confirm. */
    public void sync() throws IOException {
        requireHealthy();
        if (pending.size() == 0) {
            return;
        }
        try {
            file.write(ByteBuffer.wrap(pending.toByteArray()), end);
            end += pending.size();
            pending.reset();
            file.force();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /** Size of the current generation on disk (what was synced), for deciding when to compact. */
    public long sizeBytes() {
        return end;
    }

    public long generation() {
        return generation;
    }

    /**
     * Replaces the log with exactly these records, atomically: after a crash at any point the log is either the
     * old one (with everything synced before this call) or the new one. The records are written as the iterable
     * yields them, through a bounded buffer.
     */
    public void rewrite(Iterable<byte[]> records) throws IOException {
        sync();
        try {
            long next = generation + 1;
            Path tmp = dir.resolve(Frames.fileName(next) + ".tmp");
            fs.deleteIfExists(tmp);
            try (LogFile out = fs.open(tmp, true)) {
                FrameWriter writer = new FrameWriter(out, 0);
                writer.writeFileHeader(next);
                for (byte[] record : records) {
                    writer.writeFrame(record);
                }
                writer.flush();
                out.force();
            }
            Path target = dir.resolve(Frames.fileName(next));
            fs.moveAtomically(tmp, target);
            fs.forceDirectory(dir);
            file.close();
            Path old = dir.resolve(Frames.fileName(generation));
            generation = next;
            file = fs.open(target, false);
            end = file.size();
            // if this delete is lost in a crash, the next open deletes the older generation again
            fs.deleteIfExists(old);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (file == null) {
            return;
        }
        try {
            if (failure == null) {
                sync();
            }
        } finally {
            file.close();
            file = null;
        }
    }

    private void requireHealthy() throws IOException {
        if (failure != null) {
            throw new IOException("The write-ahead log in " + dir + " failed earlier and accepts nothing more: "
                    + "what was not synced may never reach the disk. Restart the replica", failure);
        }
        if (file == null) {
            throw new IOException("The write-ahead log in " + dir + " is closed");
        }
    }

    private IOException fail(IOException e) {
        failure = e;
        return e;
    }

    private void recover(Consumer<byte[]> onRecord) throws IOException {
        List<Long> generations = new ArrayList<>();
        for (Path path : fs.list(dir)) {
            String name = path.getFileName().toString();
            if (name.endsWith(".log.tmp")) {
                // a rewrite that did not finish: the previous generation is still the log
                fs.deleteIfExists(path);
                continue;
            }
            Matcher matcher = FILE_NAME.matcher(name);
            if (matcher.matches()) {
                generations.add(Long.parseLong(matcher.group(1)));
            }
        }
        generations.sort(null);
        if (generations.isEmpty()) {
            generation = 1;
            Path path = dir.resolve(Frames.fileName(generation));
            file = fs.open(path, true);
            file.write(Frames.fileHeader(generation), 0);
            file.force();
            fs.forceDirectory(dir);
            end = HEADER_BYTES;
            return;
        }
        generation = generations.get(generations.size() - 1);
        // a crash between renaming a new generation into place and deleting the old one leaves both
        for (long older : generations.subList(0, generations.size() - 1)) {
            fs.deleteIfExists(dir.resolve(Frames.fileName(older)));
        }
        Path path = dir.resolve(Frames.fileName(generation));
        file = fs.open(path, false);
        try {
            end = LogRecovery.recover(file, path, generation, onRecord);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    static String fileName(long generation) {
        return Frames.fileName(generation);
    }
}
