package dev.distlab.coordinator.txn;

import java.util.Comparator;
import java.util.List;

import dev.distlab.coordinator.Hashes;
import dev.distlab.coordinator.Operation;

/** A checked request: a transfer or a transaction, as the operations it applies atomically. */
record TxRequest(String kind, List<Operation> operations) {

    static TxRequest transfer(String from, String to, long amount) {
        return new TxRequest("transfer", List.of(new Operation(from, -amount), new Operation(to, amount)));
    }

    static TxRequest transaction(List<Operation> operations) {
        return new TxRequest("transaction", List.copyOf(operations));
    }

    /** A fingerprint that tells a repeat of this request (same kind, same operations) from any other. */
    String hash() {
        StringBuilder text = new StringBuilder(kind).append('\n');
        operations.stream().sorted(Comparator.comparing(Operation::account))
                .forEach(op -> text.append(op.account()).append('=').append(op.delta()).append('\n'));
        return Hashes.sha256Hex(text.toString());
    }
}
