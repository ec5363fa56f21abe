package dev.distlab.participant.bank;

/** The reasons a participant gives for a NO vote (BANK.md). */
final class BankReasons {

    static final String CONFLICT = "CONFLICT";
    static final String INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS";
    static final String BALANCE_LIMIT = "BALANCE_LIMIT";
    static final String UNKNOWN_ACCOUNT = "UNKNOWN_ACCOUNT";
    /** The transaction was already aborted here. */
    static final String ABORTED = "ABORTED";

    private BankReasons() {
    }
}
