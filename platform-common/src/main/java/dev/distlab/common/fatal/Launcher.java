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

    /** The common pool's size when the JVM would make it smaller (see {@link #run}). */
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    public static void run(Class<?> application, String[] args) {
        atLeastTwoCommonPoolWorkers();
        try {
            SpringApplication.run(application, args);
        } catch (AbandonedRunException e) {
            throw e; // a run stopped on purpose (the class-data training run of ./cluster), not a failure
        } catch (Throwable e) { // Spring Boot has logged it ("Application run failed")
            System.err.println("Exiting: " + application.getSimpleName() + " failed to start (" + e + ")");
            System.exit(1);
        }
    }

    /**
     * On a machine with two cores the JDK sizes the common fork-join pool to one worker, and then
     * {@code CompletableFuture}'s default executor starts a new thread for every task. The JDK's HTTP client runs
     * one such task per {@code sendAsync} (which Spring's {@code JdkClientHttpRequest} uses for every call), so each
     * call created and destroyed a thread: about 5 % of the coordinator's CPU under transfers when the calls between
     * services went over it (async-profiler, 2026-12-06). The gateway's probes and the replicas' snapshot and
     * identity requests still do, and the services' own {@code CompletableFuture}s run there. Two workers make it a
     * pool. An explicit setting is left alone.
     */
    static void atLeastTwoCommonPoolWorkers() {
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
            System.setProperty(COMMON_POOL_PARALLELISM, "2");
        }
    }
}
