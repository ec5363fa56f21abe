package dev.distlab.common.fatal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplication.AbandonedRunException;

/**
 * Every service's {@code main}: a service that fails to start exits with code 1. Spring Boot logs why and closes
 * the context, but any non-daemon thread started before the failure (an event loop, a pool) would otherwise
 * keep the process alive, not serving and never ready, where a supervisor waits for it to exit.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void run(Class<?> application, String[] args) {
        try {
            SpringApplication.run(application, args);
        } catch (AbandonedRunException e) {
            throw e; // a run stopped on purpose (the class-data training run of ./cluster), not a failure
        } catch (Throwable e) { // Spring Boot has logged it ("Application run failed")
            System.err.println("Exiting: " + application.getSimpleName() + " failed to start (" + e + ")");
            System.exit(1);
        }
    }
}
