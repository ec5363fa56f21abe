package dev.distlab.check.register;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.distlab.check.Anomaly;
import dev.distlab.check.CheckResult;
import dev.distlab.check.Checker;
import dev.distlab.check.history.History;
import dev.distlab.check.history.Operation;

/**
 * Linearizability of a key-value store used as one cas register per key ({@code read}, {@code write},
 * {@code cas} on {@code [key, ...]} values, and {@code final-read}: a read made once every fault healed; see
 * the History contract). Each key is checked on its own by
 * {@link LinearizabilitySearch}; a key that cannot be linearized gives a {@code not-linearizable} anomaly with
 * the operations around the deepest point the search reached, and a key whose search ran out of budget a
 * {@code search-budget-exhausted} one (the verdict for that key is unknown, not valid). A final read that got
 * no answer is a {@code not-recovered} anomaly: the store stayed unavailable after the faults were gone.
 */
public final class RegisterChecker implements Checker {

    /** Steps (operations placed) one key's search may take before its verdict is unknown. */
    public static final long DEFAULT_BUDGET_PER_KEY = 1_000_000;
    /** At most this many open operations are listed in an anomaly: those completing first, which forced it. */
    static final int MAX_OPEN_SHOWN = 12;

    private final long budgetPerKey;

    public RegisterChecker() {
        this(DEFAULT_BUDGET_PER_KEY);
    }

    public RegisterChecker(long budgetPerKey) {
        if (budgetPerKey < 1) {
            throw new IllegalArgumentException("the search budget must be at least 1 step, was " + budgetPerKey);
        }
        this.budgetPerKey = budgetPerKey;
    }

    @Override
    public String name() {
        return "register";
    }

    @Override
    public CheckResult check(History history) {
        KeyHistory keys = KeyHistory.of(history);
        List<Anomaly> anomalies = new ArrayList<>();
        for (int i = 0; i < keys.malformed.size(); i++) {
            anomalies.add(Anomaly.of("malformed-op", keys.malformedReasons.get(i), List.of(keys.malformed.get(i))));
        }
        for (Operation unanswered : keys.unansweredFinalReads) {
            anomalies.add(Anomaly.of("not-recovered", "key " + ((List<?>) unanswered.invoke().value()).get(0)
                    + ": the final read, made after every fault healed, got no answer ("
                    + unanswered.error() + "); the store did not come back",
                    List.of(unanswered)));
        }
        long steps = 0;
        long maxSteps = 0;
        int operations = 0;
        int notLinearizable = 0;
        int undecided = 0;
        for (Map.Entry<String, List<RegisterOp>> key : keys.byKey.entrySet()) {
            LinearizabilitySearch.Outcome outcome = new LinearizabilitySearch(key.getValue(), budgetPerKey).run();
            operations += key.getValue().size();
            steps += outcome.steps();
            maxSteps = Math.max(maxSteps, outcome.steps());
            switch (outcome.verdict()) {
                case NOT_LINEARIZABLE -> {
                    notLinearizable++;
                    anomalies.add(notLinearizable(key.getKey(), key.getValue().size(), outcome.stuck()));
                }
                case UNKNOWN -> {
                    undecided++;
                    anomalies.add(budgetExhausted(key.getKey(), key.getValue().size(), outcome));
                }
                case LINEARIZABLE -> {
                }
            }
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("keys", keys.byKey.size());
        stats.put("operationsChecked", operations);
        stats.put("unknownOutcomes", keys.unknown);
        stats.put("unknownNeverObserved", keys.prunedUnknown);
        stats.put("droppedFailedOpsAndLostReads", keys.dropped);
        stats.put("keysNotLinearizable", notLinearizable);
        stats.put("keysUnknown", undecided);
        stats.put("searchSteps", steps);
        stats.put("maxStepsPerKey", maxSteps);
        stats.put("budgetPerKey", budgetPerKey);
        return CheckResult.of(name(), anomalies, stats);
    }

    private static Anomaly notLinearizable(String key, int size, LinearizabilitySearch.Stuck stuck) {
        List<RegisterOp> open = shown(stuck);
        String description = "key " + key + ": no order of its " + size + " operations that real time allows"
                + " explains what they returned. The search got furthest after placing " + stuck.placedCompleted()
                + " completed operations, with the register holding " + RegisterOp.shown(stuck.state())
                + (stuck.setBy() == null ? " (never written)" : " (set by " + stuck.setBy().describe() + ")")
                + "; from there no order of the operations then open explains them: "
                + open.stream().map(RegisterOp::describe).collect(Collectors.joining(", ")) + ".";
        return Anomaly.of("not-linearizable", description, window(stuck, open));
    }

    private static Anomaly budgetExhausted(String key, int size, LinearizabilitySearch.Outcome outcome) {
        LinearizabilitySearch.Stuck stuck = outcome.stuck();
        List<RegisterOp> open = shown(stuck);
        String description = "key " + key + ": gave up after " + outcome.steps() + " search steps over its " + size
                + " operations without finding an order or proving there is none (verdict unknown). Furthest point: "
                + stuck.placedCompleted() + " completed operations placed, register holding "
                + RegisterOp.shown(stuck.state()) + ", open: "
                + open.stream().map(RegisterOp::describe).collect(Collectors.joining(", ")) + ".";
        return Anomaly.of("search-budget-exhausted", description, window(stuck, open));
    }

    /** The open operations worth showing: those with the earliest completions, which forced the dead end. */
    private static List<RegisterOp> shown(LinearizabilitySearch.Stuck stuck) {
        return stuck.open().stream().sorted(Comparator.comparingLong(RegisterOp::completedAt)
                .thenComparingLong(RegisterOp::invokedAt)).limit(MAX_OPEN_SHOWN)
                .sorted(Comparator.comparingLong(RegisterOp::invokedAt)).toList();
    }

    /** The anomaly's window: the operation that set the value, then the open ones. */
    private static List<Operation> window(LinearizabilitySearch.Stuck stuck, List<RegisterOp> open) {
        List<Operation> operations = new ArrayList<>();
        if (stuck.setBy() != null) {
            operations.add(stuck.setBy().source());
        }
        open.forEach(op -> operations.add(op.source()));
        return operations;
    }
}
