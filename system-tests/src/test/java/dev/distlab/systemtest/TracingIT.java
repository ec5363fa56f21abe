package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

/** One request can be followed by its W3C trace id through the gateway's and the participant's logs. */
class TracingIT extends ClusterTest {

    @Test
    void shouldCarryTheCallersTraceIdThroughGatewayToParticipant() throws Exception {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        String traceId = HexFormat.of().formatHex(bytes);
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(cluster.gatewayUrl() + "/api/node"))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").GET(), null);
        assertThat(response.statusCode()).isEqualTo(200);
        String participant = Http.instanceId(response);

        assertLogMentions(cluster.log("gateway"), traceId);
        assertLogMentions(cluster.log(participant), traceId);
    }

    private static void assertLogMentions(Path log, String traceId) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.readString(log).contains(traceId)) {
            assertThat(System.nanoTime()).as("%s never mentioned trace %s", log, traceId).isLessThan(deadline);
            Balancers.sleep(100);
        }
    }
}
