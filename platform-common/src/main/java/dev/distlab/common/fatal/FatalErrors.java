package dev.distlab.common.fatal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a process can no longer keep its promises (a replica that cannot do its job, a database
 * that could not be forced to disk). In production the process ends with {@link #EXIT_CODE}, so that
 * {@code ./cluster}, compose's restart policy or Kubernetes restarts it from its disk: a process that lingered
 * would look alive while what it acknowledged may not be durable. Tests record instead.
 */
@FunctionalInterface
public interface FatalErrors {

    /** EX_SOFTWARE: an internal error the process cannot recover from by itself. */
    int EXIT_CODE = 70;

    void fatal(String why, Throwable cause);

    /** Logs the reason and exits; if the orderly shutdown hangs, halts after {@code graceMillis}. */
    static FatalErrors exitProcess(long graceMillis) {
        Logger log = LoggerFactory.getLogger(FatalErrors.class);
        return (why, cause) -> {
            if (cause != null) {
                log.error("{}. Exiting with code {} so that a supervisor restarts this process from its disk.", why,
                        EXIT_CODE, cause);
            } else {
                log.error("{}. Exiting with code {} so that a supervisor restarts this process from its disk.", why,
                        EXIT_CODE);
            }
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(graceMillis);
                } catch (InterruptedException ignored) {
                    // halting now is what was asked for anyway
                }
                Runtime.getRuntime().halt(EXIT_CODE);
            }, "fatal-halt");
            halt.setDaemon(true);
            halt.start();
            // System.exit runs the shutdown hooks (the web server and Spring close); never from the failing thread,
            // whose own shutdown steps may wait for it
            Thread exit = new Thread(() -> System.exit(EXIT_CODE), "fatal-exit");
            exit.start();
        };
    }
}
