package dev.distlab.verify.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.distlab.verify.cluster.Exec;

/**
 * nginx as the gateway's peer: {@code worker_processes auto}, round robin over the same participants, HTTP/1.1
 * with keep-alive to them (as the gateway keeps its connections), no access log. Its files live in its own
 * directory under the bench cluster's home.
 */
final class Nginx implements AutoCloseable {

    private final Path binary;
    private final Path dir;
    private final int port;
    private boolean running;

    Nginx(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    static String config(Path dir, int port, List<String> upstreams) {
        String servers = upstreams.stream().map(u -> "server " + u + ";").collect(Collectors.joining(" "));
        return """
                worker_processes auto;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                http {
                  access_log off;
                  upstream participants { %2$s keepalive 256; }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / { proxy_pass http://participants; proxy_http_version 1.1; proxy_set_header Connection ""; }
                  }
                }
                """.formatted(dir, servers, port);
    }

    /** What the docs say about this nginx. */
    static String summary(List<String> upstreams) {
        return "nginx: worker_processes auto, upstream " + String.join(", ", upstreams)
                + " (round robin), keepalive 256, proxy_http_version 1.1, access_log off";
    }

    void start(List<String> upstreams) throws IOException {
        stopLeftover();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("nginx.conf"), config(dir, port, upstreams));
        Exec.Result result = Exec.run(List.of(binary.toString(), "-c", dir.resolve("nginx.conf").toString(), "-p",
                dir.toString()), Map.of(), dir, 30, line -> { });
        if (!result.ok()) {
            throw new IOException("nginx did not start: " + result.output().strip());
        }
        running = true;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** A bench that died half-way may have left its nginx running on the port: stop it first. */
    private void stopLeftover() throws IOException {
        if (Files.exists(dir.resolve("nginx.pid"))) {
            running = true;
            close();
        }
    }

    @Override
    public void close() throws IOException {
        if (!running) {
            return;
        }
        running = false;
        Path pidFile = dir.resolve("nginx.pid");
        Long pid = Files.exists(pidFile) ? Long.valueOf(Files.readString(pidFile).strip()) : null;
        Exec.run(List.of(binary.toString(), "-c", dir.resolve("nginx.conf").toString(), "-p", dir.toString(), "-s",
                "quit"), Map.of(), dir, 30, line -> { });
        if (pid != null) {
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                    .exceptionally(e -> {
                        p.destroyForcibly();
                        return p;
                    }).join());
        }
    }
}
