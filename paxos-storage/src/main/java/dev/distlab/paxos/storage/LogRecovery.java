package dev.distlab.paxos.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one log file frame by frame, hands each intact record to a consumer and decides what the first frame that
 * is not intact means.
 *
 * <p>A synced log always ends at a frame boundary and every synced byte is on disk, so only the bytes written
 * after the last completed fsync can be damaged by a crash. They are a <em>torn tail</em>, cut off and logged,
 * in exactly these shapes (the offset is where the first frame that is not intact starts):
 * <ol>
 * <li>fewer bytes than a frame header are left;</li>
 * <li>an intact frame header (its checksum matches) whose payload runs past the end of the file;</li>
 * <li>a damaged frame header or payload that overlaps a 512-byte disk sector whose part from that offset to the
 * end of the file is all zeros: a sector that never reached the disk. This covers zeros from the offset to the
 * end of the file (the file grew but the data never landed) and a payload that ends in zeros reaching the end of
 * the file, and also the page writes a kernel reorders: a later page landed, an earlier one did not.</li>
 * </ol>
 * Anything else — a bad frame-header checksum, a bad payload checksum on a complete frame with no such zero
 * sector, a header that is not {@code DLWAL002} — is corruption: {@link CorruptLogException} names the file and
 * the byte offset, and the replica does not start.
 *
 * <p>The trade-off: with ext4 {@code data=writeback} (or any file system that may persist a file's new size
 * before its data), a crash leaves zeros where unsynced data should be, so zero sectors must be read as "never
 * landed". A record that was synced and later damaged on disk is therefore taken for a torn tail (and cut off
 * together with everything after it) only if the damage itself is a run of zeros covering a whole sector's part
 * of the tail — for example a disk that returns a zeroed sector. Every other damage, including any single
 * flipped byte in a record that has no zero sector, is refused loudly.
 */
final class LogRecovery {

    private static final Logger log = LoggerFactory.getLogger(LogRecovery.class);

    static final int SECTOR_BYTES = 512;

    private final LogFile file;
    private final Path path;
    private final long generation;
    private final long size;

    private LogRecovery(LogFile file, Path path, long generation) throws IOException {
        this.file = file;
        this.path = path;
        this.generation = generation;
        this.size = file.size();
    }

    /**
     * Checks the header, hands every intact record to {@code onRecord}, cuts off a torn tail (truncating and forcing
     * the file) and returns the length of the file that is kept.
     */
    static long recover(LogFile file, Path path, long generation, Consumer<byte[]> onRecord) throws IOException {
        return new LogRecovery(file, path, generation).run(onRecord);
    }

    private long run(Consumer<byte[]> onRecord) throws IOException {
        if (size <= Frames.FILE_HEADER_BYTES && headerNeverLanded()) {
            // the header is forced before any record is appended, so nothing was ever synced in this file
            log.warn("Write-ahead log {}: its header never reached the disk ({} bytes); writing it again", path, size);
            file.truncate(0);
            file.write(Frames.fileHeader(generation), 0);
            file.force();
            return Frames.FILE_HEADER_BYTES;
        }
        checkFileHeader();
        BufferedLogReader reader = new BufferedLogReader(file, Frames.FILE_HEADER_BYTES);
        byte[] header = new byte[Frames.FRAME_HEADER_BYTES];
        long offset = Frames.FILE_HEADER_BYTES;
        while (offset < size) {
            if (size - offset < Frames.FRAME_HEADER_BYTES) {
                return cutTornTail(offset, "a frame header cut short by the end of the file");
            }
            reader.readFully(header);
            ByteBuffer fields = ByteBuffer.wrap(header);
            int length = fields.getInt();
            int payloadCrc = fields.getInt();
            int headerCrc = fields.getInt();
            if (headerCrc != Frames.headerCrc(length, payloadCrc) || length <= 0 || length > Frames.MAX_RECORD_BYTES) {
                if (overlapsSectorThatNeverLanded(offset, offset, offset + Frames.FRAME_HEADER_BYTES)) {
                    return cutTornTail(offset, "a frame header that never reached the disk (zeros)");
                }
                throw new CorruptLogException(path, offset, "frame header checksum mismatch (or impossible length "
                        + length + ")");
            }
            long payloadStart = offset + Frames.FRAME_HEADER_BYTES;
            if (payloadStart + length > size) {
                return cutTornTail(offset, "a record of " + length + " bytes cut short by the end of the file");
            }
            byte[] payload = new byte[length];
            reader.readFully(payload);
            if (Frames.crc(payload, 0, length) != payloadCrc) {
                if (overlapsSectorThatNeverLanded(offset, payloadStart, payloadStart + length)) {
                    return cutTornTail(offset, "a record part of which never reached the disk (zeros)");
                }
                throw new CorruptLogException(path, offset, "record checksum mismatch in a complete frame of "
                        + length + " bytes");
            }
            onRecord.accept(payload);
            offset = payloadStart + length;
        }
        return size;
    }

    /** The file holds only zeros or a proper beginning of its header: its creation was cut short by a crash. */
    private boolean headerNeverLanded() throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate((int) size);
        file.read(bytes, 0);
        byte[] expected = Frames.fileHeader(generation).array();
        boolean prefix = size < Frames.FILE_HEADER_BYTES
                && java.util.Arrays.equals(bytes.array(), 0, (int) size, expected, 0, (int) size);
        return prefix || allZeros(0, size);
    }

    private void checkFileHeader() throws IOException {
        byte[] header = new byte[Frames.FILE_HEADER_BYTES];
        if (size < Frames.FILE_HEADER_BYTES) {
            throw new CorruptLogException(path, 0, "file of " + size + " bytes is shorter than its header");
        }
        file.read(ByteBuffer.wrap(header), 0);
        if (Frames.startsWith(header, Frames.OLD_MAGIC)) {
            throw new UnsupportedLogFormatException(path, "DLWAL001");
        }
        if (!Frames.startsWith(header, Frames.MAGIC)) {
            throw new CorruptLogException(path, 0, "missing or damaged file header (no DLWAL002)");
        }
        long headerGeneration = ByteBuffer.wrap(header, Frames.MAGIC.length, 8).getLong();
        if (headerGeneration != generation) {
            throw new CorruptLogException(path, Frames.MAGIC.length, "the header names generation "
                    + headerGeneration + ", the file name " + generation);
        }
    }

    /**
     * Whether a sector overlapping {@code [from, to)} reads all zeros from {@code tailStart} (or its own start,
     * whichever is later) to its end or the end of the file: a sector of the unsynced tail that never landed.
     */
    private boolean overlapsSectorThatNeverLanded(long tailStart, long from, long to) throws IOException {
        for (long sector = from / SECTOR_BYTES; sector * SECTOR_BYTES < Math.min(to, size); sector++) {
            long start = Math.max(tailStart, sector * SECTOR_BYTES);
            long end = Math.min(size, (sector + 1) * SECTOR_BYTES);
            if (start < end && allZeros(start, end)) {
                return true;
            }
        }
        return false;
    }

    private boolean allZeros(long start, long end) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate((int) (end - start));
        while (bytes.hasRemaining()) {
            if (file.read(bytes, start + bytes.position()) < 0) {
                break;
            }
        }
        for (byte b : bytes.array()) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private long cutTornTail(long offset, String shape) throws IOException {
        log.warn("Write-ahead log {}: cut off a torn tail of {} bytes at offset {} ({}); it was never synced, so "
                + "nothing acknowledged is lost", path, size - offset, offset, shape);
        file.truncate(offset);
        file.force();
        return offset;
    }
}
