package dev.distlab.check.watch;

import static dev.distlab.check.CheckAssertions.assertValid;
import static dev.distlab.check.CheckAssertions.single;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.distlab.check.Anomaly;
import dev.distlab.check.CheckResult;
import dev.distlab.check.history.HistoryBuilder;
import dev.distlab.check.history.Op;

/** The watch checker against a watcher that skips, repeats, reorders or garbles events. */
class WatchCheckerTest {

    private final WatchChecker checker = new WatchChecker();

    @Test
    void shouldPassAWatcherThatSawEveryWriteOnceInOrder() {
        HistoryBuilder history = writes(11, 12, 13)
                .okOp(5, "watch", after(10), answer(10, 12, event(11), event(12)))
                .okOp(5, "watch", after(12), answer(12, 13, event(13)))
                .invoke(0, "write", Map.of("key", "k", "value", "lost")).info(0, null, "timeout");
        CheckResult result = checker.check(history.build());
        assertValid(result);
        assertThat(result.stats()).containsEntry("acknowledgedWrites", 3).containsEntry("unknownWrites", 1);
    }

    @Test
    void shouldPassAnEventOfAWriteWhoseAnswerWasLost() {
        HistoryBuilder history = writes(11).invoke(0, "write", Map.of("key", "k", "value", "v12")).info(0, null, "503")
                .okOp(5, "watch", after(10), answer(10, 12, event(11), event(12)));
        assertValid(checker.check(history.build()));
    }

    @Test
    void shouldCatchAWatchThatSkipsAnEvent() {
        HistoryBuilder history = writes(11, 12, 13)
                .okOp(5, "watch", after(10), answer(10, 13, event(11), event(13)));
        Anomaly anomaly = single(checker.check(history.build()), "missed-event");
        assertThat(anomaly.description()).contains("watcher 5").contains("revisions [12]");
        assertThat(anomaly.ops()).extracting(Op::f).contains("write", "watch");
    }

    @Test
    void shouldNotExpectWritesBeyondTheLastPolledRevision() {
        HistoryBuilder history = writes(11, 12, 13).okOp(5, "watch", after(10), answer(10, 12, event(11), event(12)));
        assertValid(checker.check(history.build()));
    }

    @Test
    void shouldCatchARepeatedEvent() {
        HistoryBuilder history = writes(11, 12)
                .okOp(5, "watch", after(10), answer(10, 12, event(11), event(12)))
                .okOp(5, "watch", after(11), answer(11, 12, event(12)));
        assertThat(single(checker.check(history.build()), "duplicate").description()).contains("revision 12 twice");
    }

    @Test
    void shouldCatchReorderedEvents() {
        HistoryBuilder history = writes(11, 12).okOp(5, "watch", after(10), answer(10, 12, event(12), event(11)));
        assertThat(single(checker.check(history.build()), "out-of-order").description())
                .contains("revision 11 after revision 12");
    }

    @Test
    void shouldCatchAnEventWithTheWrongValue() {
        Map<String, Object> garbled = Map.of("type", "put", "key", "k", "value", "v99", "revision", 11L);
        HistoryBuilder history = writes(11).okOp(5, "watch", after(10), answer(10, 11, garbled));
        single(checker.check(history.build()), "wrong-value");
    }

    @Test
    void shouldExcuseTheRangeACompactionRemoved() {
        HistoryBuilder history = writes(11, 12, 13, 14)
                .invoke(5, "watch", after(10)).fail(5, Map.of("afterRevision", 10L, "compactRevision", 12L), "compacted")
                .okOp(5, "watch", after(12), answer(12, 14, event(13), event(14)));
        CheckResult result = checker.check(history.build());
        assertValid(result);
        assertThat(((Map<?, ?>) ((Map<?, ?>) result.stats().get("watchers")).get("5")).get("compacted")).isEqualTo(1);
    }

    @Test
    void shouldJudgeEachWatcherOnItsOwn() {
        HistoryBuilder history = writes(11, 12)
                .okOp(5, "watch", after(10), answer(10, 12, event(11), event(12)))
                .okOp(6, "watch", after(10), answer(10, 12, event(12)));
        assertThat(single(checker.check(history.build()), "missed-event").description()).contains("watcher 6");
    }

    /** Acknowledged writes of key k with value v{revision}, one per revision given. */
    private static HistoryBuilder writes(long... revisions) {
        HistoryBuilder history = new HistoryBuilder();
        for (long revision : revisions) {
            history.okOp(0, "write", Map.of("key", "k", "value", "v" + revision),
                    Map.of("key", "k", "value", "v" + revision, "revision", revision));
        }
        return history;
    }

    private static Map<String, Object> after(long revision) {
        return Map.of("afterRevision", revision);
    }

    private static Map<String, Object> event(long revision) {
        return Map.of("type", "put", "key", "k", "value", "v" + revision, "revision", revision);
    }

    @SafeVarargs
    private static Map<String, Object> answer(long after, long upTo, Map<String, Object>... events) {
        return Map.of("afterRevision", after, "revision", upTo, "events", new ArrayList<>(List.of(events)));
    }
}
