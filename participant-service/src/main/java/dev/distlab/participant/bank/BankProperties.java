package dev.distlab.participant.bank;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How this participant's bank shard behaves (the timings of BANK.md). */
@ConfigurationProperties("platform.bank")
public class BankProperties {

    /** A PREPARED branch older than this is in doubt: the resolver asks for its decision. */
    private Duration inDoubtTimeout = Duration.ofSeconds(5);

    /** How often the resolver looks at the PREPARED branches. */
    private Duration resolveInterval = Duration.ofSeconds(1);

    /** How long a new prepare waits for a snapshot freeze to lift before it votes NO CONFLICT. */
    private Duration prepareFreezeWait = Duration.ofSeconds(1);

    /** How long a snapshot waits for the PREPARED branches to end before it answers 503. */
    private Duration snapshotDrainTimeout = Duration.ofSeconds(2);

    /** A snapshot freeze that is not released ends by itself after this time. */
    private Duration snapshotLapse = Duration.ofSeconds(5);

    /** Timeout of one question to a coordinator about a local-mode decision. */
    private Duration coordinatorTimeout = Duration.ofSeconds(2);

    /** Timeout of one read or write of a decision in the config store (it gives up sooner by itself). */
    private Duration storeTimeout = Duration.ofSeconds(10);

    /**
     * How often H2 is forced to disk and the write-ahead log emptied: the log holds at most this long's changes,
     * and a restart after a crash replays them.
     */
    private Duration checkpointInterval = Duration.ofSeconds(10);

    /** Connections of the bank database's pool (one more is kept for the disk force). */
    private int poolSize = 16;

    /**
     * A finished branch (COMMITTED, ABORTED, tombstone; never HEURISTIC) is deleted this long after it was decided;
     * a prepare whose transaction was created more than half of it ago is refused (NO EXPIRED), so a deleted
     * branch can never be prepared again.
     */
    private Duration branchRetention = Duration.ofHours(1);

    /** How often the collector deletes the finished branches older than the branch retention. */
    private Duration branchSweepInterval = Duration.ofMinutes(1);

    /**
     * How long the coordinators keep a transaction's decision after it completed: a PREPARED branch older than
     * this with no decision in the store is not aborted; its coordinator is asked (UNKNOWN: HEURISTIC).
     */
    private Duration decisionRetention = Duration.ofMinutes(10);

    public Duration getInDoubtTimeout() {
        return inDoubtTimeout;
    }

    public void setInDoubtTimeout(Duration inDoubtTimeout) {
        this.inDoubtTimeout = inDoubtTimeout;
    }

    public Duration getResolveInterval() {
        return resolveInterval;
    }

    public void setResolveInterval(Duration resolveInterval) {
        this.resolveInterval = resolveInterval;
    }

    public Duration getPrepareFreezeWait() {
        return prepareFreezeWait;
    }

    public void setPrepareFreezeWait(Duration prepareFreezeWait) {
        this.prepareFreezeWait = prepareFreezeWait;
    }

    public Duration getSnapshotDrainTimeout() {
        return snapshotDrainTimeout;
    }

    public void setSnapshotDrainTimeout(Duration snapshotDrainTimeout) {
        this.snapshotDrainTimeout = snapshotDrainTimeout;
    }

    public Duration getSnapshotLapse() {
        return snapshotLapse;
    }

    public void setSnapshotLapse(Duration snapshotLapse) {
        this.snapshotLapse = snapshotLapse;
    }

    public Duration getCoordinatorTimeout() {
        return coordinatorTimeout;
    }

    public void setCoordinatorTimeout(Duration coordinatorTimeout) {
        this.coordinatorTimeout = coordinatorTimeout;
    }

    public Duration getStoreTimeout() {
        return storeTimeout;
    }

    public void setStoreTimeout(Duration storeTimeout) {
        this.storeTimeout = storeTimeout;
    }

    public Duration getCheckpointInterval() {
        return checkpointInterval;
    }

    public void setCheckpointInterval(Duration checkpointInterval) {
        this.checkpointInterval = checkpointInterval;
    }

    public int getPoolSize() {
        return poolSize;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    public Duration getBranchRetention() {
        return branchRetention;
    }

    public void setBranchRetention(Duration branchRetention) {
        this.branchRetention = branchRetention;
    }

    public Duration getBranchSweepInterval() {
        return branchSweepInterval;
    }

    public void setBranchSweepInterval(Duration branchSweepInterval) {
        this.branchSweepInterval = branchSweepInterval;
    }

    public Duration getDecisionRetention() {
        return decisionRetention;
    }

    public void setDecisionRetention(Duration decisionRetention) {
        this.decisionRetention = decisionRetention;
    }

    /** A prepare of a transaction created before {@code now} minus this is refused (half the branch retention). */
    public Duration getPrepareExpiry() {
        return branchRetention.dividedBy(2);
    }
}
