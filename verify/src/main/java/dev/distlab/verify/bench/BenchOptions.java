package dev.distlab.verify.bench;

import java.nio.file.Path;
import java.util.List;

/** What to measure and how; see {@link BenchOptionsParser#USAGE}. */
record BenchOptions(String bench, Path repo, int rounds, int durationSeconds, int warmupSeconds, int connections,
        int threads, List<Integer> scaleLevels, int accountsPerGroup, boolean smoke, Path docsFile, Path svgDir,
        Path clusterHome, Ports ports, String jvm) {

    static final List<String> BENCHES = List.of("store", "gateway", "bank", "scale", "footprint", "all");
    /** The {@code ./cluster} JVM profiles ({@code CLUSTER_JVM}); the bench's figures are taken with the first. */
    static final List<String> JVM_PROFILES = List.of("throughput", "startup");

    /** The bench's own ports, away from a developer's cluster (8080..) and a system etcd (2379/2380). */
    record Ports(int gateway, int participantBase, int coordinatorBase, int nginx, int etcdClientBase) {

        int participant(int i) {
            return participantBase + i;
        }

        int etcdClient(int member) {
            return etcdClientBase + member;
        }

        int etcdPeer(int member) {
            return etcdClientBase + 10 + member;
        }
    }

    boolean runs(String name) {
        return bench.equals("all") || bench.equals(name);
    }

    /** Whether the tables go into a file at all ({@code --no-docs}: stdout only). */
    boolean writesDocs() {
        return docsFile != null;
    }
}
