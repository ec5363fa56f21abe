package dev.distlab.paxos.storage;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Reads a file front to back through one bounded buffer, so that recovery never holds the whole log. */
final class BufferedLogReader {

    static final int BUFFER_BYTES = 64 * 1024;

    private final LogFile file;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    /** File offset of the first byte after what the buffer holds. */
    private long filePosition;

    BufferedLogReader(LogFile file, long position) {
        this.file = file;
        this.filePosition = position;
        buffer.limit(0);
    }

    void readFully(byte[] dst) throws IOException {
        int done = 0;
        while (done < dst.length) {
            if (!buffer.hasRemaining()) {
                if (dst.length - done >= BUFFER_BYTES) {
                    // a large record goes straight into its own array, not through the buffer
                    ByteBuffer direct = ByteBuffer.wrap(dst, done, dst.length - done);
                    readInto(direct);
                    done = dst.length;
                    continue;
                }
                buffer.clear();
                readInto(buffer);
                buffer.flip();
            }
            int n = Math.min(buffer.remaining(), dst.length - done);
            buffer.get(dst, done, n);
            done += n;
        }
    }

    private void readInto(ByteBuffer target) throws IOException {
        int n = file.read(target, filePosition);
        if (n < 0) {
            throw new EOFException("unexpected end of file at offset " + filePosition);
        }
        filePosition += n;
    }
}
