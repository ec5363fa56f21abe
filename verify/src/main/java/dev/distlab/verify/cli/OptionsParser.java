package dev.distlab.verify.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/** Reads the command line into {@link Options}; any mistake is a {@link UsageException} naming it. */
public final class OptionsParser {

    public static final String USAGE = """
            usage: verify --workload W[,W...]|all [options]
                   verify --check history.jsonl   (judge a recorded history again, no cluster needed)
              --workload W      bank, register, watch, lb, hostile (comma-separated) or all
              --nemesis N       none|kill|pause|partition|latency|clock|mixed (default none)
              --time S          seconds of load under faults (default 60: room for every kind of fault)
              --concurrency C   client processes per workload (default 5)
              --seed X          makes the fault schedule and every client's choices repeat (default: random)
              --gateway URL     the cluster's gateway (default http://localhost:8080)
              --cluster-script PATH  local cluster: process faults and partitions through PATH (./cluster)
              --token-file F    the cluster token (or env DISTLAB_TOKEN)
              --report-dir DIR  where the report goes (default .cluster/reports/<yyyyMMdd-HHmmss>/)
              --net auto|iptables|in-process  how partitions are made (default auto)
            """;

    private static final Set<String> KNOWN = Set.of("workload", "nemesis", "time", "concurrency", "seed", "gateway",
            "cluster-script", "token-file", "report-dir", "net");

    private final LongSupplier randomSeed;

    public OptionsParser() {
        this(new SecureRandom()::nextLong);
    }

    /** {@code randomSeed} gives the seed when none is asked for (tests pass a fixed one). */
    public OptionsParser(LongSupplier randomSeed) {
        this.randomSeed = randomSeed;
    }

    public Options parse(String... args) throws UsageException {
        Map<String, String> values = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (!KNOWN.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
            if (values.put(name, value) != null) {
                throw new UsageException("--" + name + " given twice");
            }
        }
        if (!values.containsKey("workload")) {
            throw new UsageException("--workload is required");
        }
        String nemesis = oneOf("nemesis", values.getOrDefault("nemesis", "none"), Options.NEMESES);
        String net = oneOf("net", values.getOrDefault("net", "auto"), Options.NETS);
        int time = positive("time", values.getOrDefault("time", "60"), 3600);
        int concurrency = positive("concurrency", values.getOrDefault("concurrency", "5"), 200);
        long seed = values.containsKey("seed") ? seed(values.get("seed")) : randomSeed.getAsLong();
        String gateway = values.getOrDefault("gateway", Options.DEFAULT_GATEWAY);
        if (!gateway.matches("https?://[^\\s/]+(/.*)?")) {
            throw new UsageException("--gateway must be an http(s) URL, got '" + gateway + "'");
        }
        gateway = gateway.replaceAll("/+$", "");
        return new Options(workloads(values.get("workload")), nemesis, time, concurrency, seed, gateway,
                path(values.get("cluster-script")), path(values.get("token-file")), path(values.get("report-dir")),
                net);
    }

    private static List<String> workloads(String text) throws UsageException {
        if (text.equals("all")) {
            return Options.WORKLOADS;
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String w : text.split(",")) {
            oneOf("workload", w.trim(), Options.WORKLOADS);
            chosen.add(w.trim());
        }
        return new ArrayList<>(chosen);
    }

    private static String oneOf(String option, String value, List<String> allowed) throws UsageException {
        if (!allowed.contains(value)) {
            throw new UsageException("--" + option + " must be one of " + String.join(", ", allowed) + ", got '"
                    + value + "'");
        }
        return value;
    }

    private static int positive(String option, String value, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + option + " must be a whole number from 1 to " + max + ", got '" + value + "'");
    }

    private static long seed(String value) throws UsageException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--seed must be a whole number (a 64-bit integer), got '" + value + "'");
        }
    }

    private static Path path(String value) {
        return value == null ? null : Path.of(value);
    }
}
