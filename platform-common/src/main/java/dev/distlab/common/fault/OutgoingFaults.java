package dev.distlab.common.fault;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.http.client.ClientHttpRequestInterceptor;

/**
 * The hook every outgoing call of a service passes through before it leaves: {@code delay} sleeps first,
 * {@code fail} refuses the connection at once, {@code drop} hangs until the call's own timeout (then fails as a
 * timeout, like a lost packet) or until the fault ends, whichever comes first (then the call goes out, as TCP
 * would resend once the network heals). A fault's {@code target} is matched against the callee's {@code host:port}
 * and against its instance id, which is learnt from configuration ({@link #name}) and from the
 * {@code X-Instance-Id} header of its answers ({@link #learn}).
 *
 * <p>A {@code RestClient} carries {@link #interceptor} (as every call between services does: {@code ServiceCalls});
 * JDK {@link HttpClient} users wrap their client with {@link #wrap}; others call {@link #beforeConnection}.
 */
public class OutgoingFaults {

    /** The response header every service puts its instance id in. */
    public static final String INSTANCE_ID_HEADER = "X-Instance-Id";
    /** Steps in which a hanging call checks that its fault is still in force (a cleared fault lets it go). */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * What the faults in force do to one call, decided once ({@link #plan}: each fault that fires is counted and
     * its probability rolled), carried out by {@link #carryOut}.
     */
    public record Plan(long delayMs, Fault fail, Fault drop) {
        static final Plan NONE = new Plan(0, null, null);

        public boolean isNone() {
            return delayMs == 0 && fail == null && drop == null;
        }
    }

    private final FaultRegistry registry;
    private final Map<String, String> names = new ConcurrentHashMap<>();

    public OutgoingFaults(FaultRegistry registry) {
        this.registry = registry;
    }

    /** Records that the service at {@code baseUrl} is {@code instanceId} (e.g. from configuration). */
    public void name(URI baseUrl, String instanceId) {
        if (instanceId != null && !instanceId.isBlank()) {
            names.put(authority(baseUrl), instanceId);
        }
    }

    /** Records the instance id an answer from {@code uri} named in its {@code X-Instance-Id} header. */
    public void learn(URI uri, String instanceIdHeader) {
        if (instanceIdHeader != null && !instanceIdHeader.isBlank()) {
            String authority = authority(uri);
            String id = instanceIdHeader.trim();
            // every answer names its instance: a write only when it is news keeps the map's entry from bouncing
            // between the cores of the threads that make the calls
            if (!id.equals(names.get(authority))) {
                names.put(authority, id);
            }
        }
    }

    /** The instance id known for the service at {@code uri}, or null. */
    public String nameOf(URI uri) {
        return names.get(authority(uri));
    }

    /**
     * What a {@code RestClient} carries so that the faults act on every call it makes, whichever request factory
     * sends it, and instance ids are learnt from the answers; {@code timeout} is the calls' own, which a {@code drop}
     * hangs for before it fails them as timed out. The faults are carried out on the calling thread.
     */
    public ClientHttpRequestInterceptor interceptor(Duration timeout) {
        return new OutgoingFaultInterceptor(this, timeout);
    }

    /** A client that applies the faults to every request it sends, and learns instance ids from the answers. */
    public HttpClient wrap(HttpClient client) {
        return new FaultInjectingHttpClient(client, this);
    }

    /**
     * Applies the faults to a call about to go to {@code uri} (instance {@code instanceId}, or null to use the
     * known name) that gives up after {@code timeout} (null: none). Throws {@link ConnectException} for a
     * {@code fail}, {@link SocketTimeoutException} for a {@code drop} that outlasts the timeout.
     */
    public void beforeConnection(URI uri, String instanceId, Duration timeout)
            throws IOException, InterruptedException {
        apply(plan(uri, instanceId), timeout, false);
    }

    /**
     * Carries out a plan on the calling thread, as {@link #beforeConnection} does: a non-blocking caller plans on its
     * own thread ({@link #plan}) and hands only a plan that is not {@link Plan#isNone() none} to a thread that may
     * wait.
     */
    public void carryOut(Plan plan, Duration timeout) throws IOException, InterruptedException {
        apply(plan, timeout, false);
    }

    /** Whether any fault is in force at all: when not, no call needs its target worked out for {@link #plan}. */
    public boolean anyInForce() {
        return registry.anyActive();
    }

    /**
     * Whether a network fault in force names a call to {@code rawPath} at {@code base} (whether it fires, by its
     * probability, is decided when the call is made). For a caller that would otherwise fold the call into
     * another one (a batch) and so keep the fault from acting on it. The path is asked for only while some fault
     * is in force: a batching caller asks about every operation, and building each path would be work for nothing.
     */
    public boolean targets(URI base, Supplier<String> rawPath) {
        if (!registry.anyActive()) {
            return false;
        }
        String authority = authority(base);
        String id = names.get(authority);
        String path = rawPath.get();
        return registry.active().stream().anyMatch(f -> f.spec().matchesOut(authority, id, path));
    }

    /** The faults that act on a call to {@code uri} (instance {@code instanceId}, or null to use the known name). */
    public Plan plan(URI uri, String instanceId) {
        String authority = authority(uri);
        String id = instanceId != null ? instanceId : names.get(authority);
        List<Fault> firing = registry.firing(spec -> spec.matchesOut(authority, id, uri.getRawPath()));
        if (firing.isEmpty()) {
            return Plan.NONE;
        }
        long delay = 0;
        Fault fail = null;
        Fault drop = null;
        for (Fault fault : firing) {
            switch (fault.spec().kind()) {
                case DELAY -> delay += fault.spec().delayMs();
                case FAIL -> fail = fail == null ? fault : fail;
                case DROP -> drop = drop == null ? fault : drop;
                default -> {
                }
            }
        }
        return new Plan(delay, fail, drop);
    }

    /** Carries out a plan on the calling thread; {@code jdkClient} chooses the JDK client's timeout exception. */
    void apply(Plan plan, Duration timeout, boolean jdkClient) throws IOException, InterruptedException {
        if (plan.isNone()) {
            return;
        }
        if (plan.delayMs() > 0) {
            Thread.sleep(plan.delayMs());
        }
        if (plan.fail() != null) {
            throw new ConnectException("Connection refused (fault " + plan.fail().id() + " injected)");
        }
        if (plan.drop() != null && hang(plan.drop(), timeout)) {
            String message = "Timed out: the request was dropped (fault " + plan.drop().id() + " injected)";
            throw jdkClient ? new HttpTimeoutException(message) : new SocketTimeoutException(message);
        }
    }

    /**
     * Waits while {@code fault} is in force, at most {@code timeout}; true when the timeout ran out first (the
     * call then fails), false when the fault ended first (the call then goes out).
     */
    private boolean hang(Fault fault, Duration timeout) throws InterruptedException {
        long start = registry.nanoTime();
        long limit = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
        while (true) {
            long remaining = registry.remainingNanos(fault);
            long waited = registry.nanoTime() - start;
            if (remaining <= 0) {
                return false;
            }
            if (waited >= limit) {
                return true;
            }
            long step = Math.min(POLL_NANOS, Math.min(remaining, limit - waited));
            TimeUnit.NANOSECONDS.sleep(step);
        }
    }

    static String authority(URI uri) {
        int port = uri.getPort();
        if (port < 0) {
            port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return host + ":" + port;
    }
}
