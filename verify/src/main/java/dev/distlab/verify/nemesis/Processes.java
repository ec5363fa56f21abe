package dev.distlab.verify.nemesis;

import java.io.IOException;
import java.util.List;

import dev.distlab.verify.cluster.Instance;

/** Process faults: kill -9 and start again, pause and resume. */
public interface Processes {

    void kill(Instance instance) throws IOException;

    /** Kills several at the same instant, as a power cut would; by default one after another. */
    default void killAll(List<Instance> instances) throws IOException {
        for (Instance instance : instances) {
            kill(instance);
        }
    }

    /**
     * Starts a killed instance again. {@code awaitReady}: return once it is ready; otherwise as soon as it is
     * on its way, so the schedule goes on while a JVM starts (at the end of the load, the nemesis waits).
     */
    void start(Instance instance, boolean awaitReady) throws IOException;

    void pause(Instance instance, long durationMs) throws IOException;

    void resume(Instance instance) throws IOException;
}
