package dev.distlab.participant.bank;

/** The reasons a participant gives for a NO vote (BANK.md). */
final class BankReasons {

    static final String CONFLICT = "CONFLICT";
    static final String INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS";
    static final String BALANCE_LIMIT = "BALANCE_LIMIT";
    static final String UNKNOWN_ACCOUNT = "UNKNOWN_ACCOUNT";
    /** The transaction was already aborted here. */
    static final String ABORTED = "ABORTED";
    /**
     * The transaction was created longer ago than half the branch retention: its branch record here may already
     * have been collected, so it is refused rather than prepared (perhaps a second time).
     */
    static final String EXPIRED = "EXPIRED";
    /** The branch ended HEURISTIC here (nobody knew the decision; its deltas were not applied). */
    static final String HEURISTIC = "HEURISTIC";

    private BankReasons() {
    }
}
