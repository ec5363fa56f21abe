package dev.distlab.coordinator;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the coordinator runs the bank (BANK.md's timings). Each can be overridden from the environment, e.g.
 * {@code PLATFORM_BANK_MODE=local}, {@code PLATFORM_BANK_VOTETIMEOUT=2s},
 * {@code PLATFORM_BANK_PARTICIPANTS=participant-1=http://127.0.0.1:8081,participant-2=...}.
 *
 * @param participants every participant as {@code id=baseUrl}, in id order; they own the accounts (placed by a
 *        stable hash of the account id over this list) and are the config store's replicas
 * @param mode where decisions are kept: {@code paxos} (the config store) or {@code local} (this coordinator's
 *        database)
 * @param voteTimeout longest wait for one participant's vote; a missing vote aborts (reason TIMEOUT)
 * @param busyAccountWait longest a transaction waits, before it prepares, while other transactions of this
 *        coordinator have its accounts (until the account's participant answered their phase 2); then it goes on, and a
 *        participant that still holds an account's lock votes NO CONFLICT. Zero: no waiting
 * @param inDoubtTimeout the participants' in-doubt timeout: a PENDING idempotency record older than twice this,
 *        with no decision, gets a create-only ABORT decision
 * @param recoveryInterval how often recovery looks for transactions of this coordinator that are not completed
 * @param retryInitialBackoff first wait before a phase-2 call is retried; it doubles on each failure
 * @param retryMaxBackoff longest wait between two retries of a phase-2 call
 * @param idempotencyWait how long a request whose Idempotency-Key names a PENDING transaction waits for its outcome
 * @param idempotencyRetention how long a final idempotency record is kept (from its createdAt); a retry with the
 *        key after that runs again. A PENDING one that old is settled (its decision, or ABORT) and then removed
 * @param idempotencyMaxRecords at most this many final idempotency records are kept; past it the oldest go first
 * @param decisionRetention how long {@code tx/<txId>/decision} stays in the store after its transaction completed;
 *        a transaction older than half of it is never decided COMMIT (a participant's in-doubt branch that old
 *        asks its coordinator instead of writing ABORT)
 * @param historyRetention how long a completed transaction stays in this coordinator's history (at least
 *        decision-retention); asked about an unknown transaction prepared longer ago than half of it, this
 *        coordinator answers UNKNOWN instead of presuming abort
 * @param retentionSweepInterval how often expired decisions, history rows and idempotency records are removed
 *        (first shortly after start)
 * @param retentionParallelism how many deletes from the config store the retention sweep runs at once
 * @param participantTimeout timeout of one participant call other than prepare (phase 2, accounts, snapshots)
 * @param storeTimeout timeout of one request to the config store
 * @param peerTimeout timeout of one question to a peer coordinator
 * @param snapshotAttempts attempts at one consistent snapshot before GET /api/accounts answers 503
 * @param coordinatorUrl this coordinator's base URL as participants reach it (local mode asks it for decisions);
 *        empty: {@code http://127.0.0.1:<server port>}
 * @param poolSize connections of the database pool (one more is kept for the group-committed sync)
 * @param branchBatchSize at most this many branch operations (prepare, commit, abort) of concurrent transactions
 *        go to one participant in one call (1-256; 1: every operation a call of its own)
 * @param branchCallsInFlight at most this many such calls to one participant at once; later operations wait and
 *        go together in the next call
 * @param decisionBatchSize at most this many decisions of concurrent transactions go to the config store in one
 *        call (1-256; 1: every decision a PUT of its own, as many at once as asked)
 * @param decisionCallsInFlight at most this many such calls to the store at once; later decisions wait and go
 *        together in the next call
 * @param historyGroupSize at most this many writes of concurrent transactions to this coordinator's history
 *        (begin, votes, decision, acknowledgements, completion) share one database transaction and one force
 *        (1-1024; 1: each write a transaction of its own, one at a time)
 * @param historyCheckpointInterval how often the history's database is forced to disk and its write-ahead log
 *        emptied; the log holds at most the forced writes of this long
 */
@ConfigurationProperties("platform.bank")
public record BankProperties(
        @DefaultValue({ "participant-1=http://127.0.0.1:8081", "participant-2=http://127.0.0.1:8082",
                "participant-3=http://127.0.0.1:8083" }) List<String> participants,
        @DefaultValue("paxos") Mode mode,
        @DefaultValue("3s") Duration voteTimeout,
        @DefaultValue("1s") Duration busyAccountWait,
        @DefaultValue("5s") Duration inDoubtTimeout,
        @DefaultValue("2s") Duration recoveryInterval,
        @DefaultValue("100ms") Duration retryInitialBackoff,
        @DefaultValue("2s") Duration retryMaxBackoff,
        @DefaultValue("5s") Duration idempotencyWait,
        @DefaultValue("1h") Duration idempotencyRetention,
        @DefaultValue("50000") int idempotencyMaxRecords,
        @DefaultValue("10m") Duration decisionRetention,
        @DefaultValue("1h") Duration historyRetention,
        @DefaultValue("1m") Duration retentionSweepInterval,
        @DefaultValue("16") int retentionParallelism,
        @DefaultValue("5s") Duration participantTimeout,
        @DefaultValue("5s") Duration storeTimeout,
        @DefaultValue("2s") Duration peerTimeout,
        @DefaultValue("3") int snapshotAttempts,
        @DefaultValue("") String coordinatorUrl,
        @DefaultValue("16") int poolSize,
        @DefaultValue("256") int branchBatchSize,
        @DefaultValue("2") int branchCallsInFlight,
        @DefaultValue("256") int decisionBatchSize,
        @DefaultValue("2") int decisionCallsInFlight,
        @DefaultValue("128") int historyGroupSize,
        @DefaultValue("10s") Duration historyCheckpointInterval) {

    public BankProperties {
        if (historyRetention.compareTo(decisionRetention) < 0) {
            throw new IllegalArgumentException("platform.bank.history-retention (" + historyRetention
                    + ") must be at least platform.bank.decision-retention (" + decisionRetention + "): a transaction "
                    + "leaves the history only after its decision left the store");
        }
        if (busyAccountWait.isNegative()) {
            throw new IllegalArgumentException("platform.bank.busy-account-wait must not be negative");
        }
        if (retentionParallelism < 1) {
            throw new IllegalArgumentException("platform.bank.retention-parallelism must be at least 1");
        }
        if (branchBatchSize < 1 || branchBatchSize > 256) {
            throw new IllegalArgumentException("platform.bank.branch-batch-size must be 1-256 (a participant takes "
                    + "at most 256 operations in one batch)");
        }
        if (branchCallsInFlight < 1) {
            throw new IllegalArgumentException("platform.bank.branch-calls-in-flight must be at least 1");
        }
        if (decisionBatchSize < 1 || decisionBatchSize > 256) {
            throw new IllegalArgumentException("platform.bank.decision-batch-size must be 1-256 (the config store "
                    + "takes at most 256 writes in one batch)");
        }
        if (decisionCallsInFlight < 1) {
            throw new IllegalArgumentException("platform.bank.decision-calls-in-flight must be at least 1");
        }
        if (historyGroupSize < 1 || historyGroupSize > 1024) {
            throw new IllegalArgumentException("platform.bank.history-group-size must be 1-1024 (one transaction "
                    + "holds the row locks of all its writes until it commits)");
        }
        if (historyCheckpointInterval.isNegative() || historyCheckpointInterval.isZero()) {
            throw new IllegalArgumentException("platform.bank.history-checkpoint-interval must be positive");
        }
        if (idempotencyMaxRecords < 1) {
            throw new IllegalArgumentException("platform.bank.idempotency-max-records must be at least 1");
        }
    }
}
