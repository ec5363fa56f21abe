package dev.distlab.verify.nemesis;

import java.io.IOException;
import java.util.List;

import dev.distlab.verify.cluster.Instance;

/**
 * Partitions made of fault-endpoint drops: every instance of one group drops its calls to every instance of the
 * other groups, on both sides. Used where iptables is not allowed, and against compose or k8s.
 */
public final class DropPartitions implements Partitions {

    private final FaultEndpoints faults;
    private final String network;

    public DropPartitions(FaultEndpoints faults, String network) {
        this.faults = faults;
        this.network = network;
    }

    @Override
    public void partition(List<List<Instance>> groups, long durationMs) throws IOException {
        for (List<Instance> group : groups) {
            for (Instance from : group) {
                for (List<Instance> other : groups) {
                    if (other == group) {
                        continue;
                    }
                    for (Instance to : other) {
                        faults.add(from, FaultEndpoints.fault("drop", "out", to.id(), durationMs));
                    }
                }
            }
        }
    }

    @Override
    public void heal(List<List<Instance>> groups) throws IOException {
        IOException first = null;
        for (List<Instance> group : groups) {
            for (Instance instance : group) {
                try {
                    faults.clear(instance);
                } catch (IOException e) {
                    first = first == null ? e : first; // clear the others anyway; the faults expire by themselves
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String network() {
        return network;
    }
}
