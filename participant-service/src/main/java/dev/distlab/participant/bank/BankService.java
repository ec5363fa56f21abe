package dev.distlab.participant.bank;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.distlab.common.fault.CrashPoints;
import dev.distlab.common.problem.ProblemException;
import dev.distlab.common.problem.Problems;
import dev.distlab.common.storage.H2GroupCommit;
import dev.distlab.participant.bank.BankImage.AccountRow;
import dev.distlab.participant.bank.BankImage.BranchRow;

/**
 * The resource manager of this participant's bank shard: accounts, and the branches of two-phase commit
 * transactions (prepare, commit, abort), in the order BANK.md gives. Every state change that a reply
 * depends on is committed in H2 and then made durable before the reply: a branch operation's rows through the
 * {@link BankLog} (by the operation itself, or once for a whole batch: {@link BranchScope}), a new account by
 * forcing H2. All operations on one transaction id run one at a time ({@link TxLocks}); account locks live in the
 * {@link LockTable}.
 * <p>
 * The statements of prepare, commit and abort are plain JDBC ({@link BankRows}), in the transactions JPA runs (a
 * batch's items share one); they load no entity. Account creation, the API's reads, snapshots, the in-doubt
 * resolver's scan and the start's lock rebuild go through the repositories, each in a transaction of its own.
 */
@Service
class BankService implements InitializingBean {

    static final long MAX_BALANCE = 1_000_000_000_000_000L;

    private static final Logger log = LoggerFactory.getLogger(BankService.class);

    /** The answer to a prepare: {@code state} is null when nothing was recorded (a CONFLICT). */
    record Vote(String txId, String vote, String reason, BranchState state) {
    }

    /**
     * What an in-doubt resolver learned: the outcome to apply (COMMITTED, ABORTED or HEURISTIC), or a null
     * outcome to stay PREPARED.
     */
    record Decision(BranchState outcome, String how) {
    }

    private final AccountRepository accounts;
    private final BranchRepository branches;
    private final BankRows rows;
    private final TransactionTemplate tx;
    private final H2GroupCommit disk;
    private final BankLog bankLog;
    private final LockTable locks;
    private final FreezeGate gate;
    private final TxLocks txLocks;
    private final BankMetrics metrics;
    private final CrashPoints crashPoints;
    private final BankProperties properties;
    private final Clock clock;
    private final DeferredVotes deferredVotes;

    BankService(AccountRepository accounts, BranchRepository branches, JdbcTemplate jdbc,
            PlatformTransactionManager transactions, H2GroupCommit disk, BankLog bankLog, LockTable locks,
            FreezeGate gate, TxLocks txLocks, BankMetrics metrics, CrashPoints crashPoints, BankProperties properties,
            Clock clock, DeferredVotes deferredVotes) {
        this.accounts = accounts;
        this.branches = branches;
        this.rows = new BankRows(jdbc);
        this.tx = new TransactionTemplate(transactions);
        this.disk = disk;
        this.bankLog = bankLog;
        this.locks = locks;
        this.gate = gate;
        this.txLocks = txLocks;
        this.metrics = metrics;
        this.crashPoints = crashPoints;
        this.properties = properties;
        this.clock = clock;
        this.deferredVotes = deferredVotes;
        locks.onRelease(gate::changed);
    }

    /** Rebuilds the lock table from the PREPARED branches, before any request is served. */
    @Override
    public void afterPropertiesSet() {
        locks.clear();
        List<Branch> prepared = branches.findByStateOrderByPreparedAtAsc(BranchState.PREPARED);
        for (Branch b : prepared) {
            List<String> accountIds = BranchCodec.operations(b.getOperationsJson()).stream()
                    .map(PrepareCommand.Operation::account).toList();
            LockTable.Lock conflict = locks.tryLockAll(b.getTxId(), accountIds);
            if (conflict != null) {
                throw new IllegalStateException("Two PREPARED branches, " + b.getTxId() + " and "
                        + conflict.txId() + ", both lock account " + conflict.account() + ": the bank database "
                        + "is inconsistent");
            }
        }
        if (!prepared.isEmpty()) {
            log.info("Bank shard recovered {} PREPARED branches holding {} account locks; they stay in doubt until "
                    + "their coordinator or the in-doubt resolver decides them", prepared.size(), locks.lockCount());
        }
    }

    // ------------------------------------------------------------------------------------------ accounts

    Account createAccount(String id, long balance) {
        if (accounts.existsById(id)) {
            throw accountExists(id);
        }
        Account account;
        try {
            account = inTx(() -> accounts.saveAndFlush(new Account(id, balance, clock.instant())));
        } catch (DataIntegrityViolationException e) {
            throw accountExists(id);
        }
        disk.force();
        return account;
    }

    Account account(String id) {
        return accounts.findById(id).orElseThrow(() -> problem(HttpStatus.NOT_FOUND,
                "Account '" + id + "' does not exist on this participant", "account", id));
    }

    String lockedBy(String accountId) {
        return locks.holder(accountId);
    }

    List<LockTable.Lock> locks() {
        return locks.locks();
    }

    // ------------------------------------------------------------------------------------------ prepare

    Vote prepare(String txId, PrepareCommand command) {
        return prepare(txId, command, alone());
    }

    /** A prepare whose force, and what follows it, happen as {@code scope} says (see {@link BatchScope}). */
    Vote prepare(String txId, PrepareCommand command, BranchScope scope) {
        crashPoints.reached("participant.before-vote");
        return txLocks.with(txId, () -> {
            deferredVotes.awaitWritten(txId);
            BranchRow existing = rows.branch(txId);
            if (existing != null) {
                scope.force(); // whatever this answer repeats is on disk
                return answerFrom(existing);
            }
            Instant expiredBefore = clock.instant().minus(properties.getPrepareExpiry());
            if (command.createdAt().isBefore(expiredBefore)) {
                // its branch record may already be collected here: preparing it could apply it twice
                metrics.vote(Branch.NO, BankReasons.EXPIRED);
                log.warn("Transaction {}: NO EXPIRED, it was created at {}, longer ago than {} (half the branch "
                        + "retention); nothing recorded", txId, command.createdAt(),
                        properties.getPrepareExpiry());
                return new Vote(txId, Branch.NO, BankReasons.EXPIRED, null);
            }
            Duration freezeWait = scope.freezeWaitLeft();
            if (!admit(freezeWait)) {
                metrics.conflict();
                metrics.vote(Branch.NO, BankReasons.CONFLICT);
                log.debug("Transaction {}: NO CONFLICT, a snapshot freeze held for {}", txId, freezeWait);
                return new Vote(txId, Branch.NO, BankReasons.CONFLICT, null);
            }
            try {
                return prepareAdmitted(txId, command, scope);
            } finally {
                gate.leave();
            }
        });
    }

    private boolean admit(Duration freezeWait) {
        try {
            return gate.admit(freezeWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Vote prepareAdmitted(String txId, PrepareCommand command, BranchScope scope) {
        LockTable.Lock conflict = locks.tryLockAll(txId, command.accounts());
        if (conflict != null) {
            metrics.conflict();
            metrics.vote(Branch.NO, BankReasons.CONFLICT);
            log.debug("Transaction {}: NO CONFLICT, account {} is locked by {}", txId, conflict.account(),
                    conflict.txId());
            return new Vote(txId, Branch.NO, BankReasons.CONFLICT, null);
        }
        boolean prepared = false;
        BranchRow yes;
        try {
            String reason = validate(command);
            Instant now = clock.instant();
            if (reason != null) {
                // a NO is recorded, so a repeated prepare gets the same answer; not forced: losing it is harmless
                insert(BranchRow.voted(txId, command, Branch.NO, reason, now));
                metrics.vote(Branch.NO, reason);
                return new Vote(txId, Branch.NO, reason, BranchState.ABORTED);
            }
            if (deferredVotes.enabled()) {
                prepared = true; // its locks stay held: the deferred write releases them only if it fails
                return voteBeforeDurable(txId, command, now);
            }
            yes = BranchRow.voted(txId, command, Branch.YES, null, now);
            insert(yes);
            prepared = true;
        } finally {
            if (!prepared) {
                locks.release(txId);
            }
        }
        // the branch is PREPARED in the database from here on: its locks stay held even if the sync fails
        scope.force(BankImage.of(yes, List.of()), BranchScope.NOTHING, () -> {
            metrics.vote(Branch.YES, null);
            crashPoints.reached("participant.after-vote-durable");
        });
        return new Vote(txId, Branch.YES, null, BranchState.PREPARED);
    }

    /**
     * platform.unsafe.vote-before-fsync: YES now, the branch recorded and forced later (its locks are held in
     * memory meanwhile); see {@link DeferredVotes}.
     */
    private Vote voteBeforeDurable(String txId, PrepareCommand command, Instant now) {
        deferredVotes.later(txId, () -> {
            insert(BranchRow.voted(txId, command, Branch.YES, null, now));
            disk.force();
        }, () -> locks.release(txId));
        metrics.vote(Branch.YES, null);
        return new Vote(txId, Branch.YES, null, BranchState.PREPARED);
    }

    /** The NO reason against the committed balances, or null if the branch can be applied. */
    private String validate(PrepareCommand command) {
        Map<String, AccountRow> found = rows.accounts(command.accounts());
        for (PrepareCommand.Operation op : command.operations()) {
            if (!found.containsKey(op.account())) {
                return BankReasons.UNKNOWN_ACCOUNT;
            }
        }
        for (PrepareCommand.Operation op : command.operations()) {
            long after = found.get(op.account()).balance() + op.delta();
            if (after < 0) {
                return BankReasons.INSUFFICIENT_FUNDS;
            }
            if (after > MAX_BALANCE) {
                return BankReasons.BALANCE_LIMIT;
            }
        }
        return null;
    }

    /** A prepare repeated after the branch was recorded gets the recorded vote. */
    private static Vote answerFrom(BranchRow b) {
        switch (b.state()) {
            case PREPARED:
            case COMMITTED:
                return new Vote(b.txId(), Branch.YES, null, b.state());
            case HEURISTIC:
                return new Vote(b.txId(), Branch.NO, BankReasons.HEURISTIC, BranchState.HEURISTIC);
            default:
                // voted NO here: that vote and its reason; tombstone, or YES and then aborted: NO ABORTED
                String reason = Branch.NO.equals(b.vote()) ? b.reason() : BankReasons.ABORTED;
                return new Vote(b.txId(), Branch.NO, reason, BranchState.ABORTED);
        }
    }

    // ------------------------------------------------------------------------------------------ phase 2

    BranchState commit(String txId) {
        return commit(txId, alone());
    }

    BranchState commit(String txId, BranchScope scope) {
        return finish(txId, BranchState.COMMITTED, scope);
    }

    BranchState abort(String txId) {
        return abort(txId, alone());
    }

    BranchState abort(String txId, BranchScope scope) {
        return finish(txId, BranchState.ABORTED, scope);
    }

    /** Phase 2, idempotent: 404 for a commit never prepared here, 409 for the other outcome already applied. */
    private BranchState finish(String txId, BranchState outcome, BranchScope scope) {
        String verb = outcome == BranchState.COMMITTED ? "commit" : "abort";
        return txLocks.with(txId, () -> {
            deferredVotes.awaitWritten(txId);
            BranchRow found = rows.branch(txId);
            if (found == null && outcome == BranchState.COMMITTED) {
                throw problem(HttpStatus.NOT_FOUND, "Transaction " + txId + " was never prepared on this "
                        + "participant", "txId", txId);
            }
            if (found == null) {
                // the tombstone makes a late prepare vote NO
                BranchRow tombstone = BranchRow.tombstone(txId, clock.instant());
                insert(tombstone);
                scope.force(BankImage.of(tombstone, List.of()), BranchScope.NOTHING, () -> {
                    metrics.aborted("tombstone");
                    crashPoints.reached("participant.after-abort-applied");
                });
                return BranchState.ABORTED;
            }
            BranchState state = found.state();
            if (state == outcome) {
                scope.force(); // the repeated answer is on disk
                return outcome;
            }
            if (state != BranchState.PREPARED) {
                ProblemException conflict = problem(HttpStatus.CONFLICT, "Transaction " + txId + " is already "
                        + state + " here; it cannot " + verb + (state == BranchState.HEURISTIC ? " (it ended without "
                        + "its deltas applied because nobody knew its decision; an operator must reconcile it)" : ""),
                        "txId", txId);
                conflict.getProblem().setProperty("state", state.name());
                throw conflict;
            }
            decidePrepared(found, outcome, scope);
            return outcome;
        });
    }

    /**
     * Ends a PREPARED branch, read under its transaction's lock: for a commit applies its deltas, and marks it
     * (COMMITTED, ABORTED or HEURISTIC, the latter two without touching the balances), in one H2 transaction; logs
     * the rows it changed and syncs; releases its locks.
     */
    private void decidePrepared(BranchRow prepared, BranchState outcome, BranchScope scope) {
        String txId = prepared.txId();
        boolean commit = outcome == BranchState.COMMITTED;
        BankImage changed = inTx(() -> {
            List<AccountRow> applied = commit ? applyDeltas(prepared) : List.of();
            BranchRow decided = prepared.decided(outcome, clock.instant());
            rows.decide(decided);
            return BankImage.of(decided, applied);
        });
        // the branch is no longer PREPARED in the database: the lock table must say so too, even if the sync
        // fails (the reply still fails), else a retry answered from the record would never release them
        scope.force(changed, () -> locks.release(txId), () -> {
            if (commit) {
                metrics.committed();
            } else if (outcome == BranchState.HEURISTIC) {
                metrics.heuristic();
            } else {
                metrics.aborted("prepared");
            }
            crashPoints.reached(commit ? "participant.after-commit-applied" : "participant.after-abort-applied");
        });
    }

    /** The rows of the accounts it changed, each once, as written: each change of a balance one version on. */
    private List<AccountRow> applyDeltas(BranchRow b) {
        List<PrepareCommand.Operation> operations = BranchCodec.operations(b.operations());
        Map<String, AccountRow> read = rows.accounts(operations.stream().map(PrepareCommand.Operation::account)
                .toList());
        Map<String, AccountRow> changed = new LinkedHashMap<>();
        for (PrepareCommand.Operation op : operations) {
            AccountRow a = changed.getOrDefault(op.account(), read.get(op.account()));
            if (a == null) {
                throw new IllegalStateException("account " + op.account() + " of PREPARED branch " + b.txId()
                        + " is gone");
            }
            long after = a.balance() + op.delta();
            if (after < 0 || after > MAX_BALANCE) {
                throw new IllegalStateException("committing " + b.txId() + " would take account " + op.account()
                        + " to " + after + ", though it was validated and locked at prepare");
            }
            changed.put(a.id(), a.withBalance(after));
        }
        rows.updateBalances(changed.values(), read);
        return List.copyOf(changed.values());
    }

    // ------------------------------------------------------------------------------------------ in doubt

    /** PREPARED branches prepared before {@code cutoff}, oldest first. */
    List<Branch> preparedBefore(Instant cutoff) {
        return branches.findByStateOrderByPreparedAtAsc(BranchState.PREPARED).stream()
                .filter(b -> b.getPreparedAt() == null || b.getPreparedAt().isBefore(cutoff)).toList();
    }

    /**
     * Decides one in-doubt branch: while no other operation on the transaction can run, checks it is still
     * PREPARED, asks {@code ask} (which may talk to the store or the coordinator), and applies its answer.
     * Returns what was applied; empty if the branch was no longer PREPARED or the answer was to wait.
     */
    Optional<Decision> resolveInDoubt(String txId, Function<Branch, Decision> ask) {
        return txLocks.with(txId, () -> {
            deferredVotes.awaitWritten(txId);
            Optional<Branch> b = branches.findById(txId).filter(x -> x.getState() == BranchState.PREPARED);
            if (b.isEmpty()) {
                return Optional.empty();
            }
            Decision decision = ask.apply(b.get());
            if (decision == null || decision.outcome() == null) {
                return Optional.empty();
            }
            // the entity was read in a transaction of its own, already ended: no persistence context keeps it
            decidePrepared(BranchRow.of(b.get()), decision.outcome(), alone());
            return Optional.of(decision);
        });
    }

    // ------------------------------------------------------------------------------------------ queries

    Branch branch(String txId) {
        return branches.findById(txId).orElseThrow(() -> problem(HttpStatus.NOT_FOUND,
                "Transaction " + txId + " is not known on this participant", "txId", txId));
    }

    List<Branch> branches(BranchState state) {
        return state == null ? branches.findAll(Sort.by("txId")) : branches.findByStateOrderByPreparedAtAsc(state);
    }

    // ------------------------------------------------------------------------------------------ snapshots

    /**
     * Freezes new prepares for this snapshot, waits until nothing is PREPARED, and reads every balance.
     * 503 if it cannot drain in time (the freeze is then lifted at once).
     */
    List<Account> snapshot(String snapshotId) {
        gate.freeze(snapshotId, properties.getSnapshotLapse());
        boolean drained;
        try {
            drained = gate.awaitDrained(properties.getSnapshotDrainTimeout(), locks::transactionCount);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        if (!drained) {
            gate.release(snapshotId);
            metrics.snapshot("drain-timeout");
            throw unavailable(snapshotId, "Snapshot " + snapshotId + ": " + locks.transactionCount()
                    + " transaction(s) still PREPARED here after " + seconds(properties.getSnapshotDrainTimeout())
                    + "; the freeze is lifted, try again");
        }
        List<Account> all = accounts.findAll(Sort.by("id"));
        if (!gate.holds(snapshotId)) {
            metrics.snapshot("lapsed");
            throw unavailable(snapshotId, "Snapshot " + snapshotId + ": the freeze lapsed before the balances were "
                    + "read; try again");
        }
        metrics.snapshot("taken");
        return all;
    }

    /** Lifts a snapshot's freeze; true if it was still in force. */
    boolean releaseSnapshot(String snapshotId) {
        return gate.release(snapshotId);
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** How a branch operation runs on its own: logged and synced before its answer, with the whole freeze wait. */
    private BranchScope alone() {
        return BranchScope.alone(bankLog, properties.getPrepareFreezeWait());
    }

    /**
     * Runs a batch's items in one database transaction (their own transactions join it), holding the transaction
     * locks of all of {@code txIds} until it has committed and its changes are in the log: another operation on one
     * of them (a repeated call, the in-doubt resolver) must not read the rows before the batch's changes are
     * committed (no entity here has a version column that would catch such a lost update), and its answer's sync
     * must cover the batch's images.
     */
    <T> T inOneTransaction(Collection<String> txIds, BatchScope scope, Supplier<T> work) {
        return txLocks.withAll(txIds, () -> {
            T result = inTx(work);
            scope.logChanges();
            return result;
        });
    }

    /**
     * After a batch whose database transaction did not commit: nothing it wrote is there, so each of its
     * transactions holds account locks only if its branch is PREPARED in the database (a prepare of the batch took
     * locks that must go; a commit of the batch deferred a release that must not happen).
     */
    void reconcileLocks(Collection<String> txIds) {
        for (String txId : txIds) {
            txLocks.with(txId, () -> {
                boolean prepared = branches.findById(txId).filter(b -> b.getState() == BranchState.PREPARED)
                        .isPresent();
                if (!prepared && locks.release(txId)) {
                    log.warn("Transaction {}: its batch was rolled back, so the account locks it took are released",
                            txId);
                }
                return null;
            });
        }
    }

    /** The scope of one batch request; its freeze wait starts now. */
    BatchScope batch() {
        return new BatchScope(bankLog, properties.getPrepareFreezeWait());
    }

    private <T> T inTx(Supplier<T> work) {
        return tx.execute(status -> work.get());
    }

    /** Records a new branch, in a transaction of its own or, in a batch, the batch's. */
    private void insert(BranchRow branch) {
        tx.executeWithoutResult(status -> rows.insert(branch));
    }

    private static ProblemException accountExists(String id) {
        return problem(HttpStatus.CONFLICT, "Account '" + id + "' already exists on this participant", "account", id);
    }

    private static ProblemException unavailable(String snapshotId, String detail) {
        ProblemException e = problem(HttpStatus.SERVICE_UNAVAILABLE, detail, "snapshotId", snapshotId);
        e.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return e;
    }

    static ProblemException problem(HttpStatus status, String detail, String name, String value) {
        ProblemDetail problem = Problems.of(status, detail);
        problem.setProperty(name, value);
        return new ProblemException(problem);
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
