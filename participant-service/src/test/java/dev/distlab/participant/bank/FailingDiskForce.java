package dev.distlab.participant.bank;

import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.distlab.common.storage.H2GroupCommit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A disk force that really forces, except that it can be armed to fail the next n forces after the sync (so
 * everything committed is in H2, as when CHECKPOINT SYNC itself throws after the commit).
 */
@TestConfiguration(proxyBeanMethods = false)
class FailingDiskForce {

    static final class Force extends H2GroupCommit {

        private final AtomicInteger failures = new AtomicInteger();

        Force(DataSource dataSource) {
            super("the bank database", dataSource, new SimpleMeterRegistry().timer("t"), new SimpleMeterRegistry().counter("c"));
        }

        /** The next {@code n} forces throw. */
        void failNext(int n) {
            failures.set(n);
        }

        @Override
        public void force() {
            super.force();
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new DiskForceException("forcing the bank database to disk failed (test)", null);
            }
        }
    }

    @Bean(destroyMethod = "close")
    @Primary
    Force failingDiskForce(DataSource bankDataSource) {
        return new Force(bankDataSource);
    }
}
