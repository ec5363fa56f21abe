package dev.distlab.verify.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.distlab.verify.cluster.Exec;
import dev.distlab.verify.cluster.Http;
import tools.jackson.databind.JsonNode;

/**
 * etcd as the config store's peer: three members on loopback, fsync on (etcd's default), fresh data each time,
 * reached through its HTTP/JSON gateway. They are this JVM's children and stop with {@link #close()}.
 */
final class Etcd implements AutoCloseable {

    static final int MEMBERS = 3;

    private final Path etcd;
    private final Path etcdctl;
    private final Path dir;
    private final BenchOptions.Ports ports;
    private final List<Process> members = new ArrayList<>();

    Etcd(Path etcd, Path etcdctl, Path dir, BenchOptions.Ports ports) {
        this.etcd = etcd;
        this.etcdctl = etcdctl;
        this.dir = dir;
        this.ports = ports;
    }

    String summary() {
        return "etcd: " + MEMBERS + " members, fsync on (the default), client ports " + ports.etcdClient(1) + "–"
                + ports.etcdClient(MEMBERS) + ", peer ports " + ports.etcdPeer(1) + "–" + ports.etcdPeer(MEMBERS)
                + ", through its HTTP/JSON gateway (/v3/kv/put, /v3/kv/range: linearizable by default)";
    }

    void start() throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
        String cluster = IntStream.rangeClosed(1, MEMBERS)
                .mapToObj(i -> "e" + i + "=http://127.0.0.1:" + ports.etcdPeer(i)).collect(Collectors.joining(","));
        for (int i = 1; i <= MEMBERS; i++) {
            String client = "http://127.0.0.1:" + ports.etcdClient(i);
            String peer = "http://127.0.0.1:" + ports.etcdPeer(i);
            members.add(new ProcessBuilder(etcd.toString(), "--name", "e" + i, "--data-dir",
                    dir.resolve("e" + i).toString(), "--listen-client-urls", client, "--advertise-client-urls", client,
                    "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", cluster,
                    "--initial-cluster-state", "new", "--log-level", "error")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("e" + i + ".log").toFile()).start());
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!healthy()) {
            if (System.nanoTime() > deadline || members.stream().anyMatch(p -> !p.isAlive())) {
                throw new IOException("etcd did not become healthy (logs in " + dir + ")");
            }
            Platform.sleep(200);
        }
    }

    /** The leader's client URL. */
    String leaderUrl() throws IOException {
        String json = ctl("endpoint", "status", "-w", "json");
        for (JsonNode member : Http.JSON.readTree(json)) {
            JsonNode status = member.path("Status");
            // member ids are unsigned 64-bit numbers: compared as written, not as longs
            if (status.path("header").path("member_id").toString().equals(status.path("leader").toString())) {
                return member.path("Endpoint").asString();
            }
        }
        throw new IOException("etcd has no leader: " + json);
    }

    private boolean healthy() {
        try {
            ctl("endpoint", "health");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String ctl(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(etcdctl.toString(), "--endpoints=" + IntStream
                .rangeClosed(1, MEMBERS).mapToObj(i -> "http://127.0.0.1:" + ports.etcdClient(i))
                .collect(Collectors.joining(","))));
        command.addAll(List.of(args));
        Exec.Result result = Exec.run(command, Map.of("ETCDCTL_API", "3"), null, 20, line -> { });
        if (!result.ok()) {
            throw new IOException(String.join(" ", command) + ": " + result.output().strip());
        }
        return result.output();
    }

    @Override
    /**
     * SIGKILL, not SIGTERM: the data is deleted right after, and a member asked to stop first hands its leadership
     * to members that are stopping too, which took 7 s of every bench run.
     */
    public void close() throws IOException {
        members.forEach(Process::destroyForcibly);
        for (Process member : members) {
            try {
                member.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        members.clear();
        deleteTree(dir);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
