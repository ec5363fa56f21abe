package dev.distlab.verify.nemesis;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.distlab.verify.cluster.Http;
import dev.distlab.verify.cluster.Instance;

/** Each instance's {@code /actuator/faults} (token required): adds faults that expire by themselves, clears them. */
public final class FaultEndpoints {

    /** Faults outlive their window by this much, so they expire on their own if the runner dies mid-window. */
    static final long EXPIRY_SLACK_MS = 5_000;

    private final Http http;
    private final String token;

    public FaultEndpoints(Http http, String token) {
        this.http = http;
        this.token = token;
    }

    public void add(Instance instance, Map<String, Object> fault) throws IOException {
        Http.Response response = http.send("POST", instance.url() + "/actuator/faults", Http.json(fault),
                Http.bearer(token));
        if (response.status() != 201) {
            throw new IOException(instance.id() + " refused fault " + fault + ": HTTP " + response.status() + " "
                    + response.body());
        }
    }

    public void clear(Instance instance) throws IOException {
        Http.Response response = http.send("DELETE", instance.url() + "/actuator/faults", null, Http.bearer(token));
        if (response.status() != 200) {
            throw new IOException(instance.id() + " did not clear its faults: HTTP " + response.status());
        }
    }

    static Map<String, Object> fault(String kind, String direction, String target, long durationMs) {
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("kind", kind);
        if (direction != null) {
            fault.put("direction", direction);
        }
        if (target != null) {
            fault.put("target", target);
        }
        fault.put("durationMs", durationMs + EXPIRY_SLACK_MS);
        return fault;
    }
}
