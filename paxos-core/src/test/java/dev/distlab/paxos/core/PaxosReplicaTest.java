package dev.distlab.paxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlab.paxos.core.message.Accept;
import dev.distlab.paxos.core.message.InstallSnapshot;
import dev.distlab.paxos.core.message.Message;
import dev.distlab.paxos.core.message.Prepare;
import dev.distlab.paxos.core.message.Promise;
import dev.distlab.paxos.core.message.Reject;
import dev.distlab.paxos.core.persist.EntryRecord;
import dev.distlab.paxos.core.persist.PersistedState;
import dev.distlab.paxos.core.persist.PromiseRecord;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PaxosReplicaTest {
    private static final PaxosConfig CONFIG = PaxosConfig.ofSize(3);

    private static List<Message> stepAndTake(PaxosReplica r, Message m, PersistedState disk) {
        r.step(m);
        Ready rd = r.ready();
        disk.applyAll(rd.records());
        r.advance(rd);
        return rd.messages();
    }

    @Test
    void aPromiseIsPersistedBeforeItIsSentAndKeptAfterRestart() {
        PersistedState disk = new PersistedState();
        PaxosReplica r = PaxosReplica.create(1, CONFIG, new Random(1));
        r.step(new Prepare(2, 1, new Ballot(5, 2), 1));
        Ready rd = r.ready();
        assertThat(rd.records()).hasSize(1).first().isInstanceOf(PromiseRecord.class);
        assertThat(rd.messages()).singleElement().isInstanceOf(Promise.class);
        disk.applyAll(rd.records());

        PaxosReplica restarted = PaxosReplica.restore(1, CONFIG, disk, new Random(1));
        List<Message> out = stepAndTake(restarted, new Prepare(3, 1, new Ballot(4, 3), 1), disk);
        assertThat(out).singleElement().isInstanceOf(Reject.class);
        out = stepAndTake(restarted, new Accept(3, 1, new Ballot(4, 3),
                List.of(new LogEntry(1, new Ballot(4, 3), Value.of(TestCluster.cmd("c", 1, "x")), false)), 0), disk);
        assertThat(out).singleElement().isInstanceOf(Reject.class);
        assertThat(((Reject) out.get(0)).promised()).isEqualTo(new Ballot(5, 2));
        assertThat(disk.entries()).isEmpty();
    }

    @Test
    void anAcceptedValueSurvivesRestartAndIsReportedToTheNextLeader() {
        PersistedState disk = new PersistedState();
        PaxosReplica r = PaxosReplica.create(2, CONFIG, new Random(2));
        Value v = Value.of(TestCluster.cmd("c", 1, "x"));
        stepAndTake(r, new Accept(1, 2, new Ballot(1, 1), List.of(new LogEntry(1, new Ballot(1, 1), v, false)), 0), disk);
        PaxosReplica restarted = PaxosReplica.restore(2, CONFIG, disk, new Random(2));
        List<Message> out = stepAndTake(restarted, new Prepare(3, 2, new Ballot(2, 3), 1), disk);
        Promise p = (Promise) out.get(0);
        assertThat(p.entries()).extracting(LogEntry::value).containsExactly(v);
    }

    @Test
    void aStaleLeadersAcceptIsRejectedAndItStepsDown() {
        TestCluster c = new TestCluster(3);
        c.elect(1);
        assertThat(c.r(1).role()).isEqualTo(Role.LEADER);
        c.elect(2);
        assertThat(c.r(2).role()).isEqualTo(Role.LEADER);
        // node 1 never heard of ballot 2 before; node 3 promised it
        c.r(1).step(new Prepare(2, 1, c.r(2).promised(), 1));
        assertThat(c.r(1).role()).isEqualTo(Role.FOLLOWER);
        PersistedState disk3 = c.disks.get(3);
        List<Message> out = stepAndTake(c.r(3), new Accept(1, 3, new Ballot(1, 1),
                List.of(new LogEntry(9, new Ballot(1, 1), Value.NOOP, false)), 0), disk3);
        assertThat(out).singleElement().isInstanceOf(Reject.class);
        assertThat(disk3.entries()).noneMatch(e -> e.slot() == 9);
    }

    @Test
    void aNewLeaderReproposesAcceptedValuesAndFillsGapsWithNoops() {
        Value x = Value.of(TestCluster.cmd("c", 2, "x"));
        PersistedState disk2 = new PersistedState()
                .apply(new PromiseRecord(new Ballot(1, 1)))
                .apply(new EntryRecord(new LogEntry(2, new Ballot(1, 1), x, false)));
        TestCluster c = new TestCluster(3);
        c.disks.put(2, disk2);
        c.start(2);
        c.r(3).campaign();
        c.deliverAll(m -> m.to() == 1 || m.from() == 1);
        assertThat(c.r(3).role()).isEqualTo(Role.LEADER);
        List<Value> chosen = c.applied.get(3).stream().map(CommittedEntry::value).collect(Collectors.toList());
        assertThat(chosen).containsExactly(Value.NOOP, x);
        assertThat(c.applied.get(2)).extracting(CommittedEntry::value).containsExactly(Value.NOOP, x);
    }

    @Test
    void proposalsCommitInOrderOnEveryReplica() {
        TestCluster c = new TestCluster(3);
        c.elect(1);
        for (int i = 1; i <= 5; i++) {
            assertThat(c.r(1).propose(TestCluster.cmd("c", i, "v" + i)).isAccepted()).isTrue();
            c.deliverAll();
        }
        c.r(1).tick();
        c.r(1).tick();
        c.deliverAll();
        for (int id = 1; id <= 3; id++) {
            assertThat(c.applied.get(id)).extracting(e -> e.value().commands().get(0).id().seq())
                    .containsExactly(1L, 2L, 3L, 4L, 5L);
        }
        Outcome redirect = c.r(2).propose(TestCluster.cmd("c", 6, "v6"));
        assertThat(redirect.isAccepted()).isFalse();
        assertThat(redirect.leaderHint()).isEqualTo(1);
    }

    @Test
    void aLaggingFollowerCatchesUpFromASnapshotAfterTheLeaderTruncated() {
        TestCluster c = new TestCluster(3);
        c.elect(1);
        for (int i = 1; i <= 10; i++) {
            c.r(1).propose(TestCluster.cmd("c", i, "v" + i));
            c.deliverAll(m -> m.to() == 3 || m.from() == 3);
        }
        long applied = c.r(1).appliedIndex();
        c.r(1).compact(applied, "state-at-leader".getBytes());
        c.process();
        assertThat(c.r(1).snapshotIndex()).isEqualTo(applied);
        c.r(1).tick();
        c.r(1).tick();
        c.deliverAll();
        assertThat(c.readies.get(3)).anyMatch(rd -> rd.snapshotToApply() != null
                && rd.snapshotToApply().index() == applied
                && new String(rd.snapshotToApply().data()).equals("state-at-leader"));
        assertThat(c.r(3).commitIndex()).isEqualTo(c.r(1).commitIndex());
        assertThat(c.disks.get(3).snapshot().index()).isEqualTo(applied);
    }

    @Test
    void anInstallSnapshotOlderThanTheCommitIndexIsIgnored() {
        TestCluster c = new TestCluster(3);
        c.elect(1);
        c.r(1).propose(TestCluster.cmd("c", 1, "v"));
        c.deliverAll();
        c.r(1).tick();
        c.r(1).tick();
        c.deliverAll();
        long commit = c.r(2).commitIndex();
        c.r(2).step(new InstallSnapshot(1, 2, c.r(1).promised(), new Snapshot(1, new byte[0])));
        assertThat(c.r(2).ready().snapshotToApply()).isNull();
        assertThat(c.r(2).commitIndex()).isEqualTo(commit);
    }

    @Test
    void aReadIsServedOnlyAfterAQuorumConfirmedLeadership() {
        TestCluster c = new TestCluster(3);
        c.elect(1);
        assertThat(c.r(1).read(7).isAccepted()).isTrue();
        c.process();
        assertThat(c.readStates(1)).isEmpty();
        c.deliverAll();
        assertThat(c.readStates(1)).extracting(ReadState::readId).containsExactly(7L);
        assertThat(c.r(2).read(8).isAccepted()).isFalse();
    }

    @Test
    void aPendingReadFailsWhenTheLeaderIsDeposed() {
        TestCluster c = new TestCluster(3);
        c.elect(1);
        c.r(1).read(7);
        c.r(1).propose(TestCluster.cmd("c", 1, "v"));
        c.process();
        c.inFlight.clear(); // the heartbeat round and the accept are lost
        c.r(1).step(new Prepare(2, 1, new Ballot(c.r(1).promised().round() + 1, 2), 1));
        c.process();
        assertThat(c.r(1).role()).isEqualTo(Role.FOLLOWER);
        assertThat(c.failedReads(1)).containsExactly(7L);
        assertThat(c.readies.get(1)).flatExtracting(Ready::droppedProposals)
                .extracting(DroppedProposal::id, DroppedProposal::mayBeApplied)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(new CommandId("c", 1), true));
        assertThat(c.readStates(1)).isEmpty();
    }

    @Test
    void aLeaderCutOffFromItsQuorumStepsDownAndDropsQueuedWork() {
        TestCluster c = new TestCluster(3);
        c.elect(1);
        for (int t = 0; t < CONFIG.electionTicks() * 3; t++) {
            c.r(1).tick();
            c.process();
            c.inFlight.clear();
        }
        assertThat(c.r(1).role()).isNotEqualTo(Role.LEADER);
    }

    @Test
    void duelingCandidatesSettleOnOneLeader() {
        TestCluster c = new TestCluster(5);
        c.r(1).campaign();
        c.r(2).campaign();
        c.deliverAll();
        for (int t = 0; t < 200 && java.util.stream.IntStream.rangeClosed(1, 5)
                .noneMatch(id -> c.r(id).role() == Role.LEADER); t++) {
            for (int id = 1; id <= 5; id++) {
                c.r(id).tick();
            }
            c.deliverAll();
        }
        assertThat(java.util.stream.IntStream.rangeClosed(1, 5).filter(id -> c.r(id).role() == Role.LEADER).count())
                .isEqualTo(1);
    }

    @Test
    void aSingleReplicaServesLinearizableReadsWithoutWaitingForPeers() {
        PaxosReplica r = PaxosReplica.create(1, PaxosConfig.ofSize(1), new Random(3));
        PersistedState disk = new PersistedState();
        for (int i = 0; i < 1_000 && r.role() != Role.LEADER; i++) {
            r.tick();
            Ready rd = r.ready();
            disk.applyAll(rd.records());
            r.advance(rd);
        }
        assertThat(r.role()).isEqualTo(Role.LEADER);
        assertThat(r.read(7).isAccepted()).isTrue();
        List<ReadState> served = new java.util.ArrayList<>();
        for (int i = 0; i < 10 && served.isEmpty(); i++) {
            Ready rd = r.ready();
            disk.applyAll(rd.records());
            served.addAll(rd.readStates());
            r.advance(rd);
        }
        assertThat(served).extracting(ReadState::readId).containsExactly(7L);
    }
}
