package dev.distlab.paxos.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvEntry;
import dev.distlab.paxos.kv.KvResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker must reject what it is there to catch, or a green sweep means nothing. */
class LinearizabilityCheckerTest {
    private final History h = new History();

    private Op put(String client, String value, long rev, long version, long create) {
        Op op = h.invoke(client, "k", KvCommand.put("k", value));
        h.completeWrite(op, new KvResult(version == 1 ? KvResult.Status.CREATED : KvResult.Status.REPLACED,
                new KvEntry("k", value, version, create, rev), rev));
        return op;
    }

    @Test
    void acceptsASequentialHistory() {
        put("a", "1", 1, 1, 1);
        Op read = h.invoke("b", "k", null);
        h.completeRead(read, new KvEntry("k", "1", 1, 1, 1));
        assertThat(LinearizabilityChecker.check(h.ops())).isTrue();
    }

    @Test
    void rejectsAStaleRead() {
        put("a", "1", 1, 1, 1);
        put("a", "2", 2, 2, 1);
        Op read = h.invoke("b", "k", null);
        h.completeRead(read, new KvEntry("k", "1", 1, 1, 1));
        assertThatThrownBy(() -> LinearizabilityChecker.check(h.ops())).isInstanceOf(Violation.class);
    }

    @Test
    void acceptsAReadConcurrentWithTheWriteItSees() {
        Op read = h.invoke("b", "k", null);
        Op write = h.invoke("a", "k", KvCommand.put("k", "1"));
        h.completeRead(read, new KvEntry("k", "1", 1, 1, 1));
        h.completeWrite(write, new KvResult(KvResult.Status.CREATED, new KvEntry("k", "1", 1, 1, 1), 1));
        assertThat(LinearizabilityChecker.check(h.ops())).isTrue();
    }

    @Test
    void aWriteWithUnknownOutcomeMayExplainARead() {
        h.invoke("a", "k", KvCommand.put("k", "1"));
        Op read = h.invoke("b", "k", null);
        h.completeRead(read, new KvEntry("k", "1", 1, 5, 5));
        assertThat(LinearizabilityChecker.check(h.ops())).isTrue();
    }

    @Test
    void rejectsALostIfNoneMatchRace() {
        Op a = h.invoke("a", "k", KvCommand.putIfAbsent("k", "a"));
        Op b = h.invoke("b", "k", KvCommand.putIfAbsent("k", "b"));
        h.completeWrite(a, new KvResult(KvResult.Status.CREATED, new KvEntry("k", "a", 1, 1, 1), 1));
        h.completeWrite(b, new KvResult(KvResult.Status.CREATED, new KvEntry("k", "b", 1, 2, 2), 2));
        assertThatThrownBy(() -> LinearizabilityChecker.check(h.ops())).isInstanceOf(Violation.class);
    }

    @Test
    void rejectsRevisionsThatGoBackInRealTime() {
        Op first = h.invoke("a", "x", KvCommand.put("x", "1"));
        h.completeWrite(first, new KvResult(KvResult.Status.CREATED, new KvEntry("x", "1", 1, 5, 5), 5));
        Op second = h.invoke("b", "y", KvCommand.put("y", "1"));
        h.completeWrite(second, new KvResult(KvResult.Status.CREATED, new KvEntry("y", "1", 1, 4, 4), 4));
        assertThatThrownBy(() -> LinearizabilityChecker.check(List.of(first, second))).isInstanceOf(Violation.class);
    }
}
