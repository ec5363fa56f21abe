package dev.distlab.paxos.core;

import java.util.List;

/** What a slot holds: a batch of commands, or a no-op (empty batch) used to fill gaps. */
public final class Value {
    public static final Value NOOP = new Value(List.of());

    private final List<Command> commands;

    public Value(List<Command> commands) {
        this.commands = List.copyOf(commands);
    }

    public static Value of(Command... commands) {
        return new Value(List.of(commands));
    }

    public List<Command> commands() {
        return commands;
    }

    public boolean isNoop() {
        return commands.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Value && ((Value) o).commands.equals(commands);
    }

    @Override
    public int hashCode() {
        return commands.hashCode();
    }

    @Override
    public String toString() {
        return isNoop() ? "noop" : commands.toString();
    }
}
