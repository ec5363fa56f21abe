package dev.distlab.coordinator.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.distlab.common.PlatformProperties;
import dev.distlab.coordinator.BankProperties;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The coordinator's own database: H2 in file mode at {@code <platform.data-dir>/coordinator/coordinator}, used
 * through JPA, with the group commit that forces it to disk.
 */
@Configuration(proxyBeanMethods = false)
class HistoryConfiguration {

    /** H2 wants an absolute path, so the data dir is resolved here. */
    @Bean(destroyMethod = "close")
    HikariDataSource coordinatorDataSource(PlatformProperties platform, BankProperties bank) {
        Path dir = Path.of(platform.getDataDir(), "coordinator").toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the coordinator's data directory " + dir, e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("coordinator");
        config.setDriverClassName("org.h2.Driver");
        // the pool closes the database at shutdown, not H2's own hook while phase 2 may still write
        config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("coordinator") + ";DB_CLOSE_ON_EXIT=FALSE");
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(bank.getPoolSize() + 1); // one stays with the group commit
        return new HikariDataSource(config);
    }

    @Bean(destroyMethod = "close")
    GroupCommit groupCommit(HikariDataSource coordinatorDataSource, MeterRegistry registry) {
        return new GroupCommit(coordinatorDataSource, registry);
    }
}
