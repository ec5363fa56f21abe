package dev.distlab.common.unsafe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;

import io.micrometer.core.instrument.MeterRegistry;

/** What an operator reads: /actuator/info and the switches' gauge. */
final class UnsafeView {

    private UnsafeView() {
    }

    static String info(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/info")).build(), BodyHandlers.ofString()).body();
    }

    static double gauge(MeterRegistry registry, String name) {
        return registry.get("platform.unsafe.switches").tag("name", name).gauge().value();
    }
}
