package dev.distlab.verify.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.distlab.verify.cli.UsageException;

/** Reads {@code ./cluster bench ...} into {@link BenchOptions}; any mistake is a {@link UsageException} naming it. */
final class BenchOptionsParser {

    static final String USAGE = """
            usage: ./cluster bench store|gateway|bank|scale|footprint|all [options]
              store       config store vs etcd (3 members, fsync on): writes and linearizable reads at the leader,
                          100-byte values, random keys out of 1000
              gateway     GET /api/node through the gateway vs nginx (keep-alive, round robin, same 3
                          participants) vs straight to participant-1; ratio and added p50
              bank        transfers across two participants vs deposits on one (through the gateway) vs store
                          writes, then a check: money conserved, nothing in doubt or HEURISTIC (exit 1 if not)
              scale       requests/s and p99 at 1..512 connections: store vs etcd writes, gateway vs nginx,
                          store writes with 3 vs 5 replicas; one SVG per comparison
              footprint   ./cluster up (jars built) to all ready, with the bench's JVM profile and ./cluster up's
                          default (startup), RSS of every process and the sum
              all         everything, in one cluster where possible
            A warm-up of every side first, then rounds alternating the sides (A,B then B,A ...); the tables give
            medians over rounds. The bench runs its own cluster (CLUSTER_JVM=throughput: full C2; see --jvm), nginx
            and etcd, and stops them at the end. Missing wrk/nginx/etcd are installed with apt-get when root.
              --rounds N            measured rounds (default 3)
              --duration S          seconds per wrk run (default 10)
              --warmup S            seconds of warm-up per side at least (default 30), in 10 s runs; a side
                                    whose throughput still climbs by more than 10 % over its runs, or on
                                    the platform whose JIT still compiles (its compiler threads used 5 %
                                    of a core or more in the last run), is warmed on, up to 8 times as
                                    long (C2 takes minutes on the bank's path)
              --connections C       wrk connections for store, gateway, bank (default 32)
              --threads T           wrk threads (default 2; never more than the connections)
              --levels C,C,...      connections for scale (default 1,8,32,128,512)
              --accounts N          bank: accounts per group (transfer accounts on participant-1 and -2,
                                    deposit accounts on participant-1; default 300)
              --smoke               a tiny run (a few hundred requests): 1 round, 1 s runs, 1 s warm-up,
                                    scale at 1,8,32 connections, 20 accounts per group
              --jvm PROFILE         the cluster's JVM profile (CLUSTER_JVM): throughput (default: full C2, what
                                    the figures are for) or startup (C1 only: starts faster, runs slower;
                                    for smoke runs, whose figures mean nothing anyway)
              --no-docs             print the tables only
              --out FILE            write the sections into FILE instead of docs/BENCHMARKS.md
              --svg-dir DIR         where scale writes its SVGs (default: bench/ beside the docs file, so
                                    docs/bench/; none with --no-docs unless this is given)
              --cluster-home DIR    the bench cluster's state (default <repo>/.cluster-bench)
              --gateway-port P      (default 18080)
              --participant-base-port P  participant-i listens on P+i (default 18080)
              --coordinator-base-port P  coordinator-j listens on P+j (default 18090)
              --nginx-port P        (default 18070)
              --etcd-base-port P    etcd member i: client P+i, peer P+10+i (default 18370)
              --repo DIR            the repository (./cluster passes it)
              --help                this text
            Exit: 0 done, 1 the bank check found something wrong or a run failed, 2 bad usage or missing tools.
            """;

    private static final Set<String> FLAGS = Set.of("smoke", "no-docs", "help");
    private static final Set<String> VALUED = Set.of("rounds", "duration", "warmup", "connections", "threads",
            "levels", "accounts", "out", "svg-dir", "cluster-home", "gateway-port", "participant-base-port",
            "coordinator-base-port", "nginx-port", "etcd-base-port", "repo", "jvm");

    /** Returns null when {@code --help} was asked for. */
    BenchOptions parse(String... args) throws UsageException {
        Map<String, String> values = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (FLAGS.contains(name)) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                value = "true";
            } else if (VALUED.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
            } else {
                throw new UsageException("unknown option --" + name);
            }
            if (values.put(name, value) != null) {
                throw new UsageException("--" + name + " given twice");
            }
        }
        if (values.containsKey("help")) {
            return null;
        }
        if (positional.size() != 1) {
            throw new UsageException(positional.isEmpty() ? "which bench? one of " + String.join(", ",
                    BenchOptions.BENCHES) : "one bench at a time, got " + String.join(" ", positional));
        }
        String bench = positional.get(0);
        if (!BenchOptions.BENCHES.contains(bench)) {
            throw new UsageException("unknown bench '" + bench + "': one of " + String.join(", ",
                    BenchOptions.BENCHES));
        }
        boolean smoke = values.containsKey("smoke");
        Path repo = Path.of(values.getOrDefault("repo", ".")).toAbsolutePath().normalize();
        int connections = number(values, "connections", 32, 1, 10_000);
        String jvm = values.getOrDefault("jvm", BenchOptions.JVM_PROFILES.get(0));
        if (!BenchOptions.JVM_PROFILES.contains(jvm)) {
            throw new UsageException("--jvm must be one of " + String.join(", ", BenchOptions.JVM_PROFILES)
                    + ", not '" + jvm + "'");
        }
        Path out = values.containsKey("out") ? Path.of(values.get("out")).toAbsolutePath() : null;
        if (out != null && values.containsKey("no-docs")) {
            throw new UsageException("--out and --no-docs contradict each other");
        }
        Path docs = values.containsKey("no-docs") ? null : out != null ? out : repo.resolve("docs/BENCHMARKS.md");
        Path svgDir = values.containsKey("svg-dir") ? Path.of(values.get("svg-dir")).toAbsolutePath()
                : docs == null ? null : docs.getParent().resolve("bench");
        BenchOptions.Ports ports = new BenchOptions.Ports(port(values, "gateway-port", 18080),
                port(values, "participant-base-port", 18080), port(values, "coordinator-base-port", 18090),
                port(values, "nginx-port", 18070), port(values, "etcd-base-port", 18370));
        return new BenchOptions(bench, repo, number(values, "rounds", smoke ? 1 : 3, 1, 100),
                number(values, "duration", smoke ? 1 : 10, 1, 3600), number(values, "warmup", smoke ? 1 : 30, 0, 3600),
                connections, Math.min(connections, number(values, "threads", 2, 1, 64)),
                levels(values.getOrDefault("levels", smoke ? "1,8,32" : "1,8,32,128,512")),
                number(values, "accounts", smoke ? 20 : 300, 2, 10_000), smoke, docs, svgDir,
                values.containsKey("cluster-home") ? Path.of(values.get("cluster-home")).toAbsolutePath()
                        : repo.resolve(".cluster-bench"), ports, jvm);
    }

    private static int number(Map<String, String> values, String option, int fallback, int min, int max)
            throws UsageException {
        String text = values.get(option);
        if (text == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + option + " must be a whole number from " + min + " to " + max + ", got '"
                + text + "'");
    }

    private static int port(Map<String, String> values, String option, int fallback) throws UsageException {
        return number(values, option, fallback, 1024, 65_000);
    }

    private static List<Integer> levels(String text) throws UsageException {
        List<Integer> levels = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                int n = Integer.parseInt(part.trim());
                if (n < 1 || n > 10_000 || (!levels.isEmpty() && n <= levels.get(levels.size() - 1))) {
                    throw new NumberFormatException();
                }
                levels.add(n);
            } catch (NumberFormatException e) {
                throw new UsageException("--levels takes rising connection counts from 1 to 10000, such as "
                        + "1,8,32; got '" + text + "'");
            }
        }
        return levels;
    }
}
