package dev.distlab.verify.check;

import java.util.Map;
import java.util.function.Supplier;

import dev.distlab.check.Checker;

/**
 * Which checker judges which workload. THE ONE PLACE TO WIRE CHECKERS: add an entry per workload once the
 * checkers module has them (e.g. {@code "register", RegisterChecker::new}). A workload without an entry cannot
 * be judged, and the run refuses to start rather than report an unchecked history as valid.
 */
public final class CheckerRegistry {

    private static final Map<String, Supplier<Checker>> CHECKERS = Map.of(
            // "bank", BankChecker::new,
            // "register", LinearizableRegisterChecker::new,
            // "watch", WatchChecker::new,
            // "lb", BalancingChecker::new,
            // "hostile", HostileChecker::new
    );

    private CheckerRegistry() {
    }

    /** The checker for every workload that has one. */
    public static Map<String, Supplier<Checker>> all() {
        return CHECKERS;
    }
}
