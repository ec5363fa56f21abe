package dev.distlab.participant.bank;

import java.util.List;

/** Where a branch of a transaction stands on this participant. */
enum BranchState {
    PREPARED, COMMITTED, ABORTED,
    /**
     * Ended without its deltas applied because nobody could say how the transaction was decided (its decision
     * was gone from the store and its coordinator had no record): an operator must reconcile it.
     */
    HEURISTIC;

    /** The states a branch never leaves; their records are collected after the branch retention. */
    static final List<BranchState> FINAL = List.of(COMMITTED, ABORTED, HEURISTIC);
}
