package dev.distlab.check.suite;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.distlab.check.CheckResult;
import dev.distlab.check.Checker;
import dev.distlab.check.bank.BankChecker;
import dev.distlab.check.history.History;
import dev.distlab.check.history.Operation;
import dev.distlab.check.hostile.HostileChecker;
import dev.distlab.check.lb.LbChecker;
import dev.distlab.check.register.RegisterChecker;
import dev.distlab.check.watch.WatchChecker;

/**
 * The entry point for whoever judges a run: the checker of each workload by its name, and all of a run's
 * checkers applied to its history at once. Each checker picks its own operations out of the history (by
 * {@code f} and the shape of the value), so one history may hold several workloads.
 */
public final class Checkers {

    /** The workload names, as {@code --workload} takes them and results.json lists them. */
    public static final List<String> WORKLOADS = List.of("register", "bank", "watch", "lb", "hostile");

    private Checkers() {
    }

    public static Checker forWorkload(String workload) {
        return forWorkload(workload, CheckerSettings.defaults());
    }

    public static Checker forWorkload(String workload, CheckerSettings settings) {
        return switch (workload) {
            case "register" -> new RegisterChecker(settings.registerBudgetPerKey());
            case "bank" -> new BankChecker();
            case "watch" -> new WatchChecker();
            case "lb" -> new LbChecker(settings.lbRecoveryGrace(), settings.lbAlpha());
            case "hostile" -> new HostileChecker();
            default -> throw new IllegalArgumentException("no checker for workload '" + workload + "'; the workloads are "
                    + String.join(", ", WORKLOADS) + " (or all)");
        };
    }

    /** The names given, with {@code all} standing for every workload; order kept, repeats dropped. */
    public static List<String> expand(Collection<String> workloads) {
        Set<String> names = new LinkedHashSet<>();
        for (String workload : workloads) {
            if (workload.equals("all")) {
                names.addAll(WORKLOADS);
            } else {
                forWorkload(workload); // fails early on an unknown name
                names.add(workload);
            }
        }
        return List.copyOf(names);
    }

    /** Runs the checkers of {@code workloads} (see {@link #expand}) on the history. */
    public static Results check(History history, Collection<String> workloads, CheckerSettings settings) {
        Map<String, CheckResult> results = new LinkedHashMap<>();
        for (String workload : expand(workloads)) {
            results.put(workload, forWorkload(workload, settings).check(history));
        }
        return new Results(results);
    }

    public static Results check(History history, Collection<String> workloads) {
        return check(history, workloads, CheckerSettings.defaults());
    }

    /**
     * The workloads whose operations a history holds, for judging a history file read back without its
     * command line: the functions each workload's operations use, told apart by value shape where shared.
     */
    public static List<String> workloadsIn(History history) {
        Set<String> found = new LinkedHashSet<>();
        for (Operation operation : history.operations()) {
            String f = operation.f();
            boolean keyed = operation.invoke().value() instanceof List<?>;
            if (keyed && Set.of("read", "final-read", "write", "cas").contains(f)) {
                found.add("register");
            } else if (Set.of("open", "transfer", "transaction", "read-one", "resolve", "final-read", "final-pending")
                    .contains(f)) {
                found.add("bank");
            } else if (f.equals("watch") || (f.equals("write") && operation.invoke().value() instanceof Map<?, ?>)) {
                found.add("watch");
            } else if (f.equals("request") || f.equals("set-policy")) {
                found.add("lb");
            } else if (f.equals("hostile")) {
                found.add("hostile");
            }
        }
        List<String> ordered = new ArrayList<>(WORKLOADS);
        ordered.retainAll(found);
        return ordered;
    }
}
