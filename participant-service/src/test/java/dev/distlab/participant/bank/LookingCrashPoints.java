package dev.distlab.participant.bank;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.distlab.common.fault.CrashPoints;

/**
 * Crash points that, instead of halting the JVM, record how many syncs the write-ahead log had run and which locks
 * were held when the point was reached, and throw (as {@link RecordingCrashPoints} does), so a test can tell what had
 * happened before the point.
 */
@TestConfiguration(proxyBeanMethods = false)
class LookingCrashPoints {

    /** A point reached, with the syncs run and the locks held at that moment. */
    record Halt(String point, long syncs, List<LockTable.Lock> locks) {
    }

    static final List<Halt> HALTS = new CopyOnWriteArrayList<>();

    @Bean
    @Primary
    CrashPoints lookingCrashPoints(FailingLogSync.Log sync, LockTable locks) {
        return new CrashPoints(point -> {
            HALTS.add(new Halt(point, sync.syncCount(), locks.locks()));
            throw new RecordingCrashPoints.Crashed(point);
        });
    }
}
