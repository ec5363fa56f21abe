package dev.distlab.paxos.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** What a leader tracks for one ballot: slots in flight, follower progress, queued proposals, reads. */
final class Leadership {
    private final Ballot ballot;
    private final long recoveryEnd;
    private long nextSlot;
    private final TreeMap<Long, TreeSet<Integer>> acks = new TreeMap<>();
    private final Map<Integer, Long> followerCommit = new TreeMap<>();
    private final Map<Integer, Long> lastHeard = new TreeMap<>();
    private final Map<Integer, Long> ackedSeq = new TreeMap<>();
    private final Map<Integer, Long> snapshotSentAt = new TreeMap<>();
    private final Map<Integer, long[]> learnSent = new TreeMap<>(); // peer -> {up to slot, at tick}
    private final List<Command> queued = new ArrayList<>();
    private final TreeMap<Long, Value> recovered = new TreeMap<>(); // phase 1 results not yet proposed
    private final List<PendingRead> reads = new ArrayList<>();
    private long heartbeatSeq;
    private boolean roundRequested;
    int heartbeatElapsed;

    Leadership(Ballot ballot, long recoveryEnd, List<Integer> peers, long now) {
        this.ballot = ballot;
        this.recoveryEnd = recoveryEnd;
        this.nextSlot = recoveryEnd + 1;
        for (int p : peers) {
            lastHeard.put(p, now);
            followerCommit.put(p, 0L);
            ackedSeq.put(p, 0L);
        }
    }

    Ballot ballot() {
        return ballot;
    }

    /** Every slot that may have been chosen before this ballot is at or below this index. */
    long recoveryEnd() {
        return recoveryEnd;
    }

    /** A slot phase 1 recovered (up to {@link #recoveryEnd}), to re-propose in this ballot. */
    void recovered(long slot, Value value) {
        recovered.put(slot, value);
    }

    boolean hasWork() {
        return !recovered.isEmpty() || !queued.isEmpty();
    }

    /** The next slot to propose: recovered slots in order, then a batch of queued commands after them. */
    LogEntry nextProposal(int maxBatchCommands) {
        Map.Entry<Long, Value> r = recovered.pollFirstEntry();
        if (r != null) {
            return new LogEntry(r.getKey(), ballot, r.getValue(), false);
        }
        return new LogEntry(nextSlot++, ballot, new Value(takeQueued(maxBatchCommands)), false);
    }

    void track(long slot, int self) {
        TreeSet<Integer> s = new TreeSet<>();
        s.add(self);
        acks.put(slot, s);
    }

    void ack(long slot, int from) {
        TreeSet<Integer> s = acks.get(slot);
        if (s != null) {
            s.add(from);
        }
    }

    /** Pops the lowest in-flight slot if it is {@code slot} and a majority accepted it. */
    boolean commitIfChosen(long slot, int majority) {
        Map.Entry<Long, TreeSet<Integer>> first = acks.firstEntry();
        if (first != null && first.getKey() == slot && first.getValue().size() >= majority) {
            acks.pollFirstEntry();
            return true;
        }
        return false;
    }

    int inflight() {
        return acks.size();
    }

    List<Long> inflightSlots() {
        return new ArrayList<>(acks.keySet());
    }

    List<Long> unackedBy(int peer, int limit) {
        List<Long> out = new ArrayList<>();
        for (Map.Entry<Long, TreeSet<Integer>> e : acks.entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            if (!e.getValue().contains(peer)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    void heardFrom(int peer, long now, long commitIndex) {
        lastHeard.put(peer, now);
        followerCommit.put(peer, commitIndex);
    }

    long followerCommit(int peer) {
        return followerCommit.getOrDefault(peer, 0L);
    }

    int activePeers(long since) {
        int n = 0;
        for (long t : lastHeard.values()) {
            if (t >= since) {
                n++;
            }
        }
        return n;
    }

    /** Snapshots are big: send one per peer per {@code interval} ticks at most. */
    boolean maySendSnapshot(int peer, long now, long interval) {
        Long last = snapshotSentAt.get(peer);
        if (last != null && now - last < interval) {
            return false;
        }
        snapshotSentAt.put(peer, now);
        return true;
    }

    /**
     * Catch-up is driven by acks, and duplicated acks would multiply the chains of Learn messages: send the
     * next batch only once the previous one arrived, or after {@code interval} ticks as a retransmission.
     */
    boolean mayLearn(int peer, long have, long now, long interval) {
        long[] last = learnSent.get(peer);
        return last == null || have >= last[0] || now - last[1] >= interval;
    }

    void learnSent(int peer, long upTo, long now) {
        learnSent.put(peer, new long[] {upTo, now});
    }

    void queue(Command c) {
        queued.add(c);
    }

    List<Command> takeQueued(int max) {
        List<Command> head = new ArrayList<>(queued.subList(0, Math.min(max, queued.size())));
        queued.subList(0, head.size()).clear();
        return head;
    }

    List<Command> drainQueued() {
        return takeQueued(queued.size());
    }

    long nextHeartbeatSeq() {
        roundRequested = false;
        return ++heartbeatSeq;
    }

    boolean roundRequested() {
        return roundRequested;
    }

    void addRead(long readId, long index) {
        reads.add(new PendingRead(readId, index, heartbeatSeq + 1));
        roundRequested = true;
    }

    void ackSeq(int peer, long seq) {
        ackedSeq.merge(peer, seq, Math::max);
    }

    /** Marks reads confirmed once a majority (counting the leader) acknowledged a round sent after them. */
    void confirmReads(int majority) {
        for (PendingRead r : reads) {
            if (!r.confirmed) {
                int n = 1;
                for (long s : ackedSeq.values()) {
                    if (s >= r.seq) {
                        n++;
                    }
                }
                r.confirmed = n >= majority;
            }
        }
    }

    List<ReadState> takeServableReads(long appliedIndex) {
        List<ReadState> out = new ArrayList<>();
        for (Iterator<PendingRead> it = reads.iterator(); it.hasNext(); ) {
            PendingRead r = it.next();
            if (r.confirmed && r.index <= appliedIndex) {
                out.add(new ReadState(r.readId, r.index));
                it.remove();
            }
        }
        return out;
    }

    boolean hasServableReads(long appliedIndex) {
        return reads.stream().anyMatch(r -> r.confirmed && r.index <= appliedIndex);
    }

    List<Long> drainReadIds() {
        List<Long> ids = new ArrayList<>();
        reads.forEach(r -> ids.add(r.readId));
        reads.clear();
        return ids;
    }

    private static final class PendingRead {
        final long readId;
        final long index;
        final long seq;
        boolean confirmed;

        PendingRead(long readId, long index, long seq) {
            this.readId = readId;
            this.index = index;
            this.seq = seq;
        }
    }
}
