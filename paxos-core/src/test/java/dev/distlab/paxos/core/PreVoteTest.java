package dev.distlab.paxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlab.paxos.core.message.Message;
import dev.distlab.paxos.core.message.PreVote;
import dev.distlab.paxos.core.message.PreVoteReply;
import dev.distlab.paxos.core.message.Prepare;
import dev.distlab.paxos.core.message.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pre-vote, leader stickiness and check-quorum (issue 7 item 6; Raft thesis §9.6, etcd PreVote/CheckQuorum). */
class PreVoteTest {
    private static final int E = PaxosConfig.ofSize(3).electionTicks();

    @Test
    void aFollowerThatHeardTheLeaderRecentlyDeniesPreVotesAndIgnoresPrepares() {
        TestCluster c = new TestCluster(3);
        c.elect(1);
        Ballot next = new Ballot(c.r(2).promised().round() + 1, 3);

        List<Message> out = stepAndTake(c, 2, new PreVote(3, 2, next, c.r(2).commitIndex()));
        assertThat(out).singleElement().extracting(m -> ((PreVoteReply) m).granted()).isEqualTo(false);
        out = stepAndTake(c, 2, new Prepare(3, 2, next, 1));
        assertThat(out).as("in the lease of leader 1").isEmpty();
        assertThat(c.r(2).promised()).isNotEqualTo(next);

        c.hearNothingFor(2, E);
        out = stepAndTake(c, 2, new PreVote(3, 2, next, c.r(2).commitIndex()));
        assertThat(out).singleElement().extracting(m -> ((PreVoteReply) m).granted()).isEqualTo(true);
        assertThat(c.r(2).promised()).as("a pre-vote grant changes nothing").isNotEqualTo(next);
        out = stepAndTake(c, 2, new Prepare(3, 2, next, 1));
        assertThat(out).singleElement().isInstanceOf(Promise.class);
    }

    @Test
    void aCandidateThatKnowsFewerChosenSlotsGetsNoPreVote() {
        TestCluster c = new TestCluster(3);
        c.elect(1);
        c.r(1).propose(TestCluster.cmd("c", 1, "x"));
        c.run(3, m -> false);
        assertThat(c.r(2).commitIndex()).isEqualTo(1);
        c.hearNothingFor(2, E);
        Ballot next = new Ballot(c.r(2).promised().round() + 1, 3);
        List<Message> out = stepAndTake(c, 2, new PreVote(3, 2, next, 0));
        assertThat(out).singleElement().extracting(m -> ((PreVoteReply) m).granted()).isEqualTo(false);
    }

    @Test
    void anElectionTimeoutRaisesNoBallotUntilAMajorityGrantedThePreVote() {
        TestCluster c = new TestCluster(3);
        c.elect(1);
        Ballot before = c.r(3).promised();
        int records = c.disks.get(3).entries().size();
        List<Message> sent = new ArrayList<>();
        for (int t = 0; t < 3 * E; t++) { // node 3 hears nothing: every answer is lost
            c.r(3).tick();
            c.process();
            sent.addAll(c.inFlight);
            c.inFlight.clear();
        }
        assertThat(sent).isNotEmpty().allMatch(m -> m instanceof PreVote);
        assertThat(c.r(3).promised()).isEqualTo(before);
        assertThat(c.disks.get(3).promised()).isEqualTo(before);
        assertThat(c.disks.get(3).entries()).hasSize(records);

        c.hearNothingFor(2, E); // leader 1 is gone for node 2 as well: node 3 may now win
        c.r(1).tick();
        c.inFlight.clear();
        for (int t = 0; t < 3 * E && c.r(3).role() != Role.LEADER && c.r(2).role() != Role.LEADER; t++) {
            c.r(2).tick();
            c.r(3).tick();
            c.deliverAll(m -> m.to() == 1 || m.from() == 1);
        }
        assertThat(c.r(2).role() == Role.LEADER || c.r(3).role() == Role.LEADER).isTrue();
    }

    @Test
    void aLeaderStepsDownOneElectionTimeoutAfterItLastHeardFromAMajorityWhateverTheTickItHappened() {
        TestCluster c = new TestCluster(3);
        c.elect(1);
        for (int t = 0; t < 7; t++) { // the last acks arrive mid-window of the old every-E-ticks check
            c.r(1).tick();
            c.deliverAll();
        }
        int ticks = 0;
        while (c.r(1).role() == Role.LEADER && ticks < 3 * E) {
            c.r(1).tick();
            c.process();
            c.inFlight.clear();
            ticks++;
        }
        assertThat(ticks).as("ticks from the last ack to stepping down").isLessThanOrEqualTo(E + 1);
    }

    private static List<Message> stepAndTake(TestCluster c, int id, Message m) {
        c.r(id).step(m);
        int before = c.inFlight.size();
        c.process();
        List<Message> out = new ArrayList<>(c.inFlight).subList(before, c.inFlight.size());
        c.inFlight.clear();
        return out;
    }
}
