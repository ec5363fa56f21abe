package dev.distlab.paxos.core;

import java.util.TreeSet;

/** A follower asking whether it may campaign with {@code ballot}: who granted so far. */
final class PreVoting {
    private final Ballot ballot;
    private final TreeSet<Integer> granted = new TreeSet<>();

    PreVoting(Ballot ballot, int self) {
        this.ballot = ballot;
        granted.add(self);
    }

    Ballot ballot() {
        return ballot;
    }

    void grant(int from) {
        granted.add(from);
    }

    int grants() {
        return granted.size();
    }
}
