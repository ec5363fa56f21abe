package dev.distlab.verify.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import org.junit.jupiter.api.Test;

import dev.distlab.verify.cli.UsageException;

class PlatformTest {

    @Test
    void shouldTellTheRunsThatLoadThePlatformFromNginxAndEtcd() throws UsageException {
        Platform platform = new Platform(new BenchOptionsParser().parse("bank", "--repo", "/r"),
                new PrintStream(new ByteArrayOutputStream()));

        assertThat(platform.serves(run("http://127.0.0.1:18080"))).as("the gateway").isTrue();
        assertThat(platform.serves(run("http://127.0.0.1:18083/api/store"))).as("participant-3").isTrue();
        assertThat(platform.serves(run("http://127.0.0.1:18084"))).as("no fourth participant").isFalse();
        assertThat(platform.serves(run("http://127.0.0.1:18070/api/node"))).as("nginx").isFalse();
        assertThat(platform.serves(run("http://127.0.0.1:18371"))).as("etcd").isFalse();
    }

    private static WrkRun run(String url) {
        return new WrkRun(2, 32, 10, null, url);
    }
}
