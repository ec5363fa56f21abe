package dev.distlab.participant.bank;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.distlab.common.fault.CrashPoints;

/**
 * Crash points that, instead of halting the JVM, record the point and throw, so the request ends before its
 * reply is sent (it gets a 500), as it would if the process had died there.
 */
@TestConfiguration(proxyBeanMethods = false)
class RecordingCrashPoints {

    /** Thrown where the real crash point would halt the process. */
    static class Crashed extends RuntimeException {
        Crashed(String point) {
            super("crash point " + point);
        }
    }

    static final List<String> HALTED = new CopyOnWriteArrayList<>();

    @Bean
    @Primary
    CrashPoints recordingCrashPoints() {
        return new CrashPoints(point -> {
            HALTED.add(point);
            throw new Crashed(point);
        });
    }
}
