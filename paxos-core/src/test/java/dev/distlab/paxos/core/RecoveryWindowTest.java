package dev.distlab.paxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlab.paxos.core.message.Accept;
import dev.distlab.paxos.core.message.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 7 (6): a lagging node that wins an election re-proposes every slot it recovered. It must do so through
 * the in-flight window like fresh proposals, not ship its whole backlog in one burst.
 */
class RecoveryWindowTest {
    private static final int WINDOW = 4;
    private static final int SLOTS = 13;

    @Test
    void aNewLeaderReproposesRecoveredSlotsNoFasterThanTheWindow() {
        TestCluster c = new TestCluster(PaxosConfig.ofSize(3).withLimits(1, WINDOW, 2));
        c.elect(1);
        for (int i = 1; i <= SLOTS; i++) {
            c.r(1).propose(TestCluster.cmd("c", i, "v" + i));
        }
        c.deliverAll(m -> m.to() == 3 || m.from() == 3); // node 3 lags behind all of it
        c.r(1).tick();
        c.r(1).tick(); // a heartbeat tells node 2 the final commit index
        c.deliverAll(m -> m.to() == 3 || m.from() == 3);
        assertThat(c.r(2).commitIndex()).isEqualTo(SLOTS);
        assertThat(c.r(3).commitIndex()).isZero();

        c.hearNothingFor(2, c.config.electionTicks()); // leader 1 went silent: node 2's lease runs out
        int before = c.readies.get(3).size();
        c.r(3).campaign();
        c.deliverAll(m -> m.to() == 1 || m.from() == 1); // 3 must lead and recover with 2 alone
        assertThat(c.r(3).role()).isEqualTo(Role.LEADER);

        List<Accept> accepts = new ArrayList<>();
        for (Ready rd : c.readies.get(3).subList(before, c.readies.get(3).size())) {
            for (Message m : rd.messages()) {
                if (m instanceof Accept) {
                    accepts.add((Accept) m);
                }
            }
        }
        assertThat(accepts).extracting(a -> a.entries().get(a.entries().size() - 1).slot()).contains((long) SLOTS);
        for (Accept a : accepts) {
            for (LogEntry e : a.entries()) {
                assertThat(e.slot()).as("slot sent while commit was %d: %s", a.commitIndex(), a)
                        .isLessThanOrEqualTo(a.commitIndex() + WINDOW);
            }
        }
        assertThat(c.r(3).commitIndex()).isEqualTo(SLOTS);
        assertThat(c.applied.get(3)).extracting(CommittedEntry::value).isEqualTo(
                c.applied.get(1).stream().map(CommittedEntry::value).collect(java.util.stream.Collectors.toList()));
    }
}
