package dev.distlab.verify.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run as the command line asked for it. {@code clusterScript} null means remote mode (every fault through
 * the instances' fault endpoints); {@code reportDir} null means the default {@code .cluster/reports/<time>/}.
 */
public record Options(List<String> workloads, String nemesis, int timeSeconds, int concurrency, long seed,
        String gateway, Path clusterScript, Path tokenFile, Path reportDir, String net) {

    public static final List<String> WORKLOADS = List.of("bank", "register", "watch", "lb", "hostile");
    public static final List<String> NEMESES = List.of("none", "kill", "pause", "partition", "latency", "clock",
            "mixed");
    public static final List<String> NETS = List.of("auto", "iptables", "in-process");
    public static final String DEFAULT_GATEWAY = "http://localhost:8080";

    public Options {
        workloads = List.copyOf(workloads);
    }

    public boolean local() {
        return clusterScript != null;
    }

    /**
     * The arguments that repeat this run (same workloads, faults, duration, clients and seed). With a cluster
     * script it is the {@code ./cluster verify} line, which adds the script and the token by itself.
     */
    public String rerunCommand() {
        List<String> args = new ArrayList<>();
        args.add(local() ? "./cluster verify" : "java -jar verify/target/verify-*-exec.jar");
        args.add("--workload " + String.join(",", workloads));
        args.add("--nemesis " + nemesis);
        args.add("--time " + timeSeconds);
        args.add("--concurrency " + concurrency);
        args.add("--seed " + seed);
        if (!local() || !gateway.equals(DEFAULT_GATEWAY)) {
            args.add("--gateway " + gateway);
        }
        if (!net.equals("auto")) {
            args.add("--net " + net);
        }
        return String.join(" ", args);
    }
}
