package dev.distlab.participant.bank;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

import dev.distlab.common.storage.H2GroupCommit;
import dev.distlab.common.storage.H2GroupCommit.DiskForceException;
import dev.distlab.common.storage.WriteAheadLog;

/**
 * A bank log whose sync really syncs, except that it can be armed to fail the next n syncs after syncing (so
 * everything committed is in H2 and the log, as when the fsync itself throws after the write).
 */
@TestConfiguration(proxyBeanMethods = false)
class FailingLogSync {

    static final class Log extends BankLog {

        private final AtomicInteger failures = new AtomicInteger();

        Log(WriteAheadLog wal, H2GroupCommit disk, AccountRepository accounts, BranchRepository branches,
                PlatformTransactionManager transactions) {
            super(wal, disk, accounts, branches, transactions);
        }

        /** The next {@code n} syncs throw. */
        void failNext(int n) {
            failures.set(n);
        }

        @Override
        void sync() {
            super.sync();
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new DiskForceException("syncing the bank's write-ahead log failed (test)", null);
            }
        }
    }

    @Bean
    @Primary
    Log failingBankLog(WriteAheadLog bankWriteAheadLog, H2GroupCommit diskForce, AccountRepository accounts,
            BranchRepository branches, PlatformTransactionManager transactions) {
        return new Log(bankWriteAheadLog, diskForce, accounts, branches, transactions);
    }
}
