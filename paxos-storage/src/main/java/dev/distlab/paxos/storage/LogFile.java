package dev.distlab.paxos.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** An open file of the log: positional reads and writes, and {@link #force} to make written bytes durable. */
public interface LogFile extends Closeable {

    /** Reads into {@code dst} from {@code position}; returns the bytes read, or -1 at the end of the file. */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Writes all of {@code src} at {@code position}; the bytes are durable only after {@link #force}. */
    void write(ByteBuffer src, long position) throws IOException;

    long size() throws IOException;

    void truncate(long size) throws IOException;

    /** Forces the file's data (and the size) to disk; throws if the disk did not confirm it. */
    void force() throws IOException;
}
