package dev.distlab.verify.nemesis;

import java.io.IOException;
import java.util.List;

import dev.distlab.verify.cluster.Instance;

/** Network partitions between groups of instances, and their healing. */
public interface Partitions {

    void partition(List<List<Instance>> groups, long durationMs) throws IOException;

    void heal(List<List<Instance>> groups) throws IOException;

    /** How partitions are made, as results.json says: {@code iptables}, {@code in-process} or {@code remote}. */
    String network();
}
