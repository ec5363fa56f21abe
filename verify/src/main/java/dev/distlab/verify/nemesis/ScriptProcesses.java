package dev.distlab.verify.nemesis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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
    public void killAll(List<Instance> instances) throws IOException {
        // one command, one kill(2) call: killed one by one, the last survivors would have time to write
        // what the first ones lost
        List<String> args = new ArrayList<>(List.of("kill"));
        instances.forEach(i -> args.add(i.id()));
        script.run(SIGNAL_TIMEOUT_S, args.toArray(String[]::new));
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
