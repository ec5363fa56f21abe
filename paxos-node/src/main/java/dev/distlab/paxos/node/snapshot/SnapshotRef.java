package dev.distlab.paxos.node.snapshot;

import java.nio.ByteBuffer;

/**
 * What the Paxos log and the peer messages carry in place of a snapshot's data: the slot it reflects and the
 * size and checksum of its file. The data itself stays in {@link SnapshotStore} and travels between replicas
 * in chunks, so neither the log, nor a message, nor the heap ever holds a whole snapshot as one array.
 */
public record SnapshotRef(long index, long fileBytes, int crc) {

    private static final int MAGIC = 0x534E5031; // "SNP1"
    private static final int ENCODED_BYTES = 24;

    public byte[] encode() {
        return ByteBuffer.allocate(ENCODED_BYTES).putInt(MAGIC).putLong(index).putLong(fileBytes).putInt(crc).array();
    }

    /** The reference in a core snapshot's data; anything else is a snapshot this version cannot read. */
    public static SnapshotRef decode(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        if (data.length != ENCODED_BYTES || in.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a snapshot reference (" + data.length + " bytes): a data "
                    + "directory or a peer from an older version");
        }
        return new SnapshotRef(in.getLong(), in.getLong(), in.getInt());
    }
}
