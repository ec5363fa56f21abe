package dev.distlab.paxos.core;

/**
 * Learner mode of a replica that lost its durable state (a wiped data directory) and rejoins a formed cluster:
 * it learns chosen values (Learn, InstallSnapshot, commit indexes) and may store accepted entries, but sends
 * no Promise, no Accepted, no read-confirming heartbeat ack and no pre-vote grant, and never campaigns, until
 * it has learned the commit of a slot above the {@code proposalBound} of a leader's heartbeat, from that same
 * leader (Paxos Made Live §5.1: wait for one complete instance started after the catch-up began). Then it
 * votes normally.
 *
 * <p><b>Why a wiped replica must not vote at once.</b> Its lost accepts may have been part of the majority
 * that chose a value, and its lost promises may be the ones a candidate counts. Promising "with nothing"
 * lets a candidate whose other promiser lags miss a chosen value and choose another (issue 7 item 3: A and B
 * chose v at s, C lags, B is wiped, C campaigns, B promises with nothing, B and C choose another value at s).
 *
 * <p><b>Why it may vote after.</b> B (wiped at W) took bound β from heartbeat h of leader L, sent after W,
 * and later L's own heartbeat reported a commit index above β while B's commit index c is above β too. L
 * commits above its recovery end (&le; β) only through its own majorities, so slot β+1 was chosen in ballot
 * L by a majority Q that does not contain B (a rejoining replica acknowledges nothing), and each member of Q
 * accepted it after h (L proposes β+1 only after sending h).
 * <ol>
 * <li>Slots &le; c: B knows their chosen values and reports them as chosen (or in its snapshot) in every
 *     later promise, whatever it accepted before W.</li>
 * <li>No value was chosen with B's help before W at a slot t &gt; c, in any ballot b. If b &lt; L: L's phase 1
 *     majority intersects b's choosing majority in a replica that accepted before promising L (the other
 *     order is refused) and reported it, so L re-proposed t and t &le; L's recovery end &le; β. If b = L:
 *     L proposed t before W, hence before h, so t &le; β. If b &gt; L: b's choosing majority promised b before
 *     W, and it shares with Q a replica other than B, which then refused L's accept for β+1.</li>
 * <li>B's future ballots are new: a ballot (r, B) in which B led before W had a promise majority formed
 *     before W, which shares with Q a replica other than B; that replica accepted β+1 in L after h, so
 *     (r, B) &lt; L &le; B's promise, and B campaigns above every round it has seen.</li>
 * <li>B reneges on no promise that matters: a forgotten promise to P &gt; L whose phase 1 completed before
 *     h is impossible (as in 3, a member of its majority would have refused β+1). One whose phase 1 was
 *     still open at h could complete later with B's forgotten promise while B accepts L's next slots: that
 *     is excluded only by the assumption below.</li>
 * </ol>
 *
 * <p><b>Assumption.</b> Paxos alone cannot make a static member forget safely (etcd removes the member and
 * adds a new one instead). Rejoin assumes that no message sent before the wipe is still in flight, and no
 * candidacy opened before it still collects promises, once the rejoining replica has run for
 * {@link #WARMUP_TIMEOUTS} election timeouts: it takes its bound only from a heartbeat received after that
 * (a candidacy lasts one randomised election timeout, less than two). Restoring a wiped replica by hand
 * takes far longer. The service must keep restarting the replica as rejoining until {@code rejoining()}
 * turned false once.
 */
final class Rejoin {
    static final int WARMUP_TIMEOUTS = 2;

    private long warmupTicks;
    private Ballot leader;
    private long bound = -1;
    private boolean leaderCommittedPastBound;

    Rejoin(PaxosConfig config) {
        this.warmupTicks = (long) WARMUP_TIMEOUTS * config.electionTicks();
    }

    void tick() {
        if (warmupTicks > 0) {
            warmupTicks--;
        }
    }

    /**
     * A heartbeat B admitted. After the warm-up, the first one of a leader fixes that leader's bound (a newer
     * leader starts the wait again); a later one of the same leader may report a commit above it.
     */
    void heartbeat(Ballot ballot, long proposalBound, long leaderCommit) {
        if (warmupTicks > 0) {
            return;
        }
        if (leader == null || ballot.isAbove(leader)) {
            leader = ballot;
            bound = proposalBound;
            leaderCommittedPastBound = false;
        } else if (ballot.equals(leader) && leaderCommit > bound) {
            leaderCommittedPastBound = true;
        }
    }

    /** Whether knowing every chosen value up to {@code commitIndex} ends learner mode. */
    boolean caughtUp(long commitIndex) {
        return leaderCommittedPastBound && commitIndex > bound;
    }

    @Override
    public String toString() {
        return leader == null ? "rejoining(no bound yet)" : "rejoining(bound " + bound + " of " + leader + ")";
    }
}
