package dev.distlab.common.fault;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import dev.distlab.common.problem.Problems;

/**
 * The {@code in} faults on the requests this service receives: {@code delay} holds a request for {@code delayMs}
 * and then serves it; {@code fail} refuses it at once; {@code drop} holds it unanswered while the fault lasts (at
 * most 30 s), then refuses it. A refused request is answered 503 ({@link #refusal}). {@code /actuator/faults} is
 * never affected, so faults can always be cleared. Applied by {@link IncomingFaultFilter} to what the servlet
 * container serves, and by the gateway's proxy front to what it proxies.
 */
public class IncomingFaults {

    static final String EXEMPT = "/actuator/faults";
    private static final long MAX_HOLD_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final FaultRegistry registry;

    public IncomingFaults(FaultRegistry registry) {
        this.registry = registry;
    }

    /** The faults that fire for one request, decided once by {@link #fire}. */
    public record Firing(List<Fault> faults) {

        public boolean isNone() {
            return faults.isEmpty();
        }
    }

    /**
     * Decides which faults in force act on a request for {@code path}: each that fires is counted and its
     * probability rolled, once. Cheap, never waits; {@link #apply} carries the outcome out.
     */
    public Firing fire(String path) {
        if (path.equals(EXEMPT) || path.startsWith(EXEMPT + "/")) {
            return new Firing(List.of());
        }
        return new Firing(registry.firing(spec -> spec.matchesIn(path)));
    }

    /**
     * Carries out the faults that fired on the calling thread, waiting out delays and drops: the detail of the
     * refusal when the request must be answered 503, empty when it may be served. A wait interrupted (the service
     * is stopping) refuses the request, with the thread's interrupt kept.
     */
    public Optional<String> apply(Firing firing) {
        try {
            return carryOut(firing.faults());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("The request was interrupted while an injected fault held it");
        }
    }

    private Optional<String> carryOut(List<Fault> faults) throws InterruptedException {
        if (faults.isEmpty()) {
            return Optional.empty();
        }
        long delay = faults.stream().filter(f -> f.spec().kind() == FaultKind.DELAY)
                .mapToLong(f -> f.spec().delayMs()).sum();
        if (delay > 0) {
            Thread.sleep(delay);
        }
        for (Fault fault : faults) {
            if (fault.spec().kind() == FaultKind.FAIL) {
                return Optional.of("The request was refused by an injected fault (" + fault.id() + ")");
            }
        }
        for (Fault fault : faults) {
            if (fault.spec().kind() == FaultKind.DROP) {
                holdWhileActive(fault);
                return Optional.of("The request was held unanswered by an injected fault (" + fault.id() + ")");
            }
        }
        return Optional.empty();
    }

    /** The 503 problem a refused request is answered with. */
    public static ProblemDetail refusal(String detail) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle("Fault injected");
        return problem;
    }

    private void holdWhileActive(Fault fault) throws InterruptedException {
        long start = registry.nanoTime();
        long remaining;
        while ((remaining = registry.remainingNanos(fault)) > 0) {
            long held = registry.nanoTime() - start;
            if (held >= MAX_HOLD_NANOS) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(POLL_NANOS, Math.min(remaining, MAX_HOLD_NANOS - held)));
        }
    }
}
