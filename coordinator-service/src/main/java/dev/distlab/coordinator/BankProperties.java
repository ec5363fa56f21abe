package dev.distlab.coordinator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the coordinator runs the bank (BANK.md's timings). Each can be overridden from the environment, e.g.
 * {@code PLATFORM_BANK_MODE=local}, {@code PLATFORM_BANK_VOTETIMEOUT=2s},
 * {@code PLATFORM_BANK_PARTICIPANTS=participant-1=http://127.0.0.1:8081,participant-2=...}.
 */
@ConfigurationProperties("platform.bank")
public class BankProperties {

    /**
     * Every participant as {@code id=baseUrl}, in id order. They own the accounts (placed by a stable hash of
     * the account id over this list) and are also the config store's replicas.
     */
    private List<String> participants = new ArrayList<>(List.of("participant-1=http://127.0.0.1:8081",
            "participant-2=http://127.0.0.1:8082", "participant-3=http://127.0.0.1:8083"));

    /** Where decisions are kept: {@code paxos} (the config store) or {@code local} (this coordinator's database). */
    private Mode mode = Mode.PAXOS;

    /** Longest wait for one participant's vote; a missing vote aborts the transaction (reason TIMEOUT). */
    private Duration voteTimeout = Duration.ofSeconds(3);

    /**
     * The participants' in-doubt timeout. A PENDING idempotency record older than twice this, with no decision,
     * gets a create-only ABORT decision.
     */
    private Duration inDoubtTimeout = Duration.ofSeconds(5);

    /** How often recovery looks for transactions of this coordinator that are not completed. */
    private Duration recoveryInterval = Duration.ofSeconds(2);

    /** First wait before a phase-2 call (commit or abort) is retried; it doubles on each failure. */
    private Duration retryInitialBackoff = Duration.ofMillis(100);

    /** Longest wait between two retries of a phase-2 call. */
    private Duration retryMaxBackoff = Duration.ofSeconds(2);

    /** How long a request whose Idempotency-Key names a PENDING transaction waits for its outcome. */
    private Duration idempotencyWait = Duration.ofSeconds(5);

    /** Timeout of one participant call other than prepare (phase 2, accounts, snapshots). */
    private Duration participantTimeout = Duration.ofSeconds(5);

    /** Timeout of one request to the config store (shard map, decisions, idempotency records). */
    private Duration storeTimeout = Duration.ofSeconds(5);

    /** Timeout of one question to a peer coordinator (a transaction not in this coordinator's history). */
    private Duration peerTimeout = Duration.ofSeconds(2);

    /** Attempts at one consistent snapshot of every account before GET /api/accounts answers 503. */
    private int snapshotAttempts = 3;

    /**
     * This coordinator's base URL as participants reach it (they ask {@code /internal/bank/decisions} in local
     * mode). Empty: {@code http://127.0.0.1:<server port>}.
     */
    private String coordinatorUrl = "";

    /** Connections of the coordinator database's pool (one more is kept for the group-committed sync). */
    private int poolSize = 16;

    public List<String> getParticipants() {
        return participants;
    }

    public void setParticipants(List<String> participants) {
        this.participants = participants;
    }

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public Duration getVoteTimeout() {
        return voteTimeout;
    }

    public void setVoteTimeout(Duration voteTimeout) {
        this.voteTimeout = voteTimeout;
    }

    public Duration getInDoubtTimeout() {
        return inDoubtTimeout;
    }

    public void setInDoubtTimeout(Duration inDoubtTimeout) {
        this.inDoubtTimeout = inDoubtTimeout;
    }

    public Duration getRecoveryInterval() {
        return recoveryInterval;
    }

    public void setRecoveryInterval(Duration recoveryInterval) {
        this.recoveryInterval = recoveryInterval;
    }

    public Duration getRetryInitialBackoff() {
        return retryInitialBackoff;
    }

    public void setRetryInitialBackoff(Duration retryInitialBackoff) {
        this.retryInitialBackoff = retryInitialBackoff;
    }

    public Duration getRetryMaxBackoff() {
        return retryMaxBackoff;
    }

    public void setRetryMaxBackoff(Duration retryMaxBackoff) {
        this.retryMaxBackoff = retryMaxBackoff;
    }

    public Duration getIdempotencyWait() {
        return idempotencyWait;
    }

    public void setIdempotencyWait(Duration idempotencyWait) {
        this.idempotencyWait = idempotencyWait;
    }

    public Duration getParticipantTimeout() {
        return participantTimeout;
    }

    public void setParticipantTimeout(Duration participantTimeout) {
        this.participantTimeout = participantTimeout;
    }

    public Duration getStoreTimeout() {
        return storeTimeout;
    }

    public void setStoreTimeout(Duration storeTimeout) {
        this.storeTimeout = storeTimeout;
    }

    public Duration getPeerTimeout() {
        return peerTimeout;
    }

    public void setPeerTimeout(Duration peerTimeout) {
        this.peerTimeout = peerTimeout;
    }

    public int getSnapshotAttempts() {
        return snapshotAttempts;
    }

    public void setSnapshotAttempts(int snapshotAttempts) {
        this.snapshotAttempts = snapshotAttempts;
    }

    public String getCoordinatorUrl() {
        return coordinatorUrl;
    }

    public void setCoordinatorUrl(String coordinatorUrl) {
        this.coordinatorUrl = coordinatorUrl;
    }

    public int getPoolSize() {
        return poolSize;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }
}
