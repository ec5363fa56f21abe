package dev.distlab.paxos.storage.sim;

import java.util.Arrays;
import java.util.BitSet;

/**
 * One file's bytes as the program sees them ({@link #live}) and as they are on the simulated disk
 * ({@link #durable}): only a successful force copies the first into the second.
 */
final class SimulatedFile {

    static final int PAGE_BYTES = 4096;

    byte[] live = new byte[0];
    byte[] durable = new byte[0];
    /**
     * Pages whose fsync failed: like Linux after a write-back error, the kernel marked them clean, so a later
     * successful fsync does not write them. Writing such a page again dirties it anew.
     */
    final BitSet lostPages = new BitSet();

    void write(byte[] bytes, int offset, int length, long position) {
        int end = Math.toIntExact(position + length);
        if (end > live.length) {
            live = Arrays.copyOf(live, end);
        }
        System.arraycopy(bytes, offset, live, (int) position, length);
        if (length > 0) {
            lostPages.clear((int) (position / PAGE_BYTES), (end - 1) / PAGE_BYTES + 1);
        }
    }

    void truncate(long size) {
        if (size < live.length) {
            live = Arrays.copyOf(live, (int) size);
        }
    }

    void force() {
        byte[] next = live.clone();
        for (int page = lostPages.nextSetBit(0); page >= 0; page = lostPages.nextSetBit(page + 1)) {
            copyPage(durable, next, page);
        }
        durable = next;
    }

    void failForce() {
        for (int page = 0; page * PAGE_BYTES < Math.max(live.length, durable.length); page++) {
            if (pageDiffers(page)) {
                lostPages.set(page);
            }
        }
    }

    boolean pageDiffers(int page) {
        int from = page * PAGE_BYTES;
        int to = from + PAGE_BYTES;
        for (int i = from; i < to; i++) {
            if (byteAt(live, i) != byteAt(durable, i) || (i < live.length) != (i < durable.length)) {
                return true;
            }
        }
        return false;
    }

    /** Copies one page of {@code from} (zeros past its end) into {@code to}, within {@code to}'s length. */
    static void copyPage(byte[] from, byte[] to, int page) {
        int start = page * PAGE_BYTES;
        for (int i = start; i < Math.min(to.length, start + PAGE_BYTES); i++) {
            to[i] = byteAt(from, i);
        }
    }

    static byte byteAt(byte[] bytes, int index) {
        return index < bytes.length ? bytes[index] : 0;
    }
}
