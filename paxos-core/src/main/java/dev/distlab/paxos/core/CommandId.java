package dev.distlab.paxos.core;

import java.util.Objects;

/** Identifies a client request across retries: the state machine applies each id at most once. */
public final class CommandId {
    private final String clientId;
    private final long seq;

    public CommandId(String clientId, long seq) {
        this.clientId = Objects.requireNonNull(clientId);
        this.seq = seq;
    }

    public String clientId() {
        return clientId;
    }

    public long seq() {
        return seq;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandId && ((CommandId) o).seq == seq && ((CommandId) o).clientId.equals(clientId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientId, seq);
    }

    @Override
    public String toString() {
        return clientId + "#" + seq;
    }
}
