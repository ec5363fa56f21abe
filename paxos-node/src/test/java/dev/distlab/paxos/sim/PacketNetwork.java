package dev.distlab.paxos.sim;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The wire between simulated processes, mirroring paxos-core's {@code SimNetwork} for packets of any kind
 * (encoded peer messages, forwarded requests, their answers): random delay (hence reordering), loss,
 * duplication, directed link cuts and partitions. A link cut while a packet is in flight loses it.
 */
final class PacketNetwork {

    private final EventLoop loop;
    private final Random random;
    private final int size;
    private final boolean[][] cut;
    private final long minDelayNanos;
    private final long maxDelayNanos;
    double dropRate;
    double duplicateRate;
    long sent;

    PacketNetwork(EventLoop loop, Random random, int size, double dropRate, double duplicateRate, long minDelayNanos,
            long maxDelayNanos) {
        this.loop = loop;
        this.random = random;
        this.size = size;
        this.cut = new boolean[size + 1][size + 1];
        this.dropRate = dropRate;
        this.duplicateRate = duplicateRate;
        this.minDelayNanos = minDelayNanos;
        this.maxDelayNanos = maxDelayNanos;
    }

    /** Sends one packet; {@code arrive} runs at the receiver's end if (and each time) it gets there. */
    void send(int from, int to, Runnable arrive) {
        sent++;
        if (cut[from][to] || random.nextDouble() < dropRate) {
            return;
        }
        schedule(from, to, arrive);
        if (random.nextDouble() < duplicateRate) {
            schedule(from, to, arrive);
        }
    }

    private void schedule(int from, int to, Runnable arrive) {
        long delay = minDelayNanos + (long) (random.nextDouble() * (maxDelayNanos - minDelayNanos));
        loop.after(delay, () -> {
            if (!cut[from][to]) {
                arrive.run();
            }
        });
    }

    void cut(int from, int to) {
        cut[from][to] = true;
    }

    /** Splits the nodes into {@code side} and the rest, which cannot talk to each other. */
    void partition(List<Integer> side) {
        for (int a = 1; a <= size; a++) {
            for (int b = 1; b <= size; b++) {
                if (side.contains(a) != side.contains(b)) {
                    cut[a][b] = true;
                }
            }
        }
    }

    void healLinks() {
        for (boolean[] row : cut) {
            Arrays.fill(row, false);
        }
    }

    String describeCuts() {
        StringBuilder sb = new StringBuilder();
        for (int a = 1; a <= size; a++) {
            for (int b = 1; b <= size; b++) {
                if (cut[a][b]) {
                    sb.append(a).append("->").append(b).append(' ');
                }
            }
        }
        return sb.length() == 0 ? "none" : sb.toString().trim();
    }
}
