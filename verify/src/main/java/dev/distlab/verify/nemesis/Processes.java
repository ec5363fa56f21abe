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

    /** Starts a killed instance again and returns once it is ready. */
    void start(Instance instance) throws IOException;

    void pause(Instance instance, long durationMs) throws IOException;

    void resume(Instance instance) throws IOException;
}
