package dev.distlab.check.suite;

import java.time.Duration;

import dev.distlab.check.lb.LbChecker;
import dev.distlab.check.register.RegisterChecker;

/**
 * The knobs of the checkers that have any: the register search's budget per key (steps before the verdict
 * for that key is unknown), and for lb how long errors are excused after a fault window ends and the
 * chi-square significance level.
 */
public record CheckerSettings(long registerBudgetPerKey, Duration lbRecoveryGrace, double lbAlpha) {

    public static CheckerSettings defaults() {
        return new CheckerSettings(RegisterChecker.DEFAULT_BUDGET_PER_KEY, LbChecker.DEFAULT_RECOVERY_GRACE,
                LbChecker.DEFAULT_ALPHA);
    }

    public CheckerSettings withLbRecoveryGrace(Duration grace) {
        return new CheckerSettings(registerBudgetPerKey, grace, lbAlpha);
    }

    public CheckerSettings withRegisterBudgetPerKey(long budget) {
        return new CheckerSettings(budget, lbRecoveryGrace, lbAlpha);
    }
}
