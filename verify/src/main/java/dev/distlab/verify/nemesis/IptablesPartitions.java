package dev.distlab.verify.nemesis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.distlab.verify.cluster.Instance;

/** Real packet loss on the local cluster: {@code ./cluster partition GROUP GROUP...} and {@code ./cluster heal}. */
public final class IptablesPartitions implements Partitions {

    private final ClusterScript script;

    public IptablesPartitions(ClusterScript script) {
        this.script = script;
    }

    @Override
    public void partition(List<List<Instance>> groups, long durationMs) throws IOException {
        List<String> args = new ArrayList<>();
        args.add("partition");
        for (List<Instance> group : groups) {
            args.add(group.stream().map(Instance::id).collect(Collectors.joining(",")));
        }
        script.run(60, args.toArray(String[]::new));
    }

    @Override
    public void heal(List<List<Instance>> groups) throws IOException {
        script.run(60, "heal");
    }

    @Override
    public String network() {
        return "iptables";
    }
}
