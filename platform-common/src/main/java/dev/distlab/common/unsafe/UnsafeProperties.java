package dev.distlab.common.unsafe;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.unsafe.*}: planted bugs for teaching, every one off by default (see {@link UnsafeSwitch}).
 * {@code ./cluster up --unsafe NAME[,NAME]} passes {@code --platform.unsafe.NAME=true} to every service; each
 * service acts only on its own switches.
 */
@ConfigurationProperties("platform.unsafe")
public class UnsafeProperties {

    /** The participant answers YES before its prepared branch is on disk (written write-delay later). */
    private boolean voteBeforeFsync;

    /** The participant's Paxos acceptor sends promises and accepts before they are on disk (written write-delay later). */
    private boolean acceptBeforeFsync;

    /** The participant answers default (linearizable) config store reads from its local replica. */
    private boolean readsWithoutQuorum;

    /** The coordinator starts phase 2 without a durable decision (no tx/&lt;id&gt;/decision; no forced row). */
    private boolean skipDecisionRecord;

    /** The gateway's round-robin policy skews its shares: the first instance gets twice its share. */
    private boolean roundRobinOffByOne;

    /**
     * How long after its answer a deferred write (vote-before-fsync, accept-before-fsync) reaches the disk: a
     * crash within it loses what was answered. The OS keeps what a killed process wrote, so the write itself is
     * deferred, not only its fsync. Two seconds, because that is how long unsynced data can sit in a real page
     * cache before a power cut (Linux's flusher wakes every 5 s); a few hundred milliseconds held so little
     * that a default verify run often killed nothing that was still pending.
     */
    private Duration writeDelay = Duration.ofSeconds(2);

    public boolean isOn(UnsafeSwitch unsafe) {
        return switch (unsafe) {
            case VOTE_BEFORE_FSYNC -> voteBeforeFsync;
            case ACCEPT_BEFORE_FSYNC -> acceptBeforeFsync;
            case READS_WITHOUT_QUORUM -> readsWithoutQuorum;
            case SKIP_DECISION_RECORD -> skipDecisionRecord;
            case ROUND_ROBIN_OFF_BY_ONE -> roundRobinOffByOne;
        };
    }

    /** The switches that are on, in declaration order. */
    public List<UnsafeSwitch> on() {
        return Arrays.stream(UnsafeSwitch.values()).filter(this::isOn).toList();
    }

    public boolean isVoteBeforeFsync() {
        return voteBeforeFsync;
    }

    public void setVoteBeforeFsync(boolean voteBeforeFsync) {
        this.voteBeforeFsync = voteBeforeFsync;
    }

    public boolean isAcceptBeforeFsync() {
        return acceptBeforeFsync;
    }

    public void setAcceptBeforeFsync(boolean acceptBeforeFsync) {
        this.acceptBeforeFsync = acceptBeforeFsync;
    }

    public boolean isReadsWithoutQuorum() {
        return readsWithoutQuorum;
    }

    public void setReadsWithoutQuorum(boolean readsWithoutQuorum) {
        this.readsWithoutQuorum = readsWithoutQuorum;
    }

    public boolean isSkipDecisionRecord() {
        return skipDecisionRecord;
    }

    public void setSkipDecisionRecord(boolean skipDecisionRecord) {
        this.skipDecisionRecord = skipDecisionRecord;
    }

    public boolean isRoundRobinOffByOne() {
        return roundRobinOffByOne;
    }

    public void setRoundRobinOffByOne(boolean roundRobinOffByOne) {
        this.roundRobinOffByOne = roundRobinOffByOne;
    }

    public Duration getWriteDelay() {
        return writeDelay;
    }

    public void setWriteDelay(Duration writeDelay) {
        if (writeDelay == null || writeDelay.isNegative() || writeDelay.isZero()
                || writeDelay.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("platform.unsafe.write-delay must be between 1 ms and 1 min, not "
                    + writeDelay);
        }
        this.writeDelay = writeDelay;
    }
}
