package dev.distlab.common.fault;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The faults injected into this process (see the {@code faults} actuator endpoint): added, listed, cleared, and
 * expiring by themselves. Expiry runs on {@code System.nanoTime} (injectable for tests), never on the wall clock,
 * which a clock fault moves. Network faults are looked up by the hooks ({@link OutgoingFaults},
 * {@link IncomingFaultFilter}), clock faults by {@link PlatformClock}, crash faults arm {@link CrashPoints}.
 */
public class FaultRegistry {

    private static final Logger log = LoggerFactory.getLogger(FaultRegistry.class);
    /** How long the process lives after answering a {@code crash now}, so that the answer leaves first. */
    static final long HALT_NOW_DELAY_MS = 100;

    private final CrashPoints crashPoints;
    private final MeterRegistry meters;
    private final Clock realClock;
    private final LongSupplier nanoTime;
    private final DoubleSupplier random;
    private final AtomicLong ids = new AtomicLong();
    /** By number, so that the list comes out in the order the faults were added. */
    private final Map<Long, Fault> active = new ConcurrentSkipListMap<>();
    private final Map<FaultKind, Counter> firedCounters = new ConcurrentHashMap<>();

    public FaultRegistry(CrashPoints crashPoints, MeterRegistry meters) {
        this(crashPoints, meters, Clock.systemUTC(), System::nanoTime, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** {@code realClock} only stamps createdAt/expiresAt; {@code random} gives values in [0, 1). */
    public FaultRegistry(CrashPoints crashPoints, MeterRegistry meters, Clock realClock, LongSupplier nanoTime,
            DoubleSupplier random) {
        this.crashPoints = crashPoints;
        this.meters = meters;
        this.realClock = realClock;
        this.nanoTime = nanoTime;
        this.random = random;
        Gauge.builder("platform.faults.active", this, r -> r.active().size())
                .description("Faults injected into this process and not yet expired or cleared").register(meters);
    }

    public Fault add(FaultSpec spec) {
        long n = ids.incrementAndGet();
        long now = nanoTime.getAsLong();
        Fault fault = new Fault("f-" + n, spec, realClock.instant(),
                now + TimeUnit.MILLISECONDS.toNanos(spec.durationMs()));
        active.put(n, fault);
        log.warn("Fault {} injected: {} for {} ms", fault.id(), spec.describe(), spec.durationMs());
        if (spec.kind() == FaultKind.CRASH) {
            if (FaultSpec.CRASH_NOW.equals(spec.target())) {
                countFired(fault);
                crashPoints.haltAfter(HALT_NOW_DELAY_MS, "fault " + fault.id());
            } else {
                crashPoints.armChance(spec.target(), fault.id(), spec.probability(), fault.expiresAtNanos());
            }
        }
        return fault;
    }

    /** The faults in force, oldest first; those found expired are removed (and logged) on the way. */
    public List<Fault> active() {
        sweep();
        return List.copyOf(active.values());
    }

    /** Removes every fault; returns how many there were. */
    public int clearAll() {
        sweep();
        int cleared = 0;
        for (Long n : List.copyOf(active.keySet())) {
            Fault fault = active.remove(n);
            if (fault != null) {
                cleared++;
                ended(fault, "cleared");
            }
        }
        return cleared;
    }

    /** Removes one fault; false when no active fault has that id. */
    public boolean clear(String id) {
        sweep();
        for (Map.Entry<Long, Fault> entry : active.entrySet()) {
            if (entry.getValue().id().equals(id) && active.remove(entry.getKey(), entry.getValue())) {
                ended(entry.getValue(), "cleared");
                return true;
            }
        }
        return false;
    }

    /** Removes the faults whose time is up. */
    public void sweep() {
        long now = nanoTime.getAsLong();
        active.forEach((n, fault) -> {
            if (now - fault.expiresAtNanos() >= 0 && active.remove(n, fault)) {
                ended(fault, "expired after " + fault.spec().durationMs() + " ms");
            }
        });
    }

    /** The sum of the offsets of the clock faults in force, in milliseconds. */
    public long clockOffsetMillis() {
        long now = nanoTime.getAsLong();
        long sum = 0;
        for (Fault fault : active.values()) {
            if (fault.spec().kind() == FaultKind.CLOCK && now - fault.expiresAtNanos() < 0) {
                sum += fault.spec().offsetMs();
            }
        }
        return sum;
    }

    /** Whether any fault is in force (or expired and not yet swept): a cheap check before a costlier match. */
    public boolean anyActive() {
        return !active.isEmpty();
    }

    /**
     * The network faults in force that match and fire this time (each with its own probability), counted as
     * fired. Empty, without a lookup beyond the map, when no fault is active.
     */
    List<Fault> firing(Predicate<FaultSpec> matches) {
        if (active.isEmpty()) {
            return List.of();
        }
        long now = nanoTime.getAsLong();
        List<Fault> firing = new ArrayList<>(1);
        for (Fault fault : active.values()) {
            FaultSpec spec = fault.spec();
            if (now - fault.expiresAtNanos() < 0 && matches.test(spec) && fires(spec.probability())) {
                countFired(fault);
                firing.add(fault);
            }
        }
        return firing;
    }

    /** Nanoseconds until {@code fault} expires; 0 once it expired or was cleared. */
    long remainingNanos(Fault fault) {
        if (!active.containsValue(fault)) {
            return 0;
        }
        return Math.max(0, fault.expiresAtNanos() - nanoTime.getAsLong());
    }

    long nanoTime() {
        return nanoTime.getAsLong();
    }

    private boolean fires(double probability) {
        return probability >= 1.0 || (probability > 0.0 && random.getAsDouble() < probability);
    }

    private void countFired(Fault fault) {
        fault.countFired();
        firedCounters.computeIfAbsent(fault.spec().kind(), kind -> Counter.builder("platform.faults.fired")
                .description("Times an injected fault acted on a call, a request or the process")
                .tag("kind", kind.wireName()).register(meters)).increment();
    }

    private void ended(Fault fault, String how) {
        if (fault.spec().kind() == FaultKind.CRASH) {
            crashPoints.disarmChance(fault.spec().target(), fault.id());
        }
        log.warn("Fault {} {}: {} no longer applies (it fired {} times)", fault.id(), how, fault.spec().describe(),
                fault.fired());
    }
}
