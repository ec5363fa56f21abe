package dev.distlab.paxos.sim;

import dev.distlab.paxos.core.message.Message;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/** Messages in flight with random delay (hence reordering), loss, duplication and directed link cuts. */
final class SimNetwork {
    private static final class InFlight {
        final long deliverAt;
        final long seq;
        final Message message;

        InFlight(long deliverAt, long seq, Message message) {
            this.deliverAt = deliverAt;
            this.seq = seq;
            this.message = message;
        }
    }

    private final Random random;
    private final Links links;
    private final PriorityQueue<InFlight> queue =
            new PriorityQueue<>(Comparator.<InFlight>comparingLong(f -> f.deliverAt).thenComparingLong(f -> f.seq));
    private long seq;
    double dropRate;
    double duplicateRate;
    int minDelay = 1;
    int maxDelay;
    long sent;
    long delivered;

    SimNetwork(Random random, int size, double dropRate, double duplicateRate, int maxDelay) {
        this.random = random;
        this.links = new Links(size);
        this.dropRate = dropRate;
        this.duplicateRate = duplicateRate;
        this.maxDelay = maxDelay;
    }

    void send(Message m, long now) {
        sent++;
        if (links.isCut(m.from(), m.to()) || random.nextDouble() < dropRate) {
            return;
        }
        enqueue(m, now);
        if (random.nextDouble() < duplicateRate) {
            enqueue(m, now);
        }
    }

    void enqueue(Message m, long now) {
        long delay = minDelay + random.nextInt(maxDelay - minDelay + 1);
        queue.add(new InFlight(now + delay, seq++, m));
    }

    /** Messages due by {@code now}; a link cut while a message was in flight loses it. */
    List<Message> due(long now) {
        List<Message> out = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().deliverAt <= now) {
            Message m = queue.poll().message;
            if (!links.isCut(m.from(), m.to())) {
                out.add(m);
                delivered++;
            }
        }
        return out;
    }

    /** Forgets every message from or to {@code node}: nothing of a wiped replica's past stays in flight. */
    void purge(int node) {
        queue.removeIf(f -> f.message.from() == node || f.message.to() == node);
    }

    void cut(int from, int to) {
        links.cut(from, to);
    }

    /** One-way partition: nothing reaches {@code node}, while everything it sends is delivered. */
    void cutInbound(int node) {
        links.cutInbound(node);
    }

    /** Splits the nodes into {@code side} and the rest, which cannot talk to each other. */
    void partition(List<Integer> side) {
        links.partition(side);
    }

    void healLinks() {
        links.heal();
    }

    int inFlight() {
        return queue.size();
    }

    String describeCuts() {
        return links.describe();
    }
}
