package dev.distlab.paxos.core;

import java.util.Arrays;
import java.util.Objects;

/** One client request; the payload is opaque to the protocol and interpreted by the state machine. */
public final class Command {
    private final CommandId id;
    private final byte[] payload;

    public Command(CommandId id, byte[] payload) {
        this.id = Objects.requireNonNull(id);
        this.payload = payload.clone();
    }

    public CommandId id() {
        return id;
    }

    public byte[] payload() {
        return payload.clone();
    }

    /** The payload's length, without the copy {@link #payload()} makes. */
    public int payloadSize() {
        return payload.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Command && ((Command) o).id.equals(id) && Arrays.equals(((Command) o).payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * id.hashCode() + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
