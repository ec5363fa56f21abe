package dev.distlab.verify.nemesis;

import java.io.IOException;

import dev.distlab.verify.cluster.Http;
import dev.distlab.verify.cluster.Instance;

/**
 * Process faults where the runner cannot send signals (compose, k8s): kill is a {@code crash} fault with target
 * {@code now} (the orchestrator restarts the container; "start" waits until it answers again); pause is a delay
 * of everything coming in and going out, cleared on resume.
 */
public final class EndpointProcesses implements Processes {

    private static final long RESTART_WAIT_MS = 120_000;
    private static final long MAX_DELAY_MS = 60_000;

    private final Http http;
    private final FaultEndpoints faults;

    public EndpointProcesses(Http http, FaultEndpoints faults) {
        this.http = http;
        this.faults = faults;
    }

    @Override
    public void kill(Instance instance) throws IOException {
        faults.add(instance, FaultEndpoints.fault("crash", null, "now", 10_000));
    }

    @Override
    public void start(Instance instance) throws IOException {
        long until = System.nanoTime() + RESTART_WAIT_MS * 1_000_000;
        while (System.nanoTime() < until) {
            try {
                if (http.get(instance.url() + "/actuator/health").status() == 200) {
                    return;
                }
            } catch (IOException e) {
                // still restarting
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + instance.id(), e);
            }
        }
        throw new IOException(instance.id() + " did not come back within " + RESTART_WAIT_MS / 1000
                + " s (is the orchestrator restarting it?)");
    }

    @Override
    public void pause(Instance instance, long durationMs) throws IOException {
        long delay = Math.min(MAX_DELAY_MS, durationMs + FaultEndpoints.EXPIRY_SLACK_MS);
        var in = FaultEndpoints.fault("delay", "in", null, durationMs);
        in.put("delayMs", delay);
        var out = FaultEndpoints.fault("delay", "out", "*", durationMs);
        out.put("delayMs", delay);
        faults.add(instance, in);
        faults.add(instance, out);
    }

    @Override
    public void resume(Instance instance) throws IOException {
        faults.clear(instance);
    }
}
