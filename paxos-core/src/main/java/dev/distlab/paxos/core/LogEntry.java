package dev.distlab.paxos.core;

import java.util.Objects;

/**
 * A value in a slot with the ballot it was accepted in. {@code chosen} marks a value learned as chosen
 * (from a commit or catch-up): it outranks every ballot when a new leader recovers the slot.
 */
public final class LogEntry {
    private final long slot;
    private final Ballot ballot;
    private final Value value;
    private final boolean chosen;

    public LogEntry(long slot, Ballot ballot, Value value, boolean chosen) {
        this.slot = slot;
        this.ballot = Objects.requireNonNull(ballot);
        this.value = Objects.requireNonNull(value);
        this.chosen = chosen;
    }

    public long slot() {
        return slot;
    }

    public Ballot ballot() {
        return ballot;
    }

    public Value value() {
        return value;
    }

    public boolean chosen() {
        return chosen;
    }

    LogEntry asChosen() {
        return chosen ? this : new LogEntry(slot, ballot, value, true);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LogEntry)) {
            return false;
        }
        LogEntry e = (LogEntry) o;
        return e.slot == slot && e.chosen == chosen && e.ballot.equals(ballot) && e.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(slot, ballot, value, chosen);
    }

    @Override
    public String toString() {
        return slot + "@" + ballot + (chosen ? "!" : "") + "=" + value;
    }
}
