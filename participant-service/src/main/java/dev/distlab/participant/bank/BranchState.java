package dev.distlab.participant.bank;

/** Where a branch of a transaction stands on this participant. */
enum BranchState {
    PREPARED, COMMITTED, ABORTED
}
