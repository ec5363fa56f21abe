package dev.distlab.paxos.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlab.paxos.core.Command;
import dev.distlab.paxos.core.CommandId;
import dev.distlab.paxos.core.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KvStateMachineTest {
    private final KvStateMachine kv = new KvStateMachine(100);

    @Test
    void putsCountVersionsAndTheStoreRevision() {
        KvResult created = kv.execute(KvCommand.put("a", "1"));
        assertThat(created.status()).isEqualTo(KvResult.Status.CREATED);
        assertThat(created.entry()).isEqualTo(new KvEntry("a", "1", 1, 1, 1));
        kv.execute(KvCommand.put("b", "x"));
        KvResult replaced = kv.execute(KvCommand.put("a", "2"));
        assertThat(replaced.status()).isEqualTo(KvResult.Status.REPLACED);
        assertThat(replaced.entry()).isEqualTo(new KvEntry("a", "2", 2, 1, 3));
        assertThat(kv.revision()).isEqualTo(3);
    }

    @Test
    void ifMatchAndIfNoneMatchGuardWrites() {
        kv.execute(KvCommand.put("a", "1"));
        assertThat(kv.execute(KvCommand.putIfAbsent("a", "2")).status()).isEqualTo(KvResult.Status.PRECONDITION_FAILED);
        KvResult stale = kv.execute(KvCommand.putIfMatch("a", "2", 7));
        assertThat(stale.status()).isEqualTo(KvResult.Status.PRECONDITION_FAILED);
        assertThat(stale.entry().modRevision()).isEqualTo(1);
        assertThat(kv.execute(KvCommand.putIfMatch("a", "2", 1)).status()).isEqualTo(KvResult.Status.REPLACED);
        assertThat(kv.execute(KvCommand.putIfMatch("missing", "2", 1)).status())
                .isEqualTo(KvResult.Status.PRECONDITION_FAILED);
        assertThat(kv.execute(KvCommand.putIfAbsent("new", "n")).status()).isEqualTo(KvResult.Status.CREATED);
        assertThat(kv.revision()).isEqualTo(3);
    }

    @Test
    void deleteRemovesAndRestartsTheVersion() {
        kv.execute(KvCommand.put("a", "1"));
        kv.execute(KvCommand.put("a", "2"));
        assertThat(kv.execute(KvCommand.deleteIfMatch("a", 1)).status()).isEqualTo(KvResult.Status.PRECONDITION_FAILED);
        KvResult deleted = kv.execute(KvCommand.deleteIfMatch("a", 2));
        assertThat(deleted.status()).isEqualTo(KvResult.Status.DELETED);
        assertThat(deleted.revision()).isEqualTo(3);
        assertThat(kv.get("a")).isNull();
        assertThat(kv.execute(KvCommand.delete("a")).status()).isEqualTo(KvResult.Status.NOT_FOUND);
        assertThat(kv.execute(KvCommand.put("a", "3")).entry()).isEqualTo(new KvEntry("a", "3", 1, 4, 4));
    }

    @Test
    void rangeIsSortedAndFilteredByPrefix() {
        kv.execute(KvCommand.put("x/2", "b"));
        kv.execute(KvCommand.put("x/1", "a"));
        kv.execute(KvCommand.put("y", "c"));
        assertThat(kv.range("x/")).extracting(KvEntry::key).containsExactly("x/1", "x/2");
        assertThat(kv.range("")).hasSize(3);
    }

    @Test
    void eventsAfterARevisionComeInOrderUntilCompacted() {
        kv.execute(KvCommand.put("p/a", "1"));
        kv.execute(KvCommand.put("q", "1"));
        kv.execute(KvCommand.delete("p/a"));
        kv.execute(KvCommand.put("p/b", "2"));
        assertThat(kv.eventsAfter("p/", 0).events()).containsExactly(
                new KvEvent(KvEvent.Type.PUT, "p/a", "1", 1),
                new KvEvent(KvEvent.Type.DELETE, "p/a", null, 3),
                new KvEvent(KvEvent.Type.PUT, "p/b", "2", 4));
        assertThat(kv.eventsAfter("p/", 3).events()).extracting(KvEvent::modRevision).containsExactly(4L);
        kv.compact(2);
        EventsResult gone = kv.eventsAfter("p/", 1);
        assertThat(gone.isCompacted()).isTrue();
        assertThat(gone.compactRevision()).isEqualTo(2);
        assertThat(kv.eventsAfter("p/", 2).events()).hasSize(2);
    }

    @Test
    void historyBeyondTheLimitIsCompactedAutomatically() {
        KvStateMachine small = new KvStateMachine(2);
        for (int i = 0; i < 5; i++) {
            small.execute(KvCommand.put("k", "v" + i));
        }
        assertThat(small.compactRevision()).isEqualTo(3);
        assertThat(small.eventsAfter("", 2).isCompacted()).isTrue();
        assertThat(small.eventsAfter("", 3).events()).hasSize(2);
    }

    @Test
    void aRetriedCommandIsAppliedOnceAndGetsTheFirstAnswer() {
        Command put = new Command(new CommandId("client", 1), KvCommand.put("a", "1").encode());
        Map<CommandId, KvResult> first = kv.apply(1, Value.of(put));
        Map<CommandId, KvResult> again = kv.apply(2, Value.of(put));
        assertThat(again.get(put.id())).isEqualTo(first.get(put.id()));
        assertThat(kv.revision()).isEqualTo(1);
        assertThat(kv.get("a").version()).isEqualTo(1);
        Command next = new Command(new CommandId("client", 2), KvCommand.put("a", "2").encode());
        kv.apply(3, Value.of(next));
        assertThat(kv.apply(4, Value.of(put)).get(put.id()).status()).isEqualTo(KvResult.Status.STALE_REQUEST);
        assertThat(kv.get("a").value()).isEqualTo("2");
    }

    @Test
    void forgetsTheLeastRecentlyWrittenSessionBeyondTheLimitTheSameWayAfterASnapshot() {
        long slot = 0;
        for (int i = 0; i < KvStateMachine.MAX_SESSIONS; i++) {
            kv.apply(++slot, Value.of(command("client-" + i, 1, KvCommand.put("k", "v" + i))));
        }
        Command latestOfClient0 = command("client-0", 2, KvCommand.put("k0", "w"));
        kv.apply(++slot, Value.of(latestOfClient0)); // client-0 is now the most recently written session
        kv.apply(++slot, Value.of(command("newcomer", 1, KvCommand.put("k", "x")))); // one too many: client-1 goes
        KvStateMachine restored = new KvStateMachine(100);
        restored.restore(kv.snapshot());

        for (KvStateMachine machine : List.of(kv, restored)) {
            long next = slot;
            Command forgotten = command("client-1", 1, KvCommand.put("k", "v1"));
            assertThat(machine.apply(++next, Value.of(forgotten)).get(forgotten.id()).status())
                    .as("a retry from a forgotten session is applied again").isEqualTo(KvResult.Status.REPLACED);
            long revision = machine.revision();
            assertThat(machine.apply(++next, Value.of(latestOfClient0)).get(latestOfClient0.id()).status())
                    .isEqualTo(KvResult.Status.CREATED);
            assertThat(machine.revision()).as("client-0's retry is still deduplicated").isEqualTo(revision);
        }
    }

    private static Command command(String client, long seq, KvCommand command) {
        return new Command(new CommandId(client, seq), command.encode());
    }

    @Test
    void aSlotIsAppliedOnlyOnce() {
        Command put = new Command(new CommandId("client", 1), KvCommand.put("a", "1").encode());
        kv.apply(5, Value.of(put));
        assertThat(kv.apply(5, Value.NOOP)).isEmpty();
        assertThat(kv.appliedIndex()).isEqualTo(5);
    }

    @Test
    void aSnapshotRestoresStateHistoryAndDedupTableByteForByte() {
        Command put = new Command(new CommandId("client", 1), KvCommand.put("a", "1").encode());
        kv.apply(1, Value.of(put));
        kv.apply(2, Value.of(new Command(new CommandId("other", 1), KvCommand.delete("a").encode())));
        kv.apply(3, Value.of(new Command(new CommandId("other", 2), KvCommand.put("b", "\u00e9\u4e2d").encode())));
        kv.compact(1);
        byte[] bytes = kv.snapshot();
        KvStateMachine copy = new KvStateMachine(100);
        copy.restore(bytes);
        assertThat(copy.snapshot()).isEqualTo(bytes);
        assertThat(copy.range("")).isEqualTo(kv.range(""));
        assertThat(copy.revision()).isEqualTo(3);
        assertThat(copy.appliedIndex()).isEqualTo(3);
        assertThat(copy.eventsAfter("", 0).isCompacted()).isTrue();
        assertThat(copy.eventsAfter("", 1).events()).hasSize(2);
        assertThat(copy.apply(4, Value.of(put)).get(put.id()).status()).isEqualTo(KvResult.Status.CREATED);
        assertThat(copy.revision()).isEqualTo(3);
    }

    @Test
    void commandsSurviveEncoding() {
        for (KvCommand c : new KvCommand[] {KvCommand.put("k", "v"), KvCommand.putIfMatch("k", "v", 9),
                KvCommand.putIfAbsent("k", ""), KvCommand.delete("k"), KvCommand.deleteIfMatch("k", 3), KvCommand.noop()}) {
            assertThat(KvCommand.decode(c.encode())).isEqualTo(c);
        }
    }
}
