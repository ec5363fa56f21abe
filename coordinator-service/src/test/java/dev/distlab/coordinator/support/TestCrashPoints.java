package dev.distlab.coordinator.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import dev.distlab.common.fault.CrashPoints;

/**
 * Crash points for tests: instead of halting the JVM, an armed point records itself and runs {@link #halter}
 * (by default it throws, so the work in progress stops there, as if the process had died).
 */
@Configuration(proxyBeanMethods = false)
public class TestCrashPoints {

    /** Thrown where the real crash point would halt the process. */
    public static class Crashed extends RuntimeException {
        public Crashed(String point) {
            super("crash point " + point);
        }
    }

    public static final List<String> HIT = new CopyOnWriteArrayList<>();

    /** What an armed point does in tests; replace it for a test that needs to pause instead. */
    public static volatile CrashPoints.Halter halter = point -> {
        throw new Crashed(point);
    };

    public static void reset() {
        HIT.clear();
        halter = point -> {
            throw new Crashed(point);
        };
    }

    @Bean
    @Primary
    CrashPoints armedTestCrashPoints() {
        return new CrashPoints(point -> {
            HIT.add(point);
            halter.halt(point);
        });
    }
}
