package dev.distlab.verify.workload;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One workload: it prepares its data, runs client processes through the gateway until the deadline while the
 * nemesis works, and, once every fault has healed, runs its final phase. Every client process runs one
 * operation at a time, and every process id belongs to one workload, so its ops form the checker's history.
 */
public abstract class Workload {

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

    protected static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
