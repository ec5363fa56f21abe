package dev.distlab.paxos.sim;

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
    private final Links links;
    private final long minDelayNanos;
    private final long maxDelayNanos;
    double dropRate;
    double duplicateRate;
    long sent;

    PacketNetwork(EventLoop loop, Random random, int size, double dropRate, double duplicateRate, long minDelayNanos,
            long maxDelayNanos) {
        this.loop = loop;
        this.random = random;
        this.links = new Links(size);
        this.dropRate = dropRate;
        this.duplicateRate = duplicateRate;
        this.minDelayNanos = minDelayNanos;
        this.maxDelayNanos = maxDelayNanos;
    }

    /** Sends one packet; {@code arrive} runs at the receiver's end if (and each time) it gets there. */
    void send(int from, int to, Runnable arrive) {
        sent++;
        if (links.isCut(from, to) || random.nextDouble() < dropRate) {
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
            if (!links.isCut(from, to)) {
                arrive.run();
            }
        });
    }

    void cut(int from, int to) {
        links.cut(from, to);
    }

    /** Splits the nodes into {@code side} and the rest, which cannot talk to each other. */
    void partition(List<Integer> side) {
        links.partition(side);
    }

    void healLinks() {
        links.heal();
    }

    String describeCuts() {
        return links.describe();
    }
}
