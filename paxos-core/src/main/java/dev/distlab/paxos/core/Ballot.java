package dev.distlab.paxos.core;

import java.util.Objects;

/** A proposal number: totally ordered by round, then node id, so two nodes never share a ballot. */
public final class Ballot implements Comparable<Ballot> {
    public static final Ballot ZERO = new Ballot(0, 0);

    private final long round;
    private final int nodeId;

    public Ballot(long round, int nodeId) {
        this.round = round;
        this.nodeId = nodeId;
    }

    public long round() {
        return round;
    }

    public int nodeId() {
        return nodeId;
    }

    public boolean isAbove(Ballot other) {
        return compareTo(other) > 0;
    }

    public boolean isBelow(Ballot other) {
        return compareTo(other) < 0;
    }

    public static Ballot max(Ballot a, Ballot b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public int compareTo(Ballot o) {
        int c = Long.compare(round, o.round);
        return c != 0 ? c : Integer.compare(nodeId, o.nodeId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ballot && ((Ballot) o).round == round && ((Ballot) o).nodeId == nodeId;
    }

    @Override
    public int hashCode() {
        return Objects.hash(round, nodeId);
    }

    @Override
    public String toString() {
        return round + "." + nodeId;
    }
}
