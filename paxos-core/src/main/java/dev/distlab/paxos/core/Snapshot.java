package dev.distlab.paxos.core;

/** State machine bytes after applying every slot up to and including {@code index}. */
public final class Snapshot {
    public static final Snapshot NONE = new Snapshot(0, new byte[0]);

    private final long index;
    private final byte[] data;

    public Snapshot(long index, byte[] data) {
        this.index = index;
        this.data = data.clone();
    }

    public long index() {
        return index;
    }

    public byte[] data() {
        return data.clone();
    }

    public int size() {
        return data.length;
    }

    @Override
    public String toString() {
        return "Snapshot[" + index + ", " + data.length + " bytes]";
    }
}
