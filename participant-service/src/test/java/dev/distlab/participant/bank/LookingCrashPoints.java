package dev.distlab.participant.bank;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.distlab.common.fault.CrashPoints;

/**
 * Crash points that, instead of halting the JVM, record how many forces the disk had run and which locks were held
 * when the point was reached, and throw (as {@link RecordingCrashPoints} does), so a test can tell what had happened
 * before the point.
 */
@TestConfiguration(proxyBeanMethods = false)
class LookingCrashPoints {

    /** A point reached, with the forces run and the locks held at that moment. */
    record Halt(String point, long forces, List<LockTable.Lock> locks) {
    }

    static final List<Halt> HALTS = new CopyOnWriteArrayList<>();

    @Bean
    @Primary
    CrashPoints lookingCrashPoints(FailingDiskForce.Force force, LockTable locks) {
        return new CrashPoints(point -> {
            HALTS.add(new Halt(point, force.syncCount(), locks.locks()));
            throw new RecordingCrashPoints.Crashed(point);
        });
    }
}
