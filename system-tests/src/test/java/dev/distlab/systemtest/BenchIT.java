package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code ./cluster bench all --smoke} as a user runs it, on a cluster, nginx and etcd of its own (state under
 * target/; ports 27070.. below Linux's ephemeral range, where an outgoing connection could hold one): every bench
 * produces its table with figures, the bank check is clean, the scale plots are written. Nothing about speed is
 * asserted: a smoke run is a few hundred requests, so its cluster runs the C1-only profile, which starts its five
 * JVMs in about half the time (18.4 against 36.8 s in `./cluster bench footprint` on 2026-12-07; it starts two
 * clusters). Skipped, with the reason, where wrk, nginx or etcd are missing and cannot be installed.
 */
class BenchIT {

    private static final Path REPO = Path.of(System.getProperty("distlab.repo", "..")).toAbsolutePath().normalize();
    private static final Path OUT = REPO.resolve("system-tests/target/bench-smoke");

    @Test
    void shouldRunEveryBenchInSmokeModeAndWriteItsSections() throws Exception {
        Path docs = OUT.resolve("BENCHMARKS.md");
        Files.createDirectories(OUT);
        Files.writeString(docs, "# Benchmarks\n\nHand-written text the bench must keep.\n");
        List<String> command = new ArrayList<>(List.of(REPO.resolve("cluster").toString(), "bench", "all", "--smoke",
                "--out", docs.toString(), "--cluster-home", OUT.resolve("cluster").toString(), "--gateway-port",
                "27080", "--participant-base-port", "27080", "--coordinator-base-port", "27090", "--nginx-port",
                "27070", "--etcd-base-port", "27370", "--jvm", "startup"));
        Process process = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] bytes = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        String output = new String(bytes, StandardCharsets.UTF_8);
        System.out.println("$ " + String.join(" ", command) + "\n" + output);
        Assumptions.assumeFalse(process.exitValue() == 2 && output.contains("bench: missing"),
                () -> "the bench's peers are not here: " + output.lines().filter(l -> l.startsWith("bench:"))
                        .findFirst().orElse(""));

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("round 1/1: gateway", "warm-up: etcd writes", "bank check: clean");
        String written = Files.readString(docs);
        assertThat(written).startsWith("# Benchmarks\n\nHand-written text the bench must keep.\n");
        for (String bench : List.of("store", "gateway", "bank", "scale", "footprint")) {
            assertThat(written).contains("<!-- bench:" + bench + " -->", "<!-- /bench:" + bench + " -->");
        }
        // figures, not dashes: a table row with a rate and latencies in ms
        assertThat(written).containsPattern("\\| config store \\| [\\d,]+ \\| [\\d.]+ ms / [\\d.]+ ms \\|")
                .containsPattern("\\| gateway \\| [\\d,]+ \\| [\\d.]+ ms \\| [\\d.]+ ms \\| [+-][\\d.]+ ms \\|")
                .containsPattern("\\| transfers, two participants \\| [\\d,]+ \\| [\\d,]+ \\|")
                .containsPattern("\\| right after start \\| [\\d.]+ s \\|")
                .contains("bank check: clean", "wrk -t2 -c32 -d1s",
                        "JVM options of every service (`CLUSTER_JVM=startup`)");
        for (String svg : List.of("scale-store-vs-etcd", "scale-gateway-vs-nginx", "scale-store-replicas")) {
            Path file = OUT.resolve("bench").resolve(svg + ".svg");
            assertThat(written).contains("](bench/" + svg + ".svg)");
            assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(Files.readAllBytes(file))).getElementsByTagName("polyline")
                    .getLength()).as(svg).isEqualTo(4);
        }
        assertThat(stillListening(27080)).as("the bench stops its cluster").isFalse();
    }

    private static boolean stillListening(int port) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
