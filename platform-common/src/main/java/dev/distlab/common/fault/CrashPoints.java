package dev.distlab.common.fault;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named places in the code where the process halts at once, as if killed with SIGKILL, so tests and users
 * can crash a service at the worst moment. A point is armed with the number of the hit that halts (1: the
 * first time it is reached, 3: the third), from the {@code platform.crash-points} setting
 * ({@code name} or {@code name@hits}, comma-separated) or at runtime through the {@code crashpoints}
 * actuator endpoint. A point can also be armed with a chance (from a {@code crash} fault, see
 * {@link FaultRegistry}): each hit until a deadline halts with probability p. Unarmed points cost two map lookups.
 */
public class CrashPoints {

    private static final Logger log = LoggerFactory.getLogger(CrashPoints.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");

    /** What happens when an armed point is reached; the real one halts the JVM. */
    @FunctionalInterface
    public interface Halter {
        void halt(String point);
    }

    /** A probability armed by one owner (a fault id) until a {@code System.nanoTime} deadline. */
    private record Chance(double probability, long deadlineNanos) {
    }

    private final Map<String, AtomicInteger> armed = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Chance>> chances = new ConcurrentHashMap<>();
    private final Halter halter;
    private final LongSupplier nanoTime;
    private final DoubleSupplier random;

    public CrashPoints() {
        this(point -> Runtime.getRuntime().halt(137));
    }

    public CrashPoints(Halter halter) {
        this(halter, System::nanoTime, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** {@code random} gives values in [0, 1). */
    public CrashPoints(Halter halter, LongSupplier nanoTime, DoubleSupplier random) {
        this.halter = halter;
        this.nanoTime = nanoTime;
        this.random = random;
    }

    /** Marks that execution reached {@code point}; halts the process if the point is armed and due. */
    public void reached(String point) {
        AtomicInteger remaining = armed.get(point);
        if (remaining != null && remaining.decrementAndGet() == 0) {
            armed.remove(point, remaining);
            halt(point, "reached");
            return;
        }
        Map<String, Chance> owners = chances.get(point);
        if (owners != null && !owners.isEmpty()) {
            long now = nanoTime.getAsLong();
            for (Chance chance : owners.values()) {
                if (now - chance.deadlineNanos() < 0 && chance.probability() > 0.0
                        && (chance.probability() >= 1.0 || random.getAsDouble() < chance.probability())) {
                    halt(point, "reached and its chance came up");
                    return;
                }
            }
        }
    }

    private void halt(String point, String how) {
        log.error("Crash point {} {}: halting this process now, as a SIGKILL would", point, how);
        System.out.flush();
        halter.halt(point);
    }

    /**
     * Arms {@code point} so that each hit halts with {@code probability} until {@code deadlineNanos}
     * ({@code System.nanoTime}), on behalf of {@code owner}; any hit-count arming stays as it was.
     */
    public void armChance(String point, String owner, double probability, long deadlineNanos) {
        if (!isValidName(point)) {
            throw new IllegalArgumentException("crash point names are lowercase words joined by '.' or '-'");
        }
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("probability must be between 0 and 1");
        }
        chances.computeIfAbsent(point, p -> new ConcurrentHashMap<>()).put(owner, new Chance(probability,
                deadlineNanos));
        log.warn("Crash point {} armed by {}: each hit halts this process with probability {}", point, owner,
                probability);
    }

    /** Removes the chance {@code owner} armed at {@code point}. */
    public void disarmChance(String point, String owner) {
        chances.computeIfPresent(point, (p, owners) -> {
            owners.remove(owner);
            return owners.isEmpty() ? null : owners;
        });
    }

    /** Halts the process {@code millis} from now, on a thread of its own (an answer can leave meanwhile). */
    public void haltAfter(long millis, String reason) {
        log.error("Halting this process in {} ms, as a SIGKILL would ({})", millis, reason);
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.flush();
            halter.halt(reason);
        }, "halt-soon");
        thread.setDaemon(true);
        thread.start();
    }

    /** Arms {@code point} to halt on its {@code hits}-th hit from now. */
    public void arm(String point, int hits) {
        if (!isValidName(point)) {
            throw new IllegalArgumentException("crash point names are lowercase words joined by '.' or '-'");
        }
        if (hits < 1 || hits > 1_000_000) {
            throw new IllegalArgumentException("hits must be between 1 and 1000000");
        }
        armed.put(point, new AtomicInteger(hits));
        log.warn("Crash point {} armed: this process halts on hit {} from now", point, hits);
    }

    /** Arms every point of a {@code name[@hits],...} list, as the setting gives it. */
    public void armAll(String spec) {
        for (String item : spec.split(",")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int at = trimmed.indexOf('@');
            if (at < 0) {
                arm(trimmed, 1);
            } else {
                arm(trimmed.substring(0, at), Integer.parseInt(trimmed.substring(at + 1)));
            }
        }
    }

    public boolean disarm(String point) {
        boolean was = armed.remove(point) != null;
        if (was) {
            log.info("Crash point {} disarmed", point);
        }
        return was;
    }

    /** Armed points and the hits left until each halts. */
    public Map<String, Integer> armed() {
        Map<String, Integer> view = new TreeMap<>();
        armed.forEach((name, remaining) -> view.put(name, remaining.get()));
        return view;
    }

    public static boolean isValidName(String point) {
        return point != null && point.length() <= 100 && NAME.matcher(point).matches();
    }
}
