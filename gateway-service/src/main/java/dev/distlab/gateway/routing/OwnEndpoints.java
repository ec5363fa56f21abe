package dev.distlab.gateway.routing;

import java.util.function.IntSupplier;

import org.springframework.http.HttpStatus;

import dev.distlab.common.problem.ProblemException;

/**
 * The gateway's own endpoints ({@code /api/gateway/**}, the actuator, Swagger UI, and every unrouted path, which
 * they answer 404) are served by Spring MVC on Tomcat, on a loopback port behind the front: the front passes such
 * requests through as they came and relays the answers, with no timeout (a stream the gateway serves may last).
 */
final class OwnEndpoints {

    private static final String LOOPBACK = "127.0.0.1";

    private final UpstreamConnections connections;
    private final IntSupplier port;

    /** @param port Tomcat's port, known once it has started */
    OwnEndpoints(UpstreamConnections connections, IntSupplier port) {
        this.connections = connections;
        this.port = port;
    }

    void forward(ProxyRequest request, ClientSink client) {
        new UpstreamExchange(connections, client, ProxyHeaders.toOwnEndpoints(request), request.isHead(), LOOPBACK,
                port.getAsInt(), null, outcome -> {
                    switch (outcome.result()) {
                        case NOT_ANSWERED, BROKE_BEFORE_BODY -> client.problem(new ProblemException(
                                HttpStatus.BAD_GATEWAY, "The gateway's own endpoints did not answer: "
                                        + UpstreamFailure.describe(outcome.error())));
                        default -> {
                        }
                    }
                }).start();
    }
}
