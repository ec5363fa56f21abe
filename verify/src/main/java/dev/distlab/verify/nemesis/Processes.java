package dev.distlab.verify.nemesis;

import java.io.IOException;

import dev.distlab.verify.cluster.Instance;

/** Process faults: kill -9 and start again, pause and resume. */
public interface Processes {

    void kill(Instance instance) throws IOException;

    void start(Instance instance) throws IOException;

    void pause(Instance instance, long durationMs) throws IOException;

    void resume(Instance instance) throws IOException;
}
