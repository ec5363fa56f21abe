package dev.distlab.common.fault;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named places in the code where the process halts at once, as if killed with SIGKILL, so tests and users
 * can crash a service at the worst moment. A point is armed with the number of the hit that halts (1: the
 * first time it is reached, 3: the third), from the {@code platform.crash-points} setting
 * ({@code name} or {@code name@hits}, comma-separated) or at runtime through the {@code crashpoints}
 * actuator endpoint. Unarmed points cost one map lookup.
 */
public class CrashPoints {

    private static final Logger log = LoggerFactory.getLogger(CrashPoints.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");

    /** What happens when an armed point is reached; the real one halts the JVM. */
    @FunctionalInterface
    public interface Halter {
        void halt(String point);
    }

    private final Map<String, AtomicInteger> armed = new ConcurrentHashMap<>();
    private final Halter halter;

    public CrashPoints() {
        this(point -> Runtime.getRuntime().halt(137));
    }

    public CrashPoints(Halter halter) {
        this.halter = halter;
    }

    /** Marks that execution reached {@code point}; halts the process if the point is armed and due. */
    public void reached(String point) {
        AtomicInteger remaining = armed.get(point);
        if (remaining != null && remaining.decrementAndGet() == 0) {
            armed.remove(point, remaining);
            log.error("Crash point {} reached: halting this process now, as a SIGKILL would", point);
            System.out.flush();
            halter.halt(point);
        }
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
