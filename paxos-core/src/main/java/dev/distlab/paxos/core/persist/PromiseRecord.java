package dev.distlab.paxos.core.persist;

import dev.distlab.paxos.core.Ballot;

/** The highest ballot this acceptor promised; forgetting it after a restart could break a promise. */
public final class PromiseRecord extends PersistRecord {
    private final Ballot promised;

    public PromiseRecord(Ballot promised) {
        this.promised = promised;
    }

    public Ballot promised() {
        return promised;
    }

    @Override
    public String toString() {
        return "Promise(" + promised + ")";
    }
}
