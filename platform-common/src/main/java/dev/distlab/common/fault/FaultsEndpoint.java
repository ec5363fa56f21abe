package dev.distlab.common.fault;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.http.HttpStatus;
import org.springframework.lang.Nullable;

import dev.distlab.common.problem.ProblemException;

/**
 * {@code /actuator/faults} (cluster token required, as every actuator endpoint but health, info and prometheus):
 * {@code POST} adds a fault (201 with it, 400 problem+json for bad input), {@code GET} lists those in force and
 * the clock offset, {@code DELETE} clears them all, {@code DELETE /actuator/faults/{id}} one (404 if unknown).
 */
@Endpoint(id = "faults")
public class FaultsEndpoint {

    private final FaultRegistry registry;

    public FaultsEndpoint(FaultRegistry registry) {
        this.registry = registry;
    }

    @ReadOperation
    public Map<String, Object> list() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("faults", registry.active().stream().map(Fault::toJson).toList());
        body.put("clockOffsetMs", registry.clockOffsetMillis());
        return body;
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> add(@Nullable String kind, @Nullable String direction,
            @Nullable String target, @Nullable String path, @Nullable Double probability, @Nullable Long delayMs,
            @Nullable Long offsetMs, @Nullable Long durationMs) {
        FaultSpec spec = FaultSpec.of(kind, direction, target, path, probability, delayMs, offsetMs, durationMs);
        return new WebEndpointResponse<>(registry.add(spec).toJson(), 201);
    }

    @DeleteOperation
    public Map<String, Object> clearAll() {
        return Map.of("cleared", registry.clearAll());
    }

    @DeleteOperation
    public Map<String, Object> clear(@Selector String id) {
        if (!registry.clear(id)) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "No active fault " + id
                    + " (it may have expired or been cleared); GET /actuator/faults lists those in force");
        }
        return Map.of("cleared", 1);
    }
}
