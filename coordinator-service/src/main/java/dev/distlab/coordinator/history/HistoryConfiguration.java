package dev.distlab.coordinator.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.zaxxer.hikari.HikariDataSource;

import dev.distlab.common.PlatformProperties;
import dev.distlab.common.storage.H2GroupCommit;
import dev.distlab.common.storage.WriteAheadLog;
import dev.distlab.coordinator.BankProperties;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The coordinator's own database: H2 in file mode at {@code <platform.data-dir>/coordinator/coordinator}, used
 * through JPA and, for the per-transfer writes ({@link HistoryRows}), plain JDBC on the same pool, with the group
 * commit that forces it to disk, and its write-ahead log in {@code <platform.data-dir>/coordinator/history-log}.
 */
@Configuration(proxyBeanMethods = false)
class HistoryConfiguration {

    /**
     * H2 in file mode wants an absolute path, so the data dir is resolved here. The pool, not H2's shutdown hook,
     * closes the database, so phase 2 can still write while the context stops.
     */
    @Bean(destroyMethod = "close")
    HikariDataSource coordinatorDataSource(PlatformProperties platform, BankProperties bank) throws IOException {
        Path dir = Files.createDirectories(Path.of(platform.getDataDir(), "coordinator").toAbsolutePath().normalize());
        HikariDataSource pool = DataSourceBuilder.create().type(HikariDataSource.class).driverClassName("org.h2.Driver")
                .url("jdbc:h2:file:" + dir.resolve("coordinator") + ";DB_CLOSE_ON_EXIT=FALSE")
                .username("sa").password("").build();
        pool.setPoolName("coordinator");
        pool.setMaximumPoolSize(bank.poolSize() + 1); // one more for the group commit's sync
        return pool;
    }

    @Bean(destroyMethod = "close")
    H2GroupCommit groupCommit(HikariDataSource coordinatorDataSource, MeterRegistry registry) {
        return H2GroupCommit.metered("the coordinator database", coordinatorDataSource, registry, "bank.force");
    }

    /** In {@code <data-dir>/coordinator/history-log}; a failed write of it ends the process. */
    @Bean(destroyMethod = "close")
    WriteAheadLog historyLog(PlatformProperties platform, MeterRegistry registry) throws IOException {
        return WriteAheadLog.metered("the coordinator's history",
                Path.of(platform.getDataDir(), "coordinator", "history-log"), registry, "bank.history.log");
    }
}
