package dev.distlab.verify.nemesis;

import java.io.IOException;

import dev.distlab.verify.cluster.Instance;

/** The local cluster's real signals through {@code ./cluster kill|start|pause|resume NAME}. */
public final class ScriptProcesses implements Processes {

    private static final long START_TIMEOUT_S = 180;
    private static final long SIGNAL_TIMEOUT_S = 30;

    private final ClusterScript script;

    public ScriptProcesses(ClusterScript script) {
        this.script = script;
    }

    @Override
    public void kill(Instance instance) throws IOException {
        script.run(SIGNAL_TIMEOUT_S, "kill", instance.id());
    }

    @Override
    public void start(Instance instance) throws IOException {
        script.run(START_TIMEOUT_S, "start", instance.id());
    }

    @Override
    public void pause(Instance instance, long durationMs) throws IOException {
        script.run(SIGNAL_TIMEOUT_S, "pause", instance.id());
    }

    @Override
    public void resume(Instance instance) throws IOException {
        script.run(SIGNAL_TIMEOUT_S, "resume", instance.id());
    }
}
