package dev.distlab.participant.bank;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.distlab.common.storage.H2GroupCommit;
import dev.distlab.common.storage.WriteAheadLog;
import jakarta.annotation.PostConstruct;

/**
 * The bank shard's write-ahead log: a branch operation answered as durable has its rows' images ({@link BankImage})
 * appended here once its H2 transaction committed, and waits for the log's group-committed sync instead of forcing
 * H2, whose every force writes each B-tree page changed since the last one. H2 is forced at each
 * {@link #checkpoint()}, which then empties the log, and caught up from the log at start ({@link #replay()}), before
 * the lock table is rebuilt from the PREPARED branches.
 * <p>
 * Images reach the log in an order that matters only per row, and the locks keep it: an account's balance changes
 * only under the account lock of the committing transaction, released after the sync; a branch changes only under
 * its transaction lock, and a batch appends its images before it releases those, so that a repeated answer's sync
 * also covers them.
 */
class BankLog {

    private static final Logger log = LoggerFactory.getLogger(BankLog.class);

    private final WriteAheadLog wal;
    private final H2GroupCommit disk;
    private final AccountRepository accounts;
    private final BranchRepository branches;
    private final TransactionTemplate tx;

    BankLog(WriteAheadLog wal, H2GroupCommit disk, AccountRepository accounts, BranchRepository branches,
            PlatformTransactionManager transactions) {
        this.wal = wal;
        this.disk = disk;
        this.accounts = accounts;
        this.branches = branches;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Buffers the images of committed changes (nothing for none); on disk after the next {@link #sync()}. */
    void append(BankImage changes) {
        if (!changes.isEmpty()) {
            wal.append(changes.toBytes());
        }
    }

    /** Returns once everything appended before is on disk; throws if it cannot be (and the process ends). */
    void sync() {
        wal.sync();
    }

    /** Forces H2 and empties the log (nothing to do if nothing was logged since the last checkpoint). */
    void checkpoint() {
        wal.checkpoint(disk::force);
    }

    /** Syncs run so far. */
    long syncCount() {
        return wal.syncCount();
    }

    /**
     * Catches H2 up with the log (after a crash it may lack what the log holds), then checkpoints, before anything
     * reads the bank: an acknowledged vote, commit or abort must be there.
     */
    @PostConstruct
    void replay() {
        List<byte[]> records = wal.takeRecovered();
        if (records.isEmpty()) {
            return;
        }
        int[] restored = new int[3]; // branches inserted, branches moved on, accounts caught up
        tx.executeWithoutResult(status -> {
            for (byte[] record : records) {
                BankImage image = BankImage.fromBytes(record);
                for (BankImage.BranchRow row : image.branches()) {
                    Optional<Branch> found = branches.findById(row.txId());
                    if (found.isEmpty()) {
                        branches.save(Branch.restored(row));
                        restored[0]++;
                    } else if (found.get().catchUp(row)) {
                        restored[1]++;
                    }
                }
                for (BankImage.AccountRow row : image.accounts()) {
                    Optional<Account> found = accounts.findById(row.id());
                    if (found.isEmpty()) {
                        accounts.save(Account.restored(row));
                        restored[2]++;
                    } else if (found.get().catchUp(row)) {
                        restored[2]++;
                    }
                }
            }
        });
        checkpoint();
        log.info("Replayed the bank's write-ahead log ({} records): {} branches restored, {} branches moved on and {} "
                + "balances caught up that the database had lost in a crash", records.size(), restored[0],
                restored[1], restored[2]);
    }
}
