package dev.distlab.participant.bank;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.distlab.common.PlatformProperties;
import dev.distlab.common.storage.H2GroupCommit;
import dev.distlab.common.storage.WriteAheadLog;
import dev.distlab.common.unsafe.UnsafeSwitches;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The bank shard's database (H2 in file mode under {@code <data-dir>/bank}, used through JPA and, for the
 * statements of every branch operation ({@link BankRows}), plain JDBC on the same pool) and the parts
 * that live beside it: its write-ahead log, the disk force, the lock table, the snapshot freeze and the meters.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BankProperties.class)
class BankConfiguration {

    /** H2 wants an absolute (or explicitly relative) path, so the data dir is resolved here. */
    @Bean(destroyMethod = "close")
    HikariDataSource bankDataSource(PlatformProperties platform, BankProperties bank) {
        Path dir = Path.of(platform.getDataDir(), "bank").toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the bank's data directory " + dir, e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("bank");
        config.setDriverClassName("org.h2.Driver");
        // closed by the pool at shutdown, not by H2's own shutdown hook while requests may still run
        config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("bank") + ";DB_CLOSE_ON_EXIT=FALSE");
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(bank.getPoolSize() + 1); // one stays with the disk force
        return new HikariDataSource(config);
    }

    /** Schema version 2 (the SQL versions are in db/migration/bank); Spring Boot hands it to Flyway. */
    @Bean
    BranchStateMigration branchStateMigration() {
        return new BranchStateMigration();
    }

    @Bean
    BankMetrics bankMetrics(MeterRegistry registry) {
        return new BankMetrics(registry);
    }

    @Bean
    H2GroupCommit diskForce(HikariDataSource bankDataSource, MeterRegistry registry) {
        return H2GroupCommit.metered("the bank database", bankDataSource, registry, "bank.force");
    }

    /** In {@code <data-dir>/bank/wal}; a failed write of it ends the process, as a failed force of H2 does. */
    @Bean(destroyMethod = "close")
    WriteAheadLog bankWriteAheadLog(PlatformProperties platform, MeterRegistry registry) throws IOException {
        return WriteAheadLog.metered("the bank shard", Path.of(platform.getDataDir(), "bank", "wal"), registry,
                "bank.log");
    }

    @Bean
    BankLog bankLog(WriteAheadLog bankWriteAheadLog, H2GroupCommit diskForce, AccountRepository accounts,
            BranchRepository branches, PlatformTransactionManager transactions) {
        return new BankLog(bankWriteAheadLog, diskForce, accounts, branches, transactions);
    }

    @Bean
    BankCheckpoints bankCheckpoints(BankLog bankLog, BankProperties properties) {
        return new BankCheckpoints(bankLog, properties.getCheckpointInterval());
    }

    @Bean
    LockTable lockTable(BankMetrics metrics) {
        LockTable table = new LockTable();
        metrics.watch(table);
        return table;
    }

    @Bean
    FreezeGate freezeGate() {
        return new FreezeGate();
    }

    @Bean
    TxLocks txLocks() {
        return new TxLocks();
    }

    /** Inert unless platform.unsafe.vote-before-fsync is on. */
    @Bean
    DeferredVotes deferredVotes(ObjectProvider<UnsafeSwitches> unsafe) {
        return new DeferredVotes(unsafe.getIfAvailable(UnsafeSwitches::none));
    }
}
