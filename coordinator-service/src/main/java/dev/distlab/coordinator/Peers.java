package dev.distlab.coordinator;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import dev.distlab.common.PlatformProperties;
import dev.distlab.common.http.ServiceCalls;
import dev.distlab.common.fault.OutgoingFaults;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Questions to the other coordinators ({@code platform.peers}) on their token-protected internal endpoints. */
@Component
public class Peers {

    private static final Logger log = LoggerFactory.getLogger(Peers.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PlatformProperties platform;
    private final Duration timeout;
    private final RestClient http;

    /** {@code restClients}: Spring's builder, so that a question is a span of the trace that asks it. */
    Peers(PlatformProperties platform, BankProperties bank, OutgoingFaults faults, RestClient.Builder restClients) {
        this.platform = platform;
        this.timeout = bank.peerTimeout();
        this.http = new ServiceCalls(restClients, faults, timeout).within(timeout);
    }

    /**
     * What asking the peers for a transaction gave: its view from the peer that knows it, else empty, with the
     * peers that could not be asked (no answer, or an answer other than 200 or 404).
     */
    public record Lookup(Optional<JsonNode> found, List<String> unreachable) {
    }

    /** A transaction from the history of whichever peer knows it ({@code GET /internal/bank/transactions/{id}}). */
    public Lookup transaction(String txId) {
        List<String> unreachable = new ArrayList<>();
        for (String peer : platform.getPeers()) {
            Answer answer = get(peer, "/internal/bank/transactions/{txId}", txId);
            if (answer.body() != null) {
                return new Lookup(Optional.of(answer.body()), List.of());
            }
            if (answer.status() != 404) {
                unreachable.add(peer);
            }
        }
        return new Lookup(Optional.empty(), List.copyOf(unreachable));
    }

    /**
     * The decision a coordinator gives for one of its local-mode transactions
     * ({@code GET /internal/bank/decisions/{id}}): COMMIT or ABORT; empty while PENDING or unreachable.
     */
    public Optional<String> decision(String coordinatorUrl, String txId) {
        return Optional.ofNullable(get(coordinatorUrl, "/internal/bank/decisions/{txId}", txId).body())
                .map(body -> body.path("outcome").asString(""))
                .filter(o -> o.equals("COMMIT") || o.equals("ABORT"));
    }

    /** A peer's answer: its status (0 if none came) and, for 200, its body. */
    private record Answer(int status, JsonNode body) {
    }

    /** {@code template} names the endpoint in metrics and spans; its one variable is {@code txId}, sent as it is. */
    private Answer get(String base, String template, String txId) {
        String url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + template.replace("{txId}", txId);
        try {
            URI uri = URI.create(url);
            return http.get().uri(template, ignored -> uri)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + platform.getClusterToken())
                    .accept(MediaType.APPLICATION_JSON).exchange((request, response) -> {
                        int status = response.getStatusCode().value();
                        if (status == 200) {
                            return new Answer(200, JSON.readTree(response.getBody().readAllBytes()));
                        }
                        if (status != 404) {
                            log.debug("GET {} answered {}", url, status);
                        }
                        return new Answer(status, null);
                    });
        } catch (RestClientException | IllegalArgumentException | JacksonException e) {
            log.debug("GET {} failed: {}", url, e.toString());
        }
        return new Answer(0, null);
    }
}
