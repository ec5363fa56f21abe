package dev.distlab.coordinator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import dev.distlab.common.PlatformProperties;
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
    private final HttpClient http;

    Peers(PlatformProperties platform, BankProperties bank) {
        this.platform = platform;
        this.timeout = bank.peerTimeout();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** A transaction from the history of whichever peer knows it ({@code GET /internal/bank/transactions/{id}}). */
    public Optional<JsonNode> transaction(String txId) {
        for (String peer : platform.getPeers()) {
            Optional<JsonNode> found = get(peer, "/internal/bank/transactions/" + txId);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * The decision a coordinator gives for one of its local-mode transactions
     * ({@code GET /internal/bank/decisions/{id}}): COMMIT or ABORT; empty while PENDING or unreachable.
     */
    public Optional<String> decision(String coordinatorUrl, String txId) {
        return get(coordinatorUrl, "/internal/bank/decisions/" + txId)
                .map(body -> body.path("outcome").asString(""))
                .filter(o -> o.equals("COMMIT") || o.equals("ABORT"));
    }

    private Optional<JsonNode> get(String base, String path) {
        String url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + platform.getClusterToken())
                    .header(HttpHeaders.ACCEPT, "application/json").GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return Optional.of(JSON.readTree(response.body()));
            }
            if (response.statusCode() != 404) {
                log.debug("GET {} answered {}", url, response.statusCode());
            }
        } catch (IOException | IllegalArgumentException | JacksonException e) {
            log.debug("GET {} failed: {}", url, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }
}
