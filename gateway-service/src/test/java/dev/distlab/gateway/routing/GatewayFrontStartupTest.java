package dev.distlab.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import dev.distlab.gateway.GatewayApplication;
import dev.distlab.gateway.support.TestUpstreams;

/**
 * A gateway that cannot listen on its port must not linger: its startup fails and nothing it started keeps the
 * JVM alive. (It once did: the front's event-loop threads were started before the bind failed and were never
 * stopped, so the process stayed up, not listening and never ready, until someone killed it.)
 */
class GatewayFrontStartupTest {

    @Test
    void shouldStopItsEventLoopsWhenItsPortIsTaken() throws IOException {
        Set<Thread> before = frontThreads(); // other tests' gateways may be running in this JVM
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            SpringApplicationBuilder gateway = new SpringApplicationBuilder(GatewayApplication.class);
            String[] args = { "--server.address=127.0.0.1", "--server.port=" + taken.getLocalPort(),
                    "--gateway.services.participant-service=" + TestUpstreams.serviceList(TestUpstreams.PARTICIPANTS),
                    "--gateway.services.coordinator-service=" + TestUpstreams.serviceList(TestUpstreams.COORDINATORS),
                    "--platform.cluster-token=test-cluster-token", "--gateway.balancer.store.enabled=false",
                    "--gateway.health.probe-interval=1h" };

            assertThatThrownBy(() -> gateway.run(args)).hasStackTraceContaining("Address already in use");
        }
        assertThat(frontThreads()).isSubsetOf(before);
    }

    private static Set<Thread> frontThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("gateway-front")).collect(Collectors.toSet());
    }
}
