package dev.distlab.gateway.control;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.distlab.common.PlatformProperties;
import dev.distlab.common.problem.ProblemException;

/**
 * {@code /api/gateway/instances/{id}/faults} (token): the fault injection endpoint of any instance the gateway
 * balances, relayed to its {@code /actuator/faults} so that the dashboard, served by the gateway, can inject and
 * clear faults everywhere without calling instances itself. The relay ignores the gateway's own outgoing faults: a
 * fault must never stop anyone from clearing faults. The instance's answer (status and body) is passed on as is.
 */
@RestController
@RequestMapping("/api/gateway/instances/{id}/faults")
class FaultRelayController {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final KnownInstances instances;
    private final String token;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();

    FaultRelayController(KnownInstances instances, PlatformProperties platform) {
        this.instances = instances;
        this.token = platform.getClusterToken();
    }

    @GetMapping
    ResponseEntity<String> list(@PathVariable String id) {
        return relay(id, "", HttpRequest.BodyPublishers.noBody(), "GET");
    }

    @PostMapping
    ResponseEntity<String> add(@PathVariable String id, @RequestBody(required = false) String body) {
        return relay(id, "", HttpRequest.BodyPublishers.ofString(body == null ? "" : body), "POST");
    }

    @DeleteMapping
    ResponseEntity<String> clear(@PathVariable String id) {
        return relay(id, "", HttpRequest.BodyPublishers.noBody(), "DELETE");
    }

    @DeleteMapping("/{faultId}")
    ResponseEntity<String> clearOne(@PathVariable String id, @PathVariable String faultId) {
        if (!faultId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw ProblemException.invalid("faultId", "must be a fault id as listed");
        }
        return relay(id, "/" + faultId, HttpRequest.BodyPublishers.noBody(), "DELETE");
    }

    private ResponseEntity<String> relay(String id, String suffix, HttpRequest.BodyPublisher body, String method) {
        URI base = instances.uriOf(id);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "")
                        + "/actuator/faults" + suffix))
                .timeout(TIMEOUT).header("Authorization", "Bearer " + token)
                .header("Content-Type", MediaType.APPLICATION_JSON_VALUE).method(method, body).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ProblemException(HttpStatus.BAD_GATEWAY, "Instance '" + id + "' did not answer ("
                    + e.getClass().getSimpleName() + "): its faults cannot be read or changed now");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "Interrupted");
        }
        return ResponseEntity.status(response.statusCode())
                .contentType(MediaType.parseMediaType(response.headers().firstValue("Content-Type")
                        .orElse(MediaType.APPLICATION_JSON_VALUE)))
                .body(response.body());
    }
}
