package dev.distlab.verify.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;

/** What the tests' stand-ins for the gateway and the services answer with: JSON from a named instance. */
public final class StandIn {

    private StandIn() {
    }

    public static void answer(HttpExchange exchange, int status, String body, String instance) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Instance-Id", instance);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
