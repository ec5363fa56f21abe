package dev.distlab.check.bank;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.distlab.check.Anomaly;
import dev.distlab.check.Values;
import dev.distlab.check.history.Operation;

/** The checks on what reads saw, against the opening balances. Adds what it finds to the anomaly list. */
final class BalanceChecks {

    private final Map<String, Long> opening;
    private final long openingTotal;
    private final List<Anomaly> anomalies;

    BalanceChecks(Map<String, Long> opening, long openingTotal, List<Anomaly> anomalies) {
        this.opening = opening;
        this.openingTotal = openingTotal;
        this.anomalies = anomalies;
    }

    /** A read of every account: all there, none negative, adding up to the opening total. */
    void snapshot(Operation read, String what) {
        Map<String, Long> seen = BankChecker.balances(read);
        Set<String> missing = new HashSet<>(opening.keySet());
        missing.removeAll(seen.keySet());
        if (!missing.isEmpty()) {
            anomalies.add(Anomaly.of("missing-account", "a " + what + " did not list the accounts "
                    + BankChecker.sorted(missing), List.of(read)));
            return;
        }
        long total = 0;
        for (String account : opening.keySet()) {
            long balance = seen.get(account);
            total += balance;
            negative(read, what, account, balance);
        }
        if (total != openingTotal) {
            anomalies.add(Anomaly.of("wrong-total", "a " + what + " adds up to " + total + " instead of the opening "
                    + openingTotal + ": " + Math.abs(total - openingTotal) + (total > openingTotal
                            ? " created out of nothing" : " vanished") + " (a transfer applied on one side only?)",
                    List.of(read)));
        }
    }

    /** A read of one account: not negative. */
    void single(Operation read) {
        Map<String, Object> value = Values.map(read.completion().value(), "read-one result");
        negative(read, "read of one account", Values.string(value.get("account"), "account"),
                Values.number(value, "balance"));
    }

    /** The final balances: exactly the opening ones plus the committed requests, where every outcome is known. */
    void finalBalances(Operation finalRead, Iterable<Transaction> transactions) {
        Map<String, Long> expected = new LinkedHashMap<>(opening);
        Set<String> undecidable = new HashSet<>();
        for (Transaction transaction : transactions) {
            switch (transaction.outcome()) {
                case COMMITTED -> transaction.effects.forEach((account, delta) -> expected.merge(account, delta, Long::sum));
                case UNRESOLVED, CONFLICTING -> undecidable.addAll(transaction.effects.keySet());
                case ABORTED -> {
                }
            }
        }
        Map<String, Long> seen = BankChecker.balances(finalRead);
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Long> account : expected.entrySet()) {
            Long actual = seen.get(account.getKey());
            if (actual != null && !undecidable.contains(account.getKey()) && actual.longValue() != account.getValue()) {
                wrong.add(account.getKey() + " is " + actual + ", expected " + account.getValue());
            }
        }
        if (!wrong.isEmpty()) {
            anomalies.add(Anomaly.of("wrong-final-balance", "the final balances are not the opening ones plus the "
                    + "committed requests: " + String.join("; ", wrong), List.of(finalRead)));
        }
    }

    private void negative(Operation read, String what, String account, long balance) {
        if (balance < 0) {
            anomalies.add(Anomaly.of("negative-balance", "a " + what + " saw account " + account + " at " + balance,
                    List.of(read)));
        }
    }
}
