package dev.distlab.paxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlab.paxos.core.message.Accept;
import dev.distlab.paxos.core.message.Accepted;
import dev.distlab.paxos.core.message.Heartbeat;
import dev.distlab.paxos.core.message.HeartbeatAck;
import dev.distlab.paxos.core.message.Message;
import dev.distlab.paxos.core.message.PreVote;
import dev.distlab.paxos.core.message.PreVoteReply;
import dev.distlab.paxos.core.message.Prepare;
import dev.distlab.paxos.core.message.Promise;
import dev.distlab.paxos.core.persist.PersistedState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Issue 7 item 3: A (1) and B (2) choose v at slot 1 while C (3) lags; B's data directory is wiped; C
 * campaigns while A is away. An empty B that votes lets C choose another value at slot 1; a rejoining B
 * (learner mode, {@link Rejoin}) does not, and votes again once it has caught up.
 */
class RejoinTest {
    private static final Predicate<Message> A_AWAY = m -> m.to() == 1 || m.from() == 1;
    private static final Value V = Value.of(TestCluster.cmd("c", 1, "v"));
    private static final Command W = TestCluster.cmd("d", 1, "w");

    /** A and B chose v at slot 1, C knows nothing; then B's disk is wiped and B restarts. */
    private static TestCluster chooseWithoutCThenWipeB(boolean rejoining) {
        TestCluster c = new TestCluster(3);
        c.elect(1);
        c.r(1).propose(V.commands().get(0));
        c.deliverAll(m -> m.to() == 3 || m.from() == 3);
        assertThat(c.r(1).commitIndex()).isEqualTo(1);
        assertThat(c.r(1).lastSlot()).isEqualTo(1);
        assertThat(c.r(3).lastSlot()).isZero();

        c.disks.put(2, new PersistedState());
        c.start(2, rejoining);
        c.hearNothingFor(3, c.config.electionTicks()); // A went away: C's lease on it runs out
        c.r(3).campaign();
        c.deliverAll(A_AWAY);
        c.r(3).propose(W); // refused unless C leads
        c.deliverAll(A_AWAY);
        return c;
    }

    @Test
    void documentsTheHazard_anEmptyRestartedReplicaHelpsChooseASecondValueInAChosenSlot() {
        TestCluster c = chooseWithoutCThenWipeB(false);

        assertThat(c.r(3).role()).isEqualTo(Role.LEADER);
        assertThat(c.applied.get(1)).extracting(CommittedEntry::value).containsExactly(V);
        assertThat(c.applied.get(3)).extracting(CommittedEntry::value).containsExactly(Value.of(W));
        assertThat(c.disks.get(2).entries()).as("B accepted it: with C a majority")
                .extracting(LogEntry::value).containsExactly(Value.of(W));
    }

    @Test
    void aRejoiningReplicaDoesNotPromiseSoNoSecondValueIsChosen() {
        TestCluster c = chooseWithoutCThenWipeB(true);

        assertThat(c.r(3).role()).isNotEqualTo(Role.LEADER);
        assertThat(c.applied.get(3)).isEmpty();
        c.run(200, A_AWAY);
        assertThat(c.applied.get(3)).as("without A no majority may choose anything").isEmpty();
        assertThat(c.applied.get(2)).isEmpty();

        c.run(200, m -> false); // A is back
        c.r(leader(c)).propose(TestCluster.cmd("c", 2, "w"));
        c.run(50, m -> false);
        for (int id = 1; id <= 3; id++) {
            assertThat(c.applied.get(id)).as("replica %d", id).extracting(CommittedEntry::value)
                    .startsWith(V).hasSize(2);
        }
        assertThat(c.r(2).rejoining()).as("caught up past a leader's bound").isFalse();
    }

    @Test
    void aRejoiningReplicaSendsNoVoteOfAnyKindAndNeverCampaigns() {
        PersistedState disk = new PersistedState();
        PaxosReplica r = PaxosReplica.restore(2, PaxosConfig.ofSize(3), disk, new Random(2), true);
        assertThat(r.rejoining()).isTrue();
        Ballot b = new Ballot(4, 1);
        List<Message> out = new ArrayList<>();
        out.addAll(stepAndTake(r, new Prepare(3, 2, new Ballot(5, 3), 1), disk));
        out.addAll(stepAndTake(r, new Accept(1, 2, b, List.of(new LogEntry(1, b, V, false)), 0), disk));
        out.addAll(stepAndTake(r, new Heartbeat(1, 2, b, 1, 7, 1), disk));
        out.addAll(stepAndTake(r, new PreVote(3, 2, new Ballot(5, 3), 9), disk));
        for (int t = 0; t < 500; t++) {
            r.tick();
            out.addAll(take(r, disk));
        }
        assertThat(out).noneMatch(m -> m instanceof Promise || m instanceof Accepted || m instanceof Prepare
                || m instanceof PreVote);
        assertThat(out).filteredOn(m -> m instanceof HeartbeatAck).extracting(m -> ((HeartbeatAck) m).seq())
                .containsOnly(0L);
        assertThat(out).filteredOn(m -> m instanceof PreVoteReply)
                .singleElement().extracting(m -> ((PreVoteReply) m).granted()).isEqualTo(false);
        assertThat(r.commitIndex()).as("it learns all the same").isEqualTo(1);
        assertThat(r.rejoining()).as("the heartbeat came before the warm-up ended").isTrue();
    }

    @Test
    void rejoiningEndsOnlyWhenTheSameLeaderCommitsAboveTheBoundItAnnouncedAfterTheWarmUp() {
        PaxosConfig config = PaxosConfig.ofSize(3);
        PersistedState disk = new PersistedState();
        PaxosReplica r = PaxosReplica.restore(2, config, disk, new Random(2), true);
        for (int t = 0; t < Rejoin.WARMUP_TIMEOUTS * config.electionTicks(); t++) {
            r.tick();
        }
        Ballot b = new Ballot(4, 1);
        List<LogEntry> chosen = List.of(new LogEntry(1, b, V, true), new LogEntry(2, b, V, true));
        stepAndTake(r, new Heartbeat(1, 2, b, 1, 1, 2), disk); // bound: slot 2 may be out
        stepAndTake(r, new dev.distlab.paxos.core.message.Learn(1, 2, b, chosen, 2), disk);
        stepAndTake(r, new Heartbeat(1, 2, b, 2, 2, 2), disk);
        assertThat(r.commitIndex()).isEqualTo(2);
        assertThat(r.rejoining()).as("commit 2 is not above bound 2").isTrue();

        stepAndTake(r, new Accept(1, 2, b, List.of(new LogEntry(3, b, V, false)), 3), disk);
        assertThat(r.commitIndex()).isEqualTo(3);
        assertThat(r.rejoining()).as("the leader has not said so in a heartbeat of its own").isTrue();
        stepAndTake(r, new Heartbeat(1, 2, b, 3, 3, 3), disk);
        assertThat(r.rejoining()).isFalse();

        List<Message> out = stepAndTake(r, new Heartbeat(1, 2, b, 3, 4, 3), disk);
        assertThat(out).singleElement().extracting(m -> ((HeartbeatAck) m).seq()).isEqualTo(4L);
    }

    private static int leader(TestCluster c) {
        return c.replicas.keySet().stream().filter(id -> c.r(id).role() == Role.LEADER).findFirst().orElseThrow();
    }

    private static List<Message> stepAndTake(PaxosReplica r, Message m, PersistedState disk) {
        r.step(m);
        return take(r, disk);
    }

    private static List<Message> take(PaxosReplica r, PersistedState disk) {
        List<Message> out = new ArrayList<>();
        while (r.hasReady()) {
            Ready rd = r.ready();
            disk.applyAll(rd.records());
            out.addAll(rd.messages());
            r.advance(rd);
        }
        return out;
    }
}
