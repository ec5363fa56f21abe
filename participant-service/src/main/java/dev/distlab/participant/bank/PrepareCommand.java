package dev.distlab.participant.bank;

import java.time.Instant;
import java.util.List;

/**
 * A checked prepare request: this branch's operations (each account once), who coordinates it, and when the
 * coordinator created the transaction.
 */
record PrepareCommand(String coordinator, String coordinatorUrl, Mode mode, List<String> participants,
        List<Operation> operations, Instant createdAt) {

    /** One change of one account's balance. */
    record Operation(String account, long delta) {
    }

    List<String> accounts() {
        return operations.stream().map(Operation::account).toList();
    }
}
