package dev.distlab.verify.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.distlab.verify.cluster.Exec;

/**
 * The tools a bench measures with or against (wrk, nginx, etcd, etcdctl): found on the PATH or in the sbin
 * directories (Debian puts nginx in /usr/sbin, which a user's PATH may lack), installed with apt-get when missing
 * and running as root, else a clear stop with the command to run.
 */
final class Peers {

    /** A command and the Debian package that provides it. */
    record Peer(String command, String debianPackage) {
    }

    static final Peer WRK = new Peer("wrk", "wrk");
    static final Peer NGINX = new Peer("nginx", "nginx");
    static final Peer ETCD = new Peer("etcd", "etcd-server");
    static final Peer ETCDCTL = new Peer("etcdctl", "etcd-client");

    /** Thrown when a peer is missing and cannot be installed here; the message says what to run. */
    static final class MissingPeers extends Exception {

        MissingPeers(String message) {
            super(message);
        }
    }

    private Peers() {
    }

    /** The peers the chosen bench needs. */
    static List<Peer> neededBy(BenchOptions options) {
        Set<Peer> needed = new LinkedHashSet<>();
        if (!options.bench().equals("footprint")) {
            needed.add(WRK);
        }
        if (options.runs("store") || options.runs("scale")) {
            needed.add(ETCD);
            needed.add(ETCDCTL);
        }
        if (options.runs("gateway") || options.runs("scale")) {
            needed.add(NGINX);
        }
        return List.copyOf(needed);
    }

    static Optional<Path> locate(String command) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, command)).filter(Files::isExecutable)
                .findFirst();
    }

    /** Makes sure every peer is there, installing what is missing if it may; returns the path of each command. */
    static Map<String, Path> ensure(List<Peer> peers, PrintStream out) throws MissingPeers, IOException {
        List<Peer> missing = peers.stream().filter(p -> locate(p.command()).isEmpty()).toList();
        if (!missing.isEmpty()) {
            List<String> packages = missing.stream().map(Peer::debianPackage).distinct().toList();
            String install = "apt-get install -y " + String.join(" ", packages);
            String names = String.join(", ", missing.stream().map(Peer::command).toList());
            if (!isRoot()) {
                throw new MissingPeers("missing " + names + "; install with: sudo " + install);
            }
            out.println("Installing " + names + ": " + install);
            install(packages, out);
            if (missing.contains(NGINX)) {
                stopSystemNginx(out);
            }
            List<Peer> still = missing.stream().filter(p -> locate(p.command()).isEmpty()).toList();
            if (!still.isEmpty()) {
                throw new MissingPeers("still missing after " + install + ": "
                        + String.join(", ", still.stream().map(Peer::command).toList()));
            }
        }
        Map<String, Path> paths = new java.util.LinkedHashMap<>();
        peers.forEach(p -> paths.put(p.command(), locate(p.command()).orElseThrow()));
        return paths;
    }

    private static void install(List<String> packages, PrintStream out) throws IOException, MissingPeers {
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q"));
        install.addAll(packages);
        Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
        if (Exec.run(install, env, null, 600, line -> { }).ok()) {
            return;
        }
        out.println("apt-get install failed; running apt-get update first");
        Exec.run(List.of("apt-get", "update", "-q"), env, null, 600, line -> { });
        Exec.Result again = Exec.run(install, env, null, 600, line -> { });
        if (!again.ok()) {
            throw new MissingPeers(String.join(" ", install) + " failed: " + tail(again.output()));
        }
    }

    /**
     * Debian's nginx package starts a system nginx on port 80 as it installs, where it can. The bench runs its
     * own nginx on its own port, so the one the install started (there was no nginx before) is stopped again.
     */
    private static void stopSystemNginx(PrintStream out) throws IOException {
        if (Files.exists(Path.of("/run/nginx.pid"))) {
            Exec.run(List.of(locate("nginx").map(Path::toString).orElse("nginx"), "-s", "quit"), Map.of(), null, 30,
                    line -> { });
            out.println("Stopped the system nginx that the package started on install");
        }
    }

    private static boolean isRoot() throws IOException {
        return Exec.check(List.of("id", "-u"), 10).strip().equals("0");
    }

    private static String tail(String output) {
        String[] lines = output.strip().split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 5), lines.length));
    }
}
