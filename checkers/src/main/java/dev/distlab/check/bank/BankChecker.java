package dev.distlab.check.bank;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.distlab.check.Anomaly;
import dev.distlab.check.CheckResult;
import dev.distlab.check.Checker;
import dev.distlab.check.Values;
import dev.distlab.check.history.History;
import dev.distlab.check.history.OpType;
import dev.distlab.check.history.Operation;

/**
 * The bank workload (see the History contract): money only moves, never appears or vanishes. Every
 * {@code read} and {@code final-read} must add up to the opening total (a transfer seen half applied breaks
 * it too); no balance read may be negative; the final balances must be the opening ones plus exactly the
 * committed transfers and transactions; every request must end with a definite outcome once the faults
 * healed; the final read must get an answer; and nothing may be left preparing or heuristic.
 *
 * <p>Anomaly types: {@code wrong-total}, {@code negative-balance}, {@code missing-account} (a read that left an
 * opened account out), {@code wrong-final-balance}, {@code unresolved}, {@code conflicting-outcome} (answered
 * committed and aborted), {@code transactions-not-final}, {@code not-recovered} (no answer to the final read),
 * {@code no-opening-balances}, {@code malformed-op}.
 * The final balances of accounts touched by an unresolved request are not judged: nobody knows what they
 * should be.
 */
public final class BankChecker implements Checker {

    private static final Set<String> REQUESTS = Set.of("transfer", "transaction");

    @Override
    public String name() {
        return "bank";
    }

    @Override
    public CheckResult check(History history) {
        List<Anomaly> anomalies = new ArrayList<>();
        Map<String, Long> opening = null;
        Map<String, Transaction> transactions = new LinkedHashMap<>();
        List<Operation> reads = new ArrayList<>();
        List<Operation> readOnes = new ArrayList<>();
        List<Operation> finalReads = new ArrayList<>();
        List<Operation> pending = new ArrayList<>();
        List<Operation> resolves = new ArrayList<>();
        for (Operation operation : history.operations()) {
            try {
                switch (operation.f()) {
                    case "open" -> {
                        if (opening == null && operation.type() == OpType.OK) {
                            opening = balances(operation);
                        }
                    }
                    case "transfer", "transaction" -> transactions.computeIfAbsent(key(operation),
                            k -> Transaction.of(operation)).request(operation);
                    case "resolve" -> resolves.add(operation);
                    // the register workload reads too, with [key, ...] values: not ours
                    case "read" -> addIfOk(reads, operation, !(operation.invoke().value() instanceof List<?>));
                    case "read-one" -> addIfOk(readOnes, operation, true);
                    case "final-read" -> {
                        if (!(operation.invoke().value() instanceof List<?>)) { // not the register's
                            addIfOk(finalReads, operation, true);
                            if (operation.type() != OpType.OK) {
                                anomalies.add(Anomaly.of("not-recovered", "the final read of every balance, made"
                                        + " after every fault healed, got no answer (" + operation.error()
                                        + "); the bank did not come back", List.of(operation)));
                            }
                        }
                    }
                    case "final-pending" -> addIfOk(pending, operation, true);
                    default -> {
                    }
                }
            } catch (Values.MalformedValueException e) {
                anomalies.add(Anomaly.of("malformed-op", e.getMessage(), List.of(operation)));
            }
        }
        for (Operation resolve : resolves) {
            try {
                Transaction transaction = transactions.get(Values.string(
                        Values.map(resolve.invoke().value(), "resolve value").get("key"), "key"));
                if (transaction != null) {
                    transaction.resolve(resolve);
                }
            } catch (Values.MalformedValueException e) {
                anomalies.add(Anomaly.of("malformed-op", e.getMessage(), List.of(resolve)));
            }
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        if (opening == null) {
            anomalies.add(new Anomaly("no-opening-balances",
                    "the history has no successful open operation, so no balance can be judged", List.of()));
            return CheckResult.of(name(), anomalies, stats);
        }
        long openingTotal = opening.values().stream().mapToLong(Long::longValue).sum();
        Map<Transaction.Outcome, Integer> outcomes = outcomes(transactions.values(), anomalies);
        BalanceChecks balances = new BalanceChecks(opening, openingTotal, anomalies);
        reads.forEach(read -> balances.snapshot(read, "read"));
        readOnes.forEach(balances::single);
        for (Operation finalRead : finalReads) {
            balances.snapshot(finalRead, "final read");
            balances.finalBalances(finalRead, transactions.values());
        }
        pending.forEach(p -> notFinal(p, anomalies));

        stats.put("accounts", opening.size());
        stats.put("openingTotal", openingTotal);
        stats.put("committed", outcomes.get(Transaction.Outcome.COMMITTED));
        stats.put("aborted", outcomes.get(Transaction.Outcome.ABORTED));
        stats.put("unknown", outcomes.get(Transaction.Outcome.UNRESOLVED));
        stats.put("conflicting", outcomes.get(Transaction.Outcome.CONFLICTING));
        stats.put("resolves", resolves.size());
        stats.put("readsChecked", reads.size() + readOnes.size() + finalReads.size());
        stats.put("finalReadChecked", !finalReads.isEmpty());
        return CheckResult.of(name(), anomalies, stats);
    }

    private static Map<Transaction.Outcome, Integer> outcomes(Iterable<Transaction> transactions,
            List<Anomaly> anomalies) {
        Map<Transaction.Outcome, Integer> counts = new EnumMap<>(Transaction.Outcome.class);
        for (Transaction.Outcome outcome : Transaction.Outcome.values()) {
            counts.put(outcome, 0);
        }
        for (Transaction transaction : transactions) {
            Transaction.Outcome outcome = transaction.outcome();
            counts.merge(outcome, 1, Integer::sum);
            if (outcome == Transaction.Outcome.UNRESOLVED) {
                anomalies.add(Anomaly.of("unresolved", "request " + transaction.key + " (" + transaction.effects
                        + ") never got a definite answer, not even when asked again after the faults healed",
                        transaction.operations));
            } else if (outcome == Transaction.Outcome.CONFLICTING) {
                anomalies.add(Anomaly.of("conflicting-outcome", "request " + transaction.key
                        + " was answered both committed and aborted", transaction.operations));
            }
        }
        return counts;
    }

    private static void notFinal(Operation pending, List<Anomaly> anomalies) {
        Map<String, Object> value = Values.map(pending.completion().value(), "final-pending result");
        long preparing = value.get("preparing") == null ? 0 : Values.number(value, "preparing");
        long heuristic = value.get("heuristic") == null ? 0 : Values.number(value, "heuristic");
        if (preparing > 0 || heuristic > 0) {
            anomalies.add(Anomaly.of("transactions-not-final", "after every fault healed, " + preparing
                    + " transaction(s) were still preparing and " + heuristic + " heuristic: " + value.get("ids"),
                    List.of(pending)));
        }
    }

    private static String key(Operation request) {
        return Values.string(Values.map(request.invoke().value(), request.f() + " value").get("key"), "key");
    }

    private static void addIfOk(List<Operation> list, Operation operation, boolean ours) {
        if (ours && operation.type() == OpType.OK) {
            list.add(operation);
        }
    }

    static Map<String, Long> balances(Operation operation) {
        Map<String, Object> value = Values.map(operation.completion().value(), operation.f() + " result");
        Map<String, Long> balances = new LinkedHashMap<>();
        Values.map(value.get("balances"), "balances").forEach((id, n) -> balances.put(id, Values.number(n, id)));
        return balances;
    }

    static Set<String> sorted(Set<String> ids) {
        return new TreeSet<>(ids);
    }
}
