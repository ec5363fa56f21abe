package dev.distlab.paxos.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The byte layout of a log file. A 16-byte file header ({@code DLWAL002}, the generation as a long), then
 * frames: a 12-byte frame header {@code int length, int CRC32C(payload), int CRC32C(length, payload CRC)} and the
 * payload. The header checksum lets recovery tell a damaged length from a record cut short by a crash.
 */
final class Frames {

    static final byte[] MAGIC = "DLWAL002".getBytes(StandardCharsets.US_ASCII);
    /** The format before frame headers had a checksum; it is refused, not read. */
    static final byte[] OLD_MAGIC = "DLWAL001".getBytes(StandardCharsets.US_ASCII);
    static final int FILE_HEADER_BYTES = 16;
    static final int FRAME_HEADER_BYTES = 12;
    /** Larger frames are taken as garbage: no record the replica writes comes near this. */
    static final int MAX_RECORD_BYTES = 256 * 1024 * 1024;

    private Frames() {
    }

    static ByteBuffer fileHeader(long generation) {
        return ByteBuffer.allocate(FILE_HEADER_BYTES).put(MAGIC).putLong(generation).flip();
    }

    static void checkRecordLength(int length) {
        if (length <= 0 || length > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("a record must have 1.." + MAX_RECORD_BYTES + " bytes, not " + length);
        }
    }

    /** Puts the frame header of {@code payload} into {@code out}. */
    static void putFrameHeader(ByteBuffer out, byte[] payload) {
        int length = payload.length;
        int payloadCrc = crc(payload, 0, length);
        out.putInt(length).putInt(payloadCrc).putInt(headerCrc(length, payloadCrc));
    }

    static int headerCrc(int length, int payloadCrc) {
        byte[] fields = ByteBuffer.allocate(8).putInt(length).putInt(payloadCrc).array();
        return crc(fields, 0, fields.length);
    }

    static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
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
