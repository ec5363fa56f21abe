package dev.distlab.check.register;

import static dev.distlab.check.CheckAssertions.assertValid;
import static dev.distlab.check.CheckAssertions.single;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.distlab.check.Anomaly;
import dev.distlab.check.CheckResult;
import dev.distlab.check.history.History;
import dev.distlab.check.history.HistoryBuilder;
import dev.distlab.check.history.Op;

/** The register checker must tell linearizable histories from the classic bugs, or a green run proves nothing. */
class RegisterCheckerTest {

    private final RegisterChecker checker = new RegisterChecker();

    @Test
    void shouldAcceptSequentialReadsOfTheLastWrite() {
        History history = new HistoryBuilder().okOp(0, "write", kv("k", 1), kv("k", 1))
                .okOp(1, "read", kv("k", null), kv("k", 1)).okOp(0, "write", kv("k", 2), kv("k", 2))
                .okOp(1, "read", kv("k", null), kv("k", 2)).build();
        assertValid(checker.check(history));
    }

    @Test
    void shouldAcceptAReadOfAnAbsentKeyBeforeAnyWrite() {
        assertValid(checker.check(new HistoryBuilder().okOp(0, "read", kv("k", null), kv("k", null)).build()));
    }

    @Test
    void shouldRejectAStaleReadAfterANewerWriteCompletedAndNameTheOpsAroundIt() {
        History history = new HistoryBuilder().okOp(0, "write", kv("k", 1), kv("k", 1))
                .okOp(0, "write", kv("k", 2), kv("k", 2)).okOp(1, "read", kv("k", null), kv("k", 1)).build();
        CheckResult result = checker.check(history);
        Anomaly anomaly = single(result, "not-linearizable");
        assertThat(anomaly.description()).contains("key k").contains("read #4 returned 1")
                .contains("set by write #2 of 2");
        assertThat(anomaly.ops()).extracting(Op::index).containsExactly(2L, 3L, 4L, 5L);
    }

    @Test
    void shouldRejectALostWrite() {
        // an acknowledged write, then a read long after it that finds the key as if it had never been written
        History history = new HistoryBuilder().okOp(0, "write", kv("k", 1), kv("k", 1))
                .okOp(1, "read", kv("k", null), kv("k", 1)).okOp(0, "write", kv("k", 2), kv("k", 2))
                .okOp(1, "read", kv("k", null), kv("k", null)).build();
        assertThat(single(checker.check(history), "not-linearizable").description()).contains("read #6 returned nothing");
    }

    @Test
    void shouldRejectAWriteLostInACrashThatOnlyTheFinalReadSees() {
        // accept-before-fsync: the write was acknowledged, every replica was killed before writing it, and the
        // load ended before any client read the key again; the read after the faults healed finds the old value
        History history = new HistoryBuilder().okOp(0, "write", kv("k", 1), kv("k", 1))
                .okOp(0, "write", kv("k", 2), kv("k", 2)).nemesis("kill", List.of("participant-1"))
                .invoke(1, "read", kv("k", null)).fail(1, kv("k", null), "HTTP 503")
                .okOp(2, "final-read", kv("k", null), kv("k", 1)).build();
        assertThat(single(checker.check(history), "not-linearizable").description())
                .contains("read #8 returned 1").contains("set by write #2 of 2");
    }

    @Test
    void shouldReportAFinalReadWithoutAnswerAsNotRecovered() {
        History history = new HistoryBuilder().okOp(0, "write", kv("k", 1), kv("k", 1))
                .okOp(2, "final-read", kv("k", null), kv("k", 1))
                .invoke(2, "final-read", kv("j", null)).fail(2, kv("j", null), "no answer within 60 s; last: HTTP 503")
                .build();
        Anomaly anomaly = single(checker.check(history), "not-recovered");
        assertThat(anomaly.description()).contains("key j").contains("last: HTTP 503");
        assertThat(anomaly.ops()).extracting(Op::index).containsExactly(4L, 5L);
    }

    @Test
    void shouldRejectACasThatSucceededOnAWrongValue() {
        History history = new HistoryBuilder().okOp(0, "write", kv("k", 1), kv("k", 1))
                .okOp(1, "cas", kv("k", List.of(2L, 3L)), kv("k", List.of(2L, 3L))).build();
        assertThat(single(checker.check(history), "not-linearizable").description()).contains("cas #2 2→3");
    }

    @Test
    void shouldAcceptACasOnTheCurrentValueAndDropAFailedOne() {
        History history = new HistoryBuilder().okOp(0, "write", kv("k", 1), kv("k", 1))
                .invoke(1, "cas", kv("k", List.of(7L, 8L))).fail(1, kv("k", List.of(7L, 8L)), "precondition")
                .okOp(1, "cas", kv("k", List.of(1L, 3L)), kv("k", List.of(1L, 3L)))
                .okOp(0, "read", kv("k", null), kv("k", 3)).build();
        assertValid(checker.check(history));
    }

    @Test
    void shouldAcceptEitherOrderForConcurrentWrites() {
        History history = new HistoryBuilder().invoke(0, "write", kv("k", 1)).invoke(1, "write", kv("k", 2))
                .ok(1, kv("k", 2)).ok(0, kv("k", 1)).okOp(2, "read", kv("k", null), kv("k", 1)).build();
        assertValid(checker.check(history));
    }

    @Test
    void shouldRejectReadsThatSeeValuesGoBackwards() {
        History history = new HistoryBuilder().invoke(0, "write", kv("k", 1)).invoke(1, "write", kv("k", 2))
                .ok(1, kv("k", 2)).ok(0, kv("k", 1)).okOp(2, "read", kv("k", null), kv("k", 1))
                .okOp(2, "read", kv("k", null), kv("k", 2)).okOp(2, "read", kv("k", null), kv("k", 1)).build();
        single(checker.check(history), "not-linearizable");
    }

    @Test
    void shouldLetAnUnknownWriteTakeEffectLateOrNever() {
        History late = new HistoryBuilder().invoke(0, "write", kv("k", 9)).info(0, kv("k", 9), "timeout")
                .okOp(1, "read", kv("k", null), kv("k", null)).okOp(1, "read", kv("k", null), kv("k", 9)).build();
        assertValid(checker.check(late));
        History never = new HistoryBuilder().invoke(0, "write", kv("k", 9)).info(0, kv("k", 9), "timeout")
                .okOp(1, "read", kv("k", null), kv("k", null)).build();
        assertValid(checker.check(never));
        History unfinished = new HistoryBuilder().invoke(0, "write", kv("k", 9))
                .okOp(1, "read", kv("k", null), kv("k", 9)).build();
        assertValid(checker.check(unfinished));
    }

    @Test
    void shouldNotLetAReadSeeAWriteInvokedAfterItCompleted() {
        History history = new HistoryBuilder().okOp(1, "read", kv("k", null), kv("k", 9))
                .invoke(0, "write", kv("k", 9)).info(0, kv("k", 9), "timeout").build();
        single(checker.check(history), "not-linearizable");
    }

    @Test
    void shouldLetAnUnknownCasApplyOrNot() {
        History applied = new HistoryBuilder().okOp(0, "write", kv("k", 1), kv("k", 1))
                .invoke(1, "cas", kv("k", List.of(1L, 2L))).info(1, null, "timeout")
                .okOp(0, "read", kv("k", null), kv("k", 2)).build();
        assertValid(checker.check(applied));
        History notApplied = new HistoryBuilder().okOp(0, "write", kv("k", 1), kv("k", 1))
                .invoke(1, "cas", kv("k", List.of(1L, 2L))).info(1, null, "timeout")
                .okOp(0, "read", kv("k", null), kv("k", 1)).build();
        assertValid(checker.check(notApplied));
        History impossible = new HistoryBuilder().okOp(0, "write", kv("k", 5), kv("k", 5))
                .invoke(1, "cas", kv("k", List.of(1L, 2L))).info(1, null, "timeout")
                .okOp(0, "read", kv("k", null), kv("k", 2)).build();
        single(checker.check(impossible), "not-linearizable");
    }

    @Test
    void shouldDropFailedAndLostReads() {
        History history = new HistoryBuilder().okOp(0, "write", kv("k", 1), kv("k", 1))
                .invoke(1, "read", kv("k", null)).fail(1, kv("k", null), "unavailable")
                .invoke(2, "read", kv("k", null)).info(2, null, "timeout").build();
        CheckResult result = checker.check(history);
        assertValid(result);
        assertThat(result.stats()).containsEntry("droppedFailedOpsAndLostReads", 2);
    }

    @Test
    void shouldRejectAReadOfAValueNobodyWrote() {
        single(checker.check(new HistoryBuilder().okOp(1, "read", kv("k", null), kv("k", 42)).build()),
                "not-linearizable");
    }

    @Test
    void shouldCheckEachKeyOnItsOwnAndNameTheBadOne() {
        History history = new HistoryBuilder().okOp(0, "write", kv("a", 1), kv("a", 1))
                .okOp(0, "write", kv("b", 1), kv("b", 1)).okOp(1, "read", kv("a", null), kv("a", 1))
                .okOp(0, "write", kv("b", 2), kv("b", 2)).okOp(1, "read", kv("b", null), kv("b", 1)).build();
        CheckResult result = checker.check(history);
        assertThat(single(result, "not-linearizable").description()).startsWith("key b:");
        assertThat(result.stats()).containsEntry("keys", 2).containsEntry("keysNotLinearizable", 1);
    }

    @Test
    void shouldSayUnknownWhenTheBudgetRunsOut() {
        History history = new HistoryBuilder().invoke(0, "write", kv("k", 1)).invoke(1, "write", kv("k", 2))
                .invoke(2, "write", kv("k", 3)).ok(0, kv("k", 1)).ok(1, kv("k", 2)).ok(2, kv("k", 3))
                .okOp(3, "read", kv("k", null), kv("k", 2)).build();
        assertValid(checker.check(history));
        CheckResult starved = new RegisterChecker(2).check(history);
        assertThat(single(starved, "search-budget-exhausted").description()).contains("key k")
                .contains("verdict unknown");
        assertThat(starved.stats()).containsEntry("keysUnknown", 1);
    }

    @Test
    void shouldReportAMalformedOpInsteadOfFailing() {
        History history = new HistoryBuilder().okOp(0, "write", List.of("k"), List.of("k")).build();
        single(checker.check(history), "malformed-op");
    }

    @Test
    void shouldIgnoreOtherWorkloadsReadsAndWrites() {
        // the watch workload writes {"key","value"} maps and the bank reads with no [key, ...] list
        History history = new HistoryBuilder().okOp(0, "write", java.util.Map.of("key", "x", "value", "1"),
                java.util.Map.of("key", "x", "value", "1", "revision", 3L)).okOp(1, "read", null,
                java.util.Map.of("balances", java.util.Map.of(), "total", 0L)).build();
        CheckResult result = checker.check(history);
        assertValid(result);
        assertThat(result.stats()).containsEntry("keys", 0);
    }

    @Test
    void shouldCheckALongHistoryWithoutRunningOutOfStack() {
        HistoryBuilder builder = new HistoryBuilder();
        for (int n = 0; n < 5_000; n++) {
            // a write and a read inside it that sees either the old or the new value
            builder.invoke(0, "write", kv("k", n)).invoke(1, "read", kv("k", null))
                    .ok(1, kv("k", n % 2 == 0 ? before(n) : Long.valueOf(n))).ok(0, kv("k", n));
        }
        assertValid(checker.check(builder.build()));
        builder.okOp(1, "read", kv("k", null), kv("k", 0));
        single(checker.check(builder.build()), "not-linearizable");
    }

    private static Long before(int n) {
        return n == 0 ? null : Long.valueOf(n - 1);
    }

    static List<Object> kv(String key, Object value) {
        return Arrays.asList(key, value instanceof Integer i ? (Object) i.longValue() : value);
    }
}
