package dev.distlab.paxos.storage;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Writes frames to a file through one bounded buffer, so that writing a whole log never holds it in memory. */
final class FrameWriter {

    static final int BUFFER_BYTES = 64 * 1024;

    private final LogFile file;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private long position;

    FrameWriter(LogFile file, long position) {
        this.file = file;
        this.position = position;
    }

    void writeFileHeader(long generation) throws IOException {
        write(Frames.fileHeader(generation));
    }

    void writeFrame(byte[] payload) throws IOException {
        Frames.checkRecordLength(payload.length);
        if (buffer.remaining() < Frames.FRAME_HEADER_BYTES) {
            flush();
        }
        Frames.putFrameHeader(buffer, payload);
        write(ByteBuffer.wrap(payload));
    }

    /** Writes what is buffered; the caller forces the file. Returns the file position after it. */
    long flush() throws IOException {
        buffer.flip();
        if (buffer.hasRemaining()) {
            int bytes = buffer.remaining();
            file.write(buffer, position);
            position += bytes;
        }
        buffer.clear();
        return position;
    }

    private void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            int n = Math.min(buffer.remaining(), bytes.remaining());
            ByteBuffer slice = bytes.slice(bytes.position(), n);
            buffer.put(slice);
            bytes.position(bytes.position() + n);
        }
    }
}
