package dev.distlab.check.bank;

import static dev.distlab.check.CheckAssertions.assertValid;
import static dev.distlab.check.CheckAssertions.single;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.distlab.check.Anomaly;
import dev.distlab.check.CheckResult;
import dev.distlab.check.history.HistoryBuilder;

/** The bank checker against money created, lost, half moved, overdrawn and left in doubt. */
class BankCheckerTest {

    private final BankChecker checker = new BankChecker();

    @Test
    void shouldPassCommittedAbortedAndResolvedRequestsThatAddUp() {
        HistoryBuilder history = opened()
                .okOp(0, "transfer", transfer("t1", "a1", "a2", 30), Map.of("key", "t1", "txId", "x1"))
                .invoke(1, "transfer", transfer("t2", "a2", "a1", 500)).fail(1, transfer("t2", "a2", "a1", 500), "400")
                // lost answers: one did take effect, the other did not; asking again says which
                .invoke(2, "transfer", transfer("t3", "a1", "a2", 5)).info(2, null, "timeout")
                .invoke(3, "transaction", transaction("t4", "a1", -7, "a2", 7)).info(3, null, "503")
                .okOp(0, "read", null, read(65, 135))
                .okOp(0, "read-one", Map.of("account", "a1"), Map.of("account", "a1", "balance", 65L))
                .okOp(0, "resolve", Map.of("key", "t3"), Map.of("key", "t3", "status", "COMMITTED"))
                .okOp(0, "resolve", Map.of("key", "t4"), Map.of("key", "t4", "status", "ABORTED"))
                .okOp(0, "final-read", null, read(65, 135))
                .okOp(0, "final-pending", null, Map.of("preparing", 0L, "heuristic", 0L, "ids", List.of()));
        CheckResult result = checker.check(history.build());
        assertThat(result.anomalies()).isEmpty();
        assertThat(result.stats()).containsEntry("committed", 2).containsEntry("aborted", 2)
                .containsEntry("unknown", 0).containsEntry("readsChecked", 3).containsEntry("openingTotal", 200L);
    }

    @Test
    void shouldCatchATransferThatCreatesMoney() {
        HistoryBuilder history = opened()
                .okOp(0, "transfer", transfer("t1", "a1", "a2", 30), Map.of("key", "t1", "txId", "x1"))
                .okOp(1, "read", null, read(100, 130));
        assertThat(single(checker.check(history.build()), "wrong-total").description())
                .contains("adds up to 230 instead of the opening 200").contains("30 created");
    }

    @Test
    void shouldCatchAHalfAppliedTransactionSeenByARead() {
        HistoryBuilder history = opened().invoke(0, "transaction", transaction("t1", "a1", -10, "a2", 10))
                .okOp(1, "read", null, read(90, 100)).ok(0, Map.of("key", "t1"));
        assertThat(single(checker.check(history.build()), "wrong-total").description()).contains("10 vanished");
    }

    @Test
    void shouldCatchANegativeBalanceInAnyRead() {
        HistoryBuilder one = opened()
                .okOp(0, "read-one", Map.of("account", "a1"), Map.of("account", "a1", "balance", -5L));
        assertThat(single(checker.check(one.build()), "negative-balance").description()).contains("a1 at -5");
        HistoryBuilder all = opened().okOp(0, "read", null, read(-5, 205));
        single(checker.check(all.build()), "negative-balance");
    }

    @Test
    void shouldCatchAnUnresolvedTransfer() {
        HistoryBuilder history = opened().invoke(2, "transfer", transfer("t3", "a1", "a2", 5)).info(2, null, "timeout")
                .invoke(0, "resolve", Map.of("key", "t3")).info(0, null, "timeout")
                .okOp(0, "final-read", null, read(95, 105));
        CheckResult result = checker.check(history.build());
        assertThat(single(result, "unresolved").description()).contains("t3");
        assertThat(single(result, "unresolved").ops()).hasSize(4);
        assertThat(result.stats()).containsEntry("unknown", 1);
    }

    @Test
    void shouldCatchACommittedTransferMissingFromTheFinalBalances() {
        HistoryBuilder history = opened()
                .okOp(0, "transfer", transfer("t1", "a1", "a2", 30), Map.of("key", "t1", "txId", "x1"))
                .okOp(0, "final-read", null, read(100, 100));
        assertThat(single(checker.check(history.build()), "wrong-final-balance").description())
                .contains("a1 is 100, expected 70").contains("a2 is 100, expected 130");
    }

    @Test
    void shouldCatchAnAbortedTransferThatTookEffect() {
        HistoryBuilder history = opened().invoke(2, "transfer", transfer("t3", "a1", "a2", 5)).info(2, null, "503")
                .okOp(0, "resolve", Map.of("key", "t3"), Map.of("key", "t3", "status", "ABORTED"))
                .okOp(0, "final-read", null, read(95, 105));
        single(checker.check(history.build()), "wrong-final-balance");
    }

    @Test
    void shouldCatchAnAcknowledgedTransferLaterReportedAborted() {
        HistoryBuilder history = opened()
                .okOp(0, "transfer", transfer("t1", "a1", "a2", 30), Map.of("key", "t1", "txId", "x1"))
                .okOp(0, "resolve", Map.of("key", "t1"), Map.of("key", "t1", "status", "ABORTED"));
        single(checker.check(history.build()), "conflicting-outcome");
    }

    @Test
    void shouldCatchTransactionsLeftPreparingAfterTheFaultsHealed() {
        HistoryBuilder history = opened()
                .okOp(0, "final-pending", null, Map.of("preparing", 1L, "heuristic", 0L, "ids", List.of("x9")));
        assertThat(single(checker.check(history.build()), "transactions-not-final").description()).contains("x9");
    }

    @Test
    void shouldCatchAFinalReadWithoutAnswerAndLeaveTheRegistersFinalReadsAlone() {
        HistoryBuilder history = opened()
                .okOp(1, "final-read", List.of("verify/register/k0", "null"), List.of("verify/register/k0", 3L))
                .invoke(0, "final-read", null).fail(0, null, "HTTP 503");
        Anomaly anomaly = single(checker.check(history.build()), "not-recovered");
        assertThat(anomaly.description()).contains("HTTP 503").contains("did not come back");
    }

    @Test
    void shouldSayWhenThereIsNoOpening() {
        single(checker.check(new HistoryBuilder().okOp(0, "read", null, read(1, 1)).build()), "no-opening-balances");
    }

    private static HistoryBuilder opened() {
        return new HistoryBuilder().okOp(0, "open", null, Map.of("balances", Map.of("a1", 100L, "a2", 100L)));
    }

    static Map<String, Object> transfer(String key, String from, String to, long amount) {
        return Map.of("key", key, "from", from, "to", to, "amount", amount);
    }

    static Map<String, Object> transaction(String key, String a, long da, String b, long db) {
        return Map.of("key", key, "operations", List.of(Map.of("account", a, "delta", da), Map.of("account", b, "delta", db)));
    }

    static Map<String, Object> read(long a1, long a2) {
        return Map.of("balances", Map.of("a1", a1, "a2", a2), "total", a1 + a2);
    }
}
