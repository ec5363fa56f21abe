package dev.distlab.coordinator.history;

import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.distlab.common.storage.H2GroupCommit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A disk force for the coordinator that really forces, but can be told to fail the next forces after their sync
 * (what was committed is then in H2, as when the fsync itself fails). Deliberately not a {@code @Configuration}:
 * the coordinator's component scan would give it to every test; a test adds it with {@code BankFixture.with}.
 */
public class FailingForce {

    public static final class Force extends H2GroupCommit {

        private final AtomicInteger failures = new AtomicInteger();

        Force(DataSource dataSource) {
            super("the coordinator database", dataSource, new SimpleMeterRegistry().timer("waits"),
                    new SimpleMeterRegistry().counter("syncs"), (why, cause) -> {
                    });
        }

        /** The next {@code n} forces throw. */
        public void failNext(int n) {
            failures.set(n);
        }

        @Override
        public void force() {
            super.force();
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new DiskForceException("forcing the coordinator database to disk failed (test)", null);
            }
        }
    }

    @Bean(destroyMethod = "close")
    @Primary
    Force failingDiskForce(DataSource coordinatorDataSource) {
        return new Force(coordinatorDataSource);
    }
}
