package dev.distlab.common.fault;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;


/**
 * {@code /actuator/crashpoints} (token required, as every actuator endpoint but health, info and
 * prometheus): {@code GET} lists armed points, {@code POST /actuator/crashpoints/{name}} with
 * {@code {"hits": n}} (default 1) arms one, {@code DELETE /actuator/crashpoints/{name}} disarms it.
 */
@Endpoint(id = "crashpoints")
public class CrashPointsEndpoint {

    private final CrashPoints crashPoints;

    public CrashPointsEndpoint(CrashPoints crashPoints) {
        this.crashPoints = crashPoints;
    }

    @ReadOperation
    public Map<String, Object> armed() {
        return Map.of("armed", crashPoints.armed());
    }

    @WriteOperation
    public Map<String, Object> arm(@Selector String name, @Nullable Integer hits) {
        try {
            crashPoints.arm(name, hits == null ? 1 : hits);
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
        }
        return Map.of("armed", crashPoints.armed());
    }

    @DeleteOperation
    public Map<String, Object> disarm(@Selector String name) {
        crashPoints.disarm(name);
        return Map.of("armed", crashPoints.armed());
    }
}
