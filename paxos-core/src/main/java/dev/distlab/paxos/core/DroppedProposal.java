package dev.distlab.paxos.core;

/**
 * A proposal this replica gave up on because it lost leadership. If {@code mayBeApplied} the command was
 * already sent in an accept and a later leader may still choose it: the outcome is unknown, so a retry must
 * reuse the same command id. Otherwise it never left this replica and certainly will not be applied.
 */
public final class DroppedProposal {
    private final CommandId id;
    private final boolean mayBeApplied;

    public DroppedProposal(CommandId id, boolean mayBeApplied) {
        this.id = id;
        this.mayBeApplied = mayBeApplied;
    }

    public CommandId id() {
        return id;
    }

    public boolean mayBeApplied() {
        return mayBeApplied;
    }

    @Override
    public String toString() {
        return id + (mayBeApplied ? "(unknown)" : "(not applied)");
    }
}
