package dev.distlab.verify.workload;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.distlab.check.history.Op;
import dev.distlab.check.history.OpType;

/**
 * One workload: it prepares its data, runs client processes through the gateway until the deadline while the
 * nemesis works, and, once every fault has healed, runs its final phase. Every client process runs one
 * operation at a time, and every process id belongs to one workload, so its ops form the checker's history.
 */
public abstract class Workload {

    static final long BACKOFF_MS = 100;

    protected final WorkloadContext context;
    private final List<Integer> processes = new ArrayList<>();

    protected Workload(WorkloadContext context) {
        this.context = context;
    }

    public abstract String name();

    /** Before the load: creates what the clients work on; IOException when the cluster cannot be used. */
    public abstract void setup() throws IOException;

    /** The client processes, each a loop that ends once {@code deadline} passed. */
    public abstract List<Runnable> clients(Deadline deadline);

    /** After every fault healed and every client stopped: resolves, reads the final state, restores settings. */
    public abstract void finish();

    /** Takes the next process id for this workload. */
    protected final int newProcess() {
        int process = context.nextProcess();
        synchronized (processes) {
            processes.add(process);
        }
        return process;
    }

    public final List<Integer> processes() {
        synchronized (processes) {
            return List.copyOf(processes);
        }
    }

    /**
     * After an operation of this thread that found the service unavailable, waits {@link #BACKOFF_MS}, as a real
     * client would: spinning on instant refusals while instances restart only takes the CPU they start with.
     */
    protected final void backOffIfUnavailable() {
        Op last = context.recorder().lastCompletionOfThisThread();
        if (last != null && unavailable(last)) {
            pause(BACKOFF_MS);
        }
    }

    /** No answer, an unknown outcome, or a refusal that is not the client's fault (anything but a 4xx). */
    static boolean unavailable(Op completion) {
        return completion.type() == OpType.INFO || (completion.type() == OpType.FAIL
                && (completion.error() == null || !completion.error().startsWith("HTTP 4")));
    }

    protected static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
