package dev.distlab.verify.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the benches of one run share: the bench cluster (started once, restarted only to change its size),
 * nginx and etcd (started on first use), the wrk scripts, and the rounds runner. Closing it stops them all.
 */
final class BenchContext implements AutoCloseable {

    final BenchOptions options;
    final PrintStream out;
    final Platform platform;
    final Rounds rounds;
    final Path scratch;
    private final Map<String, Path> tools;
    private Nginx nginx;
    private Etcd etcd;
    private int runningParticipants;
    private boolean runningStoreOnly;
    private String jvmOptions;

    BenchContext(BenchOptions options, Map<String, Path> tools, PrintStream out) {
        this.options = options;
        this.tools = tools;
        this.out = out;
        this.platform = new Platform(options, out);
        this.rounds = new Rounds(options, out, platform);
        // beside the cluster's home, not in it: a fresh start (./cluster down --purge) deletes that home, and
        // etcd's data and nginx's pid file must outlive a resize to five participants
        this.scratch = options.clusterHome().resolveSibling(options.clusterHome().getFileName() + "-peers");
    }

    /** The cluster with this many participants, started from empty state unless it already runs so. */
    void cluster(int participants) throws IOException {
        start(participants, false);
    }

    /**
     * This many participants alone, the config store's replicas, from empty state unless they already run so: for
     * a measure of the store's writes, which go straight to its leader and pass neither a coordinator nor the
     * gateway (on two cores those two would take a third of the start's CPU).
     */
    void storeCluster(int participants) throws IOException {
        start(participants, true);
    }

    private void start(int participants, boolean storeOnly) throws IOException {
        if (runningParticipants == participants && runningStoreOnly == storeOnly) {
            return;
        }
        if (nginx != null) { // it proxies to the three participants it was started for
            nginx.close();
            nginx = null;
        }
        out.println("Starting the bench cluster: " + participants + (storeOnly ? " participants alone, no "
                + "coordinator, no gateway" : " participants, 1 coordinator, the gateway")
                + " (CLUSTER_JVM=" + options.jvm() + ", state in " + options.clusterHome() + ")");
        if (storeOnly) {
            platform.freshStoreUp(participants);
        } else {
            platform.freshUp(participants);
        }
        clusterStarted(participants);
        runningStoreOnly = storeOnly;
    }

    /** Called when a bench started the cluster itself (footprint times its start). */
    void clusterStarted(int participants) throws IOException {
        rounds.clusterRestarted();
        runningParticipants = participants;
        runningStoreOnly = false;
        jvmOptions = platform.jvmOptions();
    }

    /** The note that says which JVM options every service of the bench cluster ran with. */
    String jvmNote() {
        return "JVM options of every service (`CLUSTER_JVM=" + options.jvm() + "`): `"
                + (jvmOptions == null ? "(the cluster did not run)" : jvmOptions) + "`";
    }

    Nginx nginx() throws IOException {
        if (nginx == null) {
            cluster(3);
            Nginx started = new Nginx(tools.get("nginx"), scratch.resolve("nginx"), options.ports().nginx());
            out.println("Starting nginx on port " + options.ports().nginx() + " in front of "
                    + String.join(", ", platform.participantAddresses()));
            started.start(platform.participantAddresses());
            nginx = started;
        }
        return nginx;
    }

    Etcd etcd() throws IOException {
        if (etcd == null) {
            Etcd started = new Etcd(tools.get("etcd"), tools.get("etcdctl"), scratch.resolve("etcd"),
                    options.ports());
            out.println("Starting etcd: " + Etcd.MEMBERS + " members on ports " + options.ports().etcdClient(1) + "–"
                    + options.ports().etcdClient(Etcd.MEMBERS));
            etcd = started;
            started.start();
        }
        return etcd;
    }

    Path script(String name, String contents) throws IOException {
        return LuaScripts.write(scratch.resolve("scripts"), name, contents);
    }

    WrkRun wrk(int connections, Path script, String url) {
        return new WrkRun(options.threads(), connections, options.durationSeconds(), script, url);
    }

    /** Writes every key the read scripts ask for, in the store and in etcd, so that reads find them (no 404s). */
    void seedKeys(String storeUrl, String etcdUrl) throws IOException {
        out.println("Writing the " + LuaScripts.KEYS + " keys the reads ask for, in the config store and in etcd");
        Seeder.seed(storeUrl, etcdUrl);
    }

    /** The common notes of every section: machine, JDK, JVM options, rounds. */
    List<String> commonNotes(Machine machine) {
        return List.of("Machine: " + machine.describe(),
                jvmNote(),
                "Load generator: wrk on the same machine (it shares the cores with everything measured); "
                        + options.rounds() + " round(s) of " + options.durationSeconds() + " s per side after a "
                        + "warm-up per side of at least " + options.warmupSeconds() + " s, longer while its "
                        + "throughput still climbed by more than " + Math.round(WarmUp.CLIMB * 100) + " % over its "
                        + WarmUp.CHUNK_SECONDS + " s runs or, on the platform, the compiler threads of the "
                        + "cluster's JVMs together still used " + Math.round(WarmUp.QUIET_COMPILER_SHARE * 100)
                        + " % of a core or more (up to "
                        + WarmUp.LONGEST_FACTOR + " times as long), the sides alternating (A, B, then B, A, "
                        + "...); figures are medians over the rounds" + (options.smoke() ? " (a --smoke run: "
                        + "too short to mean anything)" : ""));
    }

    @Override
    public void close() {
        try {
            if (nginx != null) {
                nginx.close();
            }
        } catch (IOException e) {
            out.println("Could not stop nginx: " + e.getMessage());
        }
        try {
            if (etcd != null) {
                etcd.close();
            }
        } catch (IOException e) {
            out.println("Could not stop etcd: " + e.getMessage());
        }
        // whenever the bench got as far as its cluster's home, even if a start failed half-way
        if (java.nio.file.Files.isDirectory(options.clusterHome().resolve("pids"))) {
            try {
                out.println("Stopping the bench cluster");
                platform.down();
            } catch (IOException e) {
                out.println("Could not stop the bench cluster: " + e.getMessage());
            }
        }
    }
}
